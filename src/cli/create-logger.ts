// Only the CLI creates a logger; the library takes whatever logger it is given. JSON
// lines come from json-logger.ts; pino and pino-pretty are loaded only for people
// (the pretty format, by default on a terminal): the primary lives long, and every
// module it loads stays. Both are synchronous, so supervisor lines and worker lines
// stay in order and nothing is lost when the process exits.
import type { Logger } from '../logger.js';
import { jsonLogger } from './json-logger.js';

export async function createLogger(level: string, format: 'json' | 'pretty'): Promise<Logger> {
  if (format === 'json') return jsonLogger(level);
  const [{ default: pino }, { default: pretty }] = await Promise.all([import('pino'), import('pino-pretty')]);
  // No base pid: worker records carry the worker's pid, and one key must mean one thing.
  return narrow(pino(
    { level, base: { name: 'clusterize' } },
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

// Typed down to our Logger: pino's type has an index signature that makes an async
// function think it could be a thenable.
const narrow = (logger: Logger): Logger => logger;
