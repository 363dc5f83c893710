// Only the CLI creates pino; the library takes whatever logger it is given. Both
// destinations are synchronous, so supervisor lines and worker lines stay in order
// and nothing is lost when the process exits.
import pino from 'pino';
import type { Logger } from '../logger.js';

export async function createLogger(level: string, format: 'json' | 'pretty'): Promise<Logger> {
  // No base pid: worker records carry the worker's pid, and one key must mean one thing.
  const options = { level, base: { name: 'clusterize' } };
  // Typed down to our Logger: pino's type has an index signature that makes an async
  // function think it could be a thenable.
  if (format === 'json') return narrow(pino(options, pino.destination({ fd: 1, sync: true })));
  // Loaded only for people: the primary lives long, and every module it loads stays.
  const { default: pretty } = await import('pino-pretty');
  return narrow(pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      ignore: 'hostname,name',
      translateTime: 'HH:MM:ss.l',
      messageFormat: '{msg}',
      hideObject: true,
    }),
  ));
}

const narrow = (logger: Logger): Logger => logger;
