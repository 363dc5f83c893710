// Parsers for option values. Each takes the option's key and the raw value (a
// string from the command line, or whatever a config file or supervise() passed)
// and either returns the typed value or throws InvalidOptionError naming both.
import { InvalidOptionError } from '../errors.js';
import { flagOf } from './names.js';

const label = (key: string) => `${key} (${flagOf(key)})`;

export function parseWholeNumber(key: string, value: unknown, min = 0): number {
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    throw new InvalidOptionError(label(key), value, `use a whole number >= ${min}`);
  }
  return n;
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds: a number, or a string like "500", "500ms", "5s", "2m". */
export function parseDuration(key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value);
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
    if (m) return Math.round(Number(m[1]) * durationUnits[(m[2] ?? 'ms').toLowerCase()]!);
  }
  throw new InvalidOptionError(label(key), value, 'use milliseconds, like 5000, or a duration like 5s');
}

const sizeUnits: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes: a number, or "300M", "1G", "512K" (binary units, as PM2 reads them). */
export function parseSize(key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
    if (m) return Math.round(Number(m[1]) * sizeUnits[m[2]!.toLowerCase()]!);
  }
  throw new InvalidOptionError(label(key), value, 'use a size in bytes or with a unit, like 300M or 1G');
}

export function parseSizeInRange(key: string, value: unknown, min: number, max: number): number {
  const n = parseSize(key, value);
  if (n < min || n > max) throw new InvalidOptionError(label(key), value, `use a size from ${min} bytes to ${max / 1024 / 1024}M`);
  return n;
}

/** 'max' = one per CPU; a negative n = max minus n, at least 1. */
export function parseInstances(key: string, value: unknown, cpus: number): number {
  if (value === 'max') return cpus;
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n !== 0) {
    return n > 0 ? n : Math.max(1, cpus + n);
  }
  throw new InvalidOptionError(
    label(key),
    value,
    `use a whole number of workers, 'max' (one per CPU, ${cpus} here), or a negative number for max minus that many`,
  );
}

export function parseBoolean(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new InvalidOptionError(label(key), value, 'use true or false');
}

export function parseString(key: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new InvalidOptionError(label(key), value, 'use a non-empty string');
}

/**
 * A secret for a header or a URL: visible ASCII, no spaces, long enough not to be
 * guessed. The message never repeats it.
 */
export function parseToken(key: string, value: unknown): string {
  if (typeof value === 'string' && /^[\x21-\x7e]{16,}$/.test(value)) return value;
  const shown = typeof value === 'string' ? `<${value.length} characters>` : typeof value;
  throw new InvalidOptionError(label(key), shown, 'use at least 16 visible ASCII characters without spaces, like the output of `openssl rand -hex 16`');
}

export function parseChoice<T extends string>(key: string, value: unknown, choices: readonly T[]): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new InvalidOptionError(label(key), value, `use one of ${choices.join(', ')}`);
}

/** A list given as an array, or as one string of space-separated words. */
export function parseStringList(key: string, value: unknown): string[] {
  if (typeof value === 'string') return splitWords(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.flatMap((v) => splitWords(v));
  throw new InvalidOptionError(label(key), value, 'use a string or a list of strings');
}

/** Splits "--max-old-space-size=512 --inspect" into words, keeping quoted parts together. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/** KEY=VALUE pairs (repeatable --env), or an object from a config file or supervise(). */
export function parseEnv(key: string, value: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  const list = typeof value === 'string' ? [value] : value;
  if (Array.isArray(list)) {
    for (const item of list) {
      const m = typeof item === 'string' ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(item) : null;
      if (!m) throw new InvalidOptionError(label(key), item, 'use KEY=VALUE, like --env NODE_ENV=production');
      env[m[1]!] = m[2]!;
    }
    return env;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) {
        throw new InvalidOptionError(`${label(key)}.${k}`, v, 'use a string value');
      }
      env[k] = String(v);
    }
    return env;
  }
  throw new InvalidOptionError(label(key), value, 'use KEY=VALUE pairs or an object of strings');
}

/** "[host:]port" for a listening address; the host defaults to loopback. */
export function parseHostPort(key: string, value: unknown): { host: string; port: number } {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string') {
    const m = /^(?:\[?([^\]]*?)\]?:)?(\d{1,5})$/.exec(text.trim());
    const port = m ? Number(m[2]) : NaN;
    if (m && port <= 65535) return { host: m[1] || '127.0.0.1', port };
  }
  throw new InvalidOptionError(label(key), value, 'use a port, or host:port, like 9100 or 0.0.0.0:9100');
}
