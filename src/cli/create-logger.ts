// Only the CLI creates pino; the library takes whatever logger it is given. Records go
// through the same writer as the workers' lines (src/output/): in order, never spliced
// into a worker line, bounded when stdout is slow, and never blocking the primary.
import pino from 'pino';
import type { Logger } from '../logger.js';
import { stdio } from '../output/stdio.js';

export async function createLogger(level: string, format: 'json' | 'pretty'): Promise<Logger> {
  // No base pid: worker records carry the worker's pid, and one key must mean one thing.
  const options = { level, base: { name: 'clusterize' } };
  let logger: Logger | null = null;
  const source = stdio().stdout.open((records) =>
    logger?.warn({ event: 'output.dropped', source: 'clusterize', lines: records }, `dropped ${records} log records: the output was not read fast enough`),
  );
  let format1 = (record: string) => record;
  if (format === 'pretty') {
    // Loaded only for people: the primary lives long, and every module it loads stays.
    const { prettyFactory } = await import('pino-pretty');
    const pretty = prettyFactory({
      colorize: process.stdout.isTTY === true,
      ignore: 'hostname,name',
      translateTime: 'HH:MM:ss.l',
      messageFormat: '{msg}',
      hideObject: true,
    });
    format1 = (record) => pretty(record);
  }
  // Typed down to our Logger: pino's type has an index signature that makes an async
  // function think it could be a thenable.
  logger = narrow(pino(options, { write: (record: string) => void source.write(format1(record)) }));
  return logger;
}

const narrow = (logger: Logger): Logger => logger;
