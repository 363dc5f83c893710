// A reload with new configuration: which options a running supervisor can take on at
// its next reload, and which need a restart. Pure.
//
// What can change is what is read when a worker is forked (its environment, flags,
// arguments, limits, timeouts) or by the crash policy each time it decides, plus the
// number of workers. The rest is fixed at start: where the supervisor listens (name,
// socket, metrics), how connections reach workers (balance), and policies that are
// set up once (heartbeat, memory limit, max-age, watch, output framing).
import type { ResolvedOptions } from './resolve.js';
import { optionSpecs, type OptionKey } from './schema.js';

export const reloadableKeys = [
  'env',
  'nodeArgs',
  'args',
  'instances',
  'killTimeout',
  'listenTimeout',
  'waitReady',
  'minUptime',
  'maxRestarts',
  'restartDelay',
  'maxRestartDelay',
  'maxRequests',
  'maxRequestsJitter',
] as const satisfies readonly OptionKey[];

type Compared = OptionKey | 'script';

/** Not options a user sets in a file: they come from the CLI itself, the same each time. */
const notCompared = new Set<string>(['handleSignals', 'prefixOutput']);

export interface ConfigChange {
  /** The new values to take on, for the keys in changed. */
  apply: Partial<ResolvedOptions>;
  /** Options whose new value the next workers get. */
  changed: Compared[];
  /** Options that differ but keep their old value until a restart. */
  needsRestart: Compared[];
}

export function planReconfigure(current: ResolvedOptions, next: ResolvedOptions): ConfigChange {
  const reloadable = new Set<string>(reloadableKeys);
  const out: ConfigChange = { apply: {}, changed: [], needsRestart: [] };
  const keys: Compared[] = [...(Object.keys(optionSpecs) as OptionKey[]).filter((k) => !notCompared.has(k)), 'script'];
  for (const key of keys) {
    if (same(current[key], next[key])) continue;
    if (reloadable.has(key)) {
      out.changed.push(key);
      (out.apply as Record<string, unknown>)[key] = next[key];
    } else {
      out.needsRestart.push(key);
    }
  }
  return out;
}

/** Deep equality for option values (plain data: strings, numbers, lists, string maps). */
function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}
