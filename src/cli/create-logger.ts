// Only the CLI creates pino; the library takes whatever logger it is given. Both
// destinations are synchronous, so supervisor lines and worker lines stay in order
// and nothing is lost when the process exits.
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Logger } from '../logger.js';

export function createLogger(level: string, format: 'json' | 'pretty'): Logger {
  // No base pid: worker records carry the worker's pid, and one key must mean one thing.
  const options = { level, base: { name: 'clusterize' } };
  if (format === 'json') return pino(options, pino.destination({ fd: 1, sync: true }));
  return pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      ignore: 'hostname,name',
      translateTime: 'HH:MM:ss.l',
      messageFormat: '{msg}',
      hideObject: true,
    }),
  );
}
