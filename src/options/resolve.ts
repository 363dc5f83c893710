// Turns what a user gave (CLI flags, a config file, supervise()'s argument) into one
// fully-typed, validated options object. Pure: no file system, no processes.
import path from 'node:path';
import { InvalidOptionError, UsageError } from '../errors.js';
import { cpuBudget, type CpuBudget } from './cpu-quota.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { flagOf } from './names.js';
import { optionSpecs, type BalanceMode, type OptionKey } from './schema.js';
import { parseString } from './values.js';

type Parsed = { [K in OptionKey]: ReturnType<(typeof optionSpecs)[K]['parse']> };

export interface ResolvedOptions extends Parsed {
  /** Absolute path of the script the workers run, or null when a worker function is given. */
  script: string | null;
  /** Runs in each worker instead of a script (single-entrypoint mode). */
  worker: (() => unknown) | null;
  logger: Logger;
  /** The CPUs -i max counted on, and the cgroup quota behind that number, if any. */
  cpu: CpuBudget;
}

type Duration = number | string;

/** What supervise() accepts: the same names as the CLI flags, in camelCase. */
export interface SuperviseOptions {
  /** The app to run in each worker. */
  script?: string;
  /** Single-entrypoint mode: runs in each worker instead of a script. */
  worker?: () => unknown;
  args?: string[];
  instances?: number | 'max' | string;
  name?: string;
  cwd?: string;
  nodeArgs?: string | string[];
  env?: Record<string, string> | string[];
  balance?: BalanceMode;
  /** With balance 'ip-hash' behind a proxy: hash on this header ('x-forwarded-for', 'x-session-id', 'cookie:<name>'). */
  stickyHeader?: string | null;
  /** Longest line of worker output: "64K", "1M" or bytes; longer lines are cut. */
  maxLineLength?: number | string;
  killTimeout?: Duration;
  /** On stop, /healthz answers 503 at once and the workers keep serving this long first. */
  drainDelay?: Duration;
  minUptime?: Duration;
  maxRestarts?: number;
  restartDelay?: Duration;
  maxRestartDelay?: Duration;
  maxRequests?: number;
  maxRequestsJitter?: number;
  maxAge?: Duration;
  maxAgeJitter?: Duration;
  reloadParallel?: number;
  waitReady?: boolean;
  listenTimeout?: Duration;
  /** Serve the dashboard, /metrics, /healthz and /status on "[host:]port". */
  metrics?: string | number | null;
  /** Wanted by every endpoint of the metrics server; at least 16 visible ASCII characters. */
  metricsToken?: string | null;
  /** /healthz is 200 only while at least this many workers are ready. */
  minReady?: number;
  metricsInterval?: Duration;
  /** "300M", "1G" or bytes. */
  maxMemoryRestart?: number | string;
  heartbeatTimeout?: Duration;
  /** true for the script's directory, or paths. */
  watch?: boolean | string | string[];
  ignoreWatch?: string | string[];
  watchExt?: string | string[];
  watchDelay?: Duration;
  /** Control socket path; false for none. */
  socket?: string | false;
  handleSignals?: boolean;
  prefixOutput?: boolean;
  logger?: Logger;
}

// Every option of the table can be given to supervise(): the compiler checks it.
type MissingFromApi = Exclude<OptionKey, keyof SuperviseOptions>;
const _everyOptionInApi: MissingFromApi extends never ? true : MissingFromApi = true;
void _everyOptionInApi;

export interface ResolveContext {
  /** What 'max' means: the CPUs this process may use. */
  cpus: number;
  cwd: string;
  /** Where cpus came from (a cgroup quota or the CPU count), for the start-up record. */
  cpu?: CpuBudget;
}

const extraKeys = new Set(['script', 'worker', 'logger']);

export function resolveOptions(given: SuperviseOptions, ctx: ResolveContext): ResolvedOptions {
  const input = given as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    // hasOwn, not `in`: 'constructor' or 'toString' are in every object.
    if (!Object.hasOwn(optionSpecs, key) && !extraKeys.has(key)) {
      throw new UsageError(`Unknown option '${key}'${didYouMean(key, '; see clusterize --help for the list.')}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(optionSpecs)) {
    const value = input[key];
    out[key] = value === undefined || value === null ? s.default : s.parse(key, value, ctx);
  }
  if (input.instances === undefined || input.instances === null) out.instances = ctx.cpus;

  const worker = input.worker ?? null;
  if (worker !== null && typeof worker !== 'function') {
    throw new InvalidOptionError('worker', typeof worker, 'use a function that starts the server in each worker');
  }
  let script: string | null = null;
  if (input.script !== undefined) script = parseString('script', input.script);
  if (script === null && worker === null) {
    throw new UsageError('No script given: run clusterize <script>, like clusterize app.js -i max.');
  }
  if (script !== null && worker !== null) {
    throw new UsageError('Give either script or worker to supervise(), not both.');
  }
  const cwd = path.resolve(ctx.cwd, (out.cwd as string) || '.');
  out.cwd = cwd;
  out.script = script === null ? null : path.resolve(cwd, script);
  out.worker = worker;
  if (!out.name) out.name = script === null ? 'app' : path.basename(script).replace(/\.[^.]*$/, '') || 'app';
  // The name ends up in a socket path, which the kernel caps at 107 bytes.
  if (!/^[\w.-]{1,64}$/.test(out.name as string)) {
    throw new InvalidOptionError('name (--name)', out.name, 'use 1 to 64 letters, digits, dots, dashes and underscores');
  }
  const logger = input.logger ?? silentLogger;
  if (typeof (logger as Logger).info !== 'function' || typeof (logger as Logger).child !== 'function') {
    throw new InvalidOptionError('logger', typeof logger, 'use a pino-compatible logger (info, warn, error, child, ...)');
  }
  out.logger = logger;
  if (out.stickyHeader !== null && out.balance !== 'ip-hash') {
    throw new UsageError(`stickyHeader (--sticky-header) picks the worker in ip-hash mode, and balance is '${String(out.balance)}': add --balance ip-hash.`);
  }
  if (out.metricsToken !== null && out.metrics === null) {
    throw new UsageError('metricsToken (--metrics-token) protects the metrics server, which is off: add metrics (--metrics [host:]port).');
  }
  out.cpu = ctx.cpu ?? cpuBudget(ctx.cpus, null);
  if ((out.maxRestartDelay as number) < (out.restartDelay as number)) {
    throw new InvalidOptionError(
      'maxRestartDelay (--max-restart-delay)',
      out.maxRestartDelay,
      `use a value no smaller than restartDelay (${out.restartDelay as number})`,
    );
  }
  return out as unknown as ResolvedOptions;
}

/** "; did you mean 'killTimeout' (--kill-timeout)?" for a near miss, else the fallback. */
export function didYouMean(key: string, fallback: string): string {
  const hint = closest(key);
  return hint ? `; did you mean '${hint}' (${flagOf(hint)})?` : fallback;
}

function closest(key: string): string | undefined {
  let best: string | undefined;
  let bestScore = 3;
  for (const candidate of [...Object.keys(optionSpecs), ...extraKeys]) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestScore) [best, bestScore] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
