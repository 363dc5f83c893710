// `--log-format json` without pino. The primary keeps every module it loads for the
// life of the cluster, and pino with its ~20 modules cost it about 1 MB and 20 ms of
// every start for what is one JSON.stringify per record (bench/RESULTS.md). The lines
// have pino's shape, so anything that reads pino's JSON reads these: level as a
// number, time in ms, name, the child's bindings, the fields, msg, and an Error under
// `err` as pino's standard serializer writes it.
import type { LogFn, Logger } from '../logger.js';

const levels = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10 } as const;
type Level = keyof typeof levels;

/** Takes one record, a line that ends with \n. */
type Write = (line: string) => void;

export function jsonLogger(level: string, write: Write): Logger {
  const threshold = level in levels ? levels[level as Level] : Infinity; // 'silent'
  const make = (prefix: string): Logger => {
    const fn = (name: Level): LogFn => {
      const value = levels[name];
      if (value < threshold) return () => {};
      return ((objOrMsg: object | string, msg?: string) => {
        const fields = typeof objOrMsg === 'string' ? '' : body(objOrMsg);
        const text = typeof objOrMsg === 'string' ? objOrMsg : msg;
        write(`{"level":${value},"time":${Date.now()}${prefix}${fields}${text === undefined ? '' : `,"msg":${JSON.stringify(text)}`}}\n`);
      }) as LogFn;
    };
    return {
      fatal: fn('fatal'),
      error: fn('error'),
      warn: fn('warn'),
      info: fn('info'),
      debug: fn('debug'),
      trace: fn('trace'),
      child: (bindings) => make(prefix + body(bindings)),
    };
  };
  return make(',"name":"clusterize"');
}

/** `,"a":1,"b":2` for an object's fields, or '' for none. */
function body(obj: object): string {
  let json: string;
  try {
    json = JSON.stringify(obj, serialize);
  } catch (err) {
    // A circular or otherwise unprintable field must not cost the record.
    json = JSON.stringify({ logError: `fields could not be written: ${(err as Error).message}` });
  }
  return json.length > 2 ? `,${json.slice(1, -1)}` : '';
}

function serialize(this: unknown, key: string, value: unknown): unknown {
  if (key === 'err' && value instanceof Error) {
    return { ...value, type: value.constructor?.name ?? value.name, message: value.message, stack: value.stack };
  }
  return value;
}
