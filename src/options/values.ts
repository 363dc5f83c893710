// Parsers for option values. Each takes the option's key and the raw value (a
// string from the command line, or whatever a config file or supervise() passed)
// and either returns the typed value or throws InvalidOptionError naming both.
import { InvalidOptionError } from '../errors.js';
import { parseStickySpec, type StickySpec } from '../balance/sticky-key.js';
import { flagOf } from './names.js';

const label = (key: string) => `${key} (${flagOf(key)})`;

// Every number has a ceiling, so that no value can wrap a timer, overflow a count or
// fork the machine to death. Documented in README's option table.
/** Longest duration: Node's timers wrap past 2^31-1 ms (24.8 days) and fire at once. */
export const MAX_DURATION_MS = 24 * 3_600_000;
/** Most workers: each is a whole Node.js process (~40 MB at least). */
export const MAX_INSTANCES = 1024;
/** Largest size: 1 TiB, far above any one worker's memory. */
export const MAX_SIZE_BYTES = 1024 ** 4;

export function parseWholeNumber(key: string, value: unknown, min = 0, max = 1_000_000): number {
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InvalidOptionError(label(key), value, `use a whole number from ${min} to ${max}`);
  }
  return n;
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds: a number, or a string like "500", "500ms", "5s", "2m", up to max. */
export function parseDuration(key: string, value: unknown, max = MAX_DURATION_MS): number {
  let ms = NaN;
  if (typeof value === 'number' && value >= 0) ms = Math.round(value);
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
    if (m) ms = Math.round(Number(m[1]) * durationUnits[(m[2] ?? 'ms').toLowerCase()]!);
  }
  if (Number.isFinite(ms) && ms <= max) return ms;
  throw new InvalidOptionError(label(key), value, `use a duration from 0 to ${showDuration(max)} (${max} ms), like 5000 or 5s`);
}

/** A period that 0 turns off: else at least min ms, so no timer fires in a busy loop. */
export function parsePeriod(key: string, value: unknown, min: number): number {
  const ms = parseDuration(key, value);
  if (ms !== 0 && ms < min) throw new InvalidOptionError(label(key), value, `use 0 (off) or a duration from ${min} ms to 24h`);
  return ms;
}

function showDuration(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const sizeUnits: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes: a number, or "300M", "1G", "512K" (binary units, as PM2 reads them), up to 1 TiB. */
export function parseSize(key: string, value: unknown): number {
  let bytes = NaN;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) bytes = value;
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
    if (m) bytes = Math.round(Number(m[1]) * sizeUnits[m[2]!.toLowerCase()]!);
  }
  if (bytes <= MAX_SIZE_BYTES) return bytes;
  throw new InvalidOptionError(label(key), value, 'use a size from 0 to 1024G, in bytes or with a unit, like 300M or 1G');
}

export function parseSizeInRange(key: string, value: unknown, min: number, max: number): number {
  const n = parseSize(key, value);
  if (n < min || n > max) throw new InvalidOptionError(label(key), value, `use a size from ${min} bytes to ${max / 1024 / 1024}M`);
  return n;
}

/** 'max' = one per CPU; a negative n = max minus n, at least 1; never more than MAX_INSTANCES. */
export function parseInstances(key: string, value: unknown, cpus: number): number {
  if (value === 'max') return Math.min(cpus, MAX_INSTANCES);
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n !== 0 && Math.abs(n) <= MAX_INSTANCES) {
    return n > 0 ? n : Math.max(1, Math.min(cpus, MAX_INSTANCES) + n);
  }
  throw instancesError(key, value, cpus);
}

/** The one message for a bad worker count, from -i, a config file, `scale` or a running supervisor. */
export function instancesError(key: string, value: unknown, cpus: number): InvalidOptionError {
  return new InvalidOptionError(
    label(key),
    value,
    `use a whole number of workers from 1 to ${MAX_INSTANCES}, 'max' (one per CPU, ${cpus} here), or -1 to -${MAX_INSTANCES} for max minus that many`,
  );
}

export function parseBoolean(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new InvalidOptionError(label(key), value, 'use true or false');
}

// A NUL byte cannot reach a path, an argument or the environment of a process: Node
// refuses it at fork time, so it is refused here, where the message can name the option.
const hasNul = (text: string) => text.includes('\0');

export function parseString(key: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '' && !hasNul(value)) return value;
  throw new InvalidOptionError(label(key), value, 'use a non-empty string without NUL bytes');
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

/** --sticky-header: a header name, or cookie:<name>; off when not given. */
export function parseStickyHeader(key: string, value: unknown): StickySpec | null {
  if (value === null || value === undefined || value === false) return null;
  const spec = typeof value === 'string' ? parseStickySpec(value) : null;
  if (!spec) throw new InvalidOptionError(label(key), value, 'use a header name like x-forwarded-for or x-session-id, or cookie:<name>');
  return spec;
}

/** A list given as an array, or as one string of space-separated words. */
export function parseStringList(key: string, value: unknown): string[] {
  if (typeof value === 'string' && !hasNul(value)) return splitWords(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && !hasNul(v))) return value.flatMap((v) => splitWords(v));
  throw new InvalidOptionError(label(key), value, 'use a string or a list of strings, without NUL bytes');
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
      const m = typeof item === 'string' && !hasNul(item) ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(item) : null;
      if (!m) throw new InvalidOptionError(label(key), item, 'use KEY=VALUE, like --env NODE_ENV=production');
      env[m[1]!] = m[2]!;
    }
    return env;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new InvalidOptionError(label(key), k, 'use variable names of letters, digits and _');
      if (!['string', 'number', 'boolean'].includes(typeof v) || hasNul(String(v))) {
        throw new InvalidOptionError(`${label(key)}.${k}`, v, 'use a string value without NUL bytes');
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
