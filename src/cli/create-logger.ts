// Only the CLI creates a logger; the library takes whatever logger it is given. Records
// go through the same writer as the workers' lines (src/output/): in order, never
// spliced into a worker line, bounded when stdout is slow, and never blocking the
// primary. JSON lines come from json-logger.ts; pino and pino-pretty are loaded only
// for people (the pretty format, by default on a terminal): the primary lives long,
// and every module it loads stays.
import type { Logger } from '../logger.js';
import { stdio } from '../output/stdio.js';
import { jsonLogger } from './json-logger.js';

export async function createLogger(level: string, format: 'json' | 'pretty'): Promise<Logger> {
  let logger: Logger | null = null;
  const source = stdio().stdout.open((records) =>
    logger?.warn({ event: 'output.dropped', source: 'clusterize', lines: records }, `dropped ${records} log records: the output was not read fast enough`),
  );
  if (format === 'json') {
    logger = jsonLogger(level, (record) => void source.write(record));
    return logger;
  }
  const [{ default: pino }, { prettyFactory }] = await Promise.all([import('pino'), import('pino-pretty')]);
  const pretty = prettyFactory({
    colorize: process.stdout.isTTY === true,
    ignore: 'hostname,name',
    translateTime: 'HH:MM:ss.l',
    messageFormat: '{msg}',
    hideObject: true,
  });
  // No base pid: worker records carry the worker's pid, and one key must mean one thing.
  // Typed down to our Logger: pino's type has an index signature that makes an async
  // function think it could be a thenable.
  logger = narrow(pino({ level, base: { name: 'clusterize' } }, { write: (record: string) => void source.write(pretty(record)) }));
  return logger;
}

const narrow = (logger: Logger): Logger => logger;
