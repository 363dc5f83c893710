// A pino-compatible logger that keeps what the library logs, for in-process tests.
import type { Logger } from '../../src/logger.js';

export interface Captured {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export function captureLogger(records: Captured[]): Logger {
  const at =
    (level: string) =>
    (a: object | string, b?: string): void =>
      void records.push(typeof a === 'string' ? { level, msg: a } : { level, ...a, msg: b ?? '' });
  const logger: Logger = {
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    child: () => logger,
  };
  return logger;
}
