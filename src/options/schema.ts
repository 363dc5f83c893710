// The one table of supervisor options. The CLI builds its flags from it, config
// files and supervise() are checked against it, so a value is parsed and validated
// the same way, with the same message, wherever it comes from.
import { DEFAULT_MAX_LINE_LENGTH } from '../output/line-framer.js';
import {
  parseBoolean,
  parseChoice,
  parseDuration,
  parseEnv,
  parseHostPort,
  parseInstances,
  parsePeriod,
  parseSize,
  parseSizeInRange,
  parseString,
  parseToken,
  parseStickyHeader,
  parseStringList,
  parseWholeNumber,
  MAX_INSTANCES,
} from './values.js';
import type { StickySpec } from '../balance/sticky-key.js';

export const balanceModes = ['rr', 'os', 'least-conn', 'ip-hash', 'auto'] as const;
export type BalanceMode = (typeof balanceModes)[number];

interface Ctx {
  cpus: number;
}

interface Spec<T> {
  /** How yargs should read the flag; 'none' for options only supervise() and config files take. */
  cli: 'string' | 'boolean' | 'array' | 'none';
  alias?: string;
  group: 'Workers' | 'Restarts' | 'Reload' | 'Metrics' | 'Watch' | 'Control';
  describe: string;
  default: T;
  parse: (key: string, value: unknown, ctx: Ctx) => T;
}

const spec = <T>(s: Spec<T>) => s;

/** Recycling limits: a billion requests, thirty days. */
const MAX_RECYCLE_REQUESTS = 1_000_000_000;
const MAX_RECYCLE_AGE_MS = 30 * 24 * 3_600_000;
const duration = (describe: string, group: Spec<number>['group'], dflt: number) =>
  spec<number>({ cli: 'string', group, describe: `${describe} (ms)`, default: dflt, parse: (k, v) => parseDuration(k, v) });

export const optionSpecs = {
  instances: spec<number>({
    cli: 'string',
    alias: 'i',
    group: 'Workers',
    describe: "Workers to run: a number, 'max' (one per CPU) or -n (max minus n)",
    default: 0, // replaced by 'max' in resolveOptions: it depends on the machine
    parse: (k, v, ctx) => parseInstances(k, v, ctx.cpus),
  }),
  name: spec<string>({ cli: 'string', group: 'Workers', describe: 'Name of this cluster (default: the script file name)', default: '', parse: parseString }),
  cwd: spec<string>({ cli: 'string', group: 'Workers', describe: 'Working directory of the workers', default: '', parse: parseString }),
  nodeArgs: spec<string[]>({ cli: 'string', group: 'Workers', describe: 'Node.js flags for the workers, like "--max-old-space-size=512"', default: [], parse: parseStringList }),
  env: spec<Record<string, string>>({ cli: 'array', group: 'Workers', describe: 'KEY=VALUE added to the workers\' environment (repeatable)', default: {}, parse: parseEnv }),
  args: spec<string[]>({ cli: 'none', group: 'Workers', describe: 'Arguments for the script (after -- on the command line)', default: [], parse: parseStringList }),
  balance: spec<BalanceMode>({
    cli: 'string',
    group: 'Workers',
    describe:
      "How connections reach workers: 'os' (workers accept from one shared socket; fastest, no load on the primary), " +
      "'rr' (the primary accepts and deals them out; evener for a few long keep-alive connections), " +
      "'least-conn' (the primary hands each to the worker with the fewest open connections), " +
      "'ip-hash' (the same client address always reaches the same worker: sticky sessions) or 'auto' (= os)",
    default: 'auto',
    parse: (k, v) => parseChoice(k, v, balanceModes),
  }),
  stickyHeader: spec<StickySpec | null>({
    cli: 'string',
    group: 'Workers',
    describe:
      "With --balance ip-hash behind a proxy: hash on this request header instead of the client address, like x-forwarded-for (its first address), x-session-id, or cookie:<name> (one cookie)",
    default: null,
    parse: parseStickyHeader,
  }),
  maxLineLength: spec<number>({
    cli: 'string',
    group: 'Workers',
    describe: 'Longest line of worker output, like 64K or 1M; a longer line is cut there and marked as cut',
    default: DEFAULT_MAX_LINE_LENGTH,
    parse: (k, v) => parseSizeInRange(k, v, 80, 64 * 1024 * 1024),
  }),
  killTimeout: duration('Time a stopping worker gets to finish its requests before SIGKILL', 'Restarts', 5000),
  // A load balancer checks /healthz every few seconds: for that long after a stop is
  // asked for, it keeps sending requests, so the workers must still take them.
  drainDelay: duration('On stop, /healthz answers 503 at once and the workers keep serving this long before they stop', 'Restarts', 0),
  minUptime: duration('A worker that exits sooner than this counts as a crash loop', 'Restarts', 1000),
  maxRestarts: spec<number>({ cli: 'string', group: 'Restarts', describe: 'Restarts in a row within min-uptime before a slot gives up', default: 16, parse: (k, v) => parseWholeNumber(k, v, 0, 10_000) }),
  restartDelay: duration('First backoff delay of a crash loop; it doubles on each crash', 'Restarts', 100),
  maxRestartDelay: duration('Longest backoff delay', 'Restarts', 15000),
  // Recycling (#16): a worker past its limit is replaced the rolling way, see src/supervisor/recycler.ts.
  maxRequests: spec<number>({ cli: 'string', group: 'Restarts', describe: 'Replace a worker after it served this many requests (rolling, one at a time); 0 turns it off', default: 0, parse: (k, v) => parseWholeNumber(k, v, 0, MAX_RECYCLE_REQUESTS) }),
  maxRequestsJitter: spec<number>({ cli: 'string', group: 'Restarts', describe: 'Adds 0..n to each worker\'s max-requests, so workers do not all recycle together', default: 0, parse: (k, v) => parseWholeNumber(k, v, 0, MAX_RECYCLE_REQUESTS) }),
  maxAge: spec<number>({ cli: 'string', group: 'Restarts', describe: 'Replace a worker this long after it became ready (rolling, one at a time); 0 turns it off (ms)', default: 0, parse: (k, v) => parseDuration(k, v, MAX_RECYCLE_AGE_MS) }),
  maxAgeJitter: spec<number>({ cli: 'string', group: 'Restarts', describe: 'Adds 0..this to each worker\'s max-age (ms)', default: 0, parse: (k, v) => parseDuration(k, v, MAX_RECYCLE_AGE_MS) }),
  reloadParallel: spec<number>({ cli: 'string', group: 'Reload', describe: 'Slots replaced at once during a reload', default: 1, parse: (k, v) => parseWholeNumber(k, v, 1, MAX_INSTANCES) }),
  waitReady: spec<boolean>({ cli: 'boolean', group: 'Reload', describe: "A worker is ready when it calls process.send('ready'), not when it listens", default: false, parse: parseBoolean }),
  listenTimeout: duration('How long a new worker may take to become ready', 'Reload', 10000),
  metrics: spec<{ host: string; port: number } | null>({ cli: 'string', group: 'Metrics', describe: 'Serve the dashboard (/), /metrics (Prometheus), /healthz and /status on [host:]port', default: null, parse: parseHostPort }),
  metricsToken: spec<string | null>({
    cli: 'string',
    group: 'Metrics',
    describe: 'Every metrics endpoint (the dashboard too) wants this token, as Authorization: Bearer <token> or ?token=<token>',
    default: null,
    parse: parseToken,
  }),
  minReady: spec<number>({ cli: 'string', group: 'Metrics', describe: '/healthz answers 200 only while at least this many workers are ready', default: 1, parse: (k, v) => parseWholeNumber(k, v, 1, MAX_INSTANCES) }),
  // Each report is a message per worker to the primary: 1,024 workers every 100 ms is already 10,000 a second.
  metricsInterval: spec<number>({
    cli: 'string',
    group: 'Metrics',
    describe: 'How often workers report CPU, memory and event-loop delay (ms); 0 turns reports off',
    default: 1000,
    parse: (k, v) => parsePeriod(k, v, 100),
  }),
  maxMemoryRestart: spec<number>({ cli: 'string', group: 'Metrics', describe: 'Replace a worker whose RSS stays above this size, like 300M or 1G', default: 0, parse: (k, v) => parseSize(k, v) }),
  heartbeatTimeout: duration('Replace a worker whose event loop does not answer for this long; 0 turns it off', 'Metrics', 30000),
  watch: spec<string[] | null>({
    cli: 'array',
    group: 'Watch',
    describe: "Rolling reload when code changes: in the given paths, or the script's directory",
    default: null,
    parse: (k, v) => (v === false ? null : v === true ? [] : parseStringList(k, v)),
  }),
  ignoreWatch: spec<string[]>({
    cli: 'array',
    group: 'Watch',
    describe: "Globs to ignore, added to the defaults (node_modules, coverage, dot-files and -folders, *.log); a glob without '/' matches a name at any depth, one with '/' a path from --cwd",
    default: [],
    parse: parseStringList,
  }),
  // [] is the automatic choice, made in src/watch/targets.ts: it depends on how the app runs.
  watchExt: spec<string[]>({
    cli: 'string',
    group: 'Watch',
    describe: 'File extensions that count as code, comma-separated (default: .js,.mjs,.cjs,.json, plus .ts,.mts,.cts for a .ts app or one started through a loader)',
    default: [],
    parse: (k, v) => parseExtensions(k, v),
  }),
  // Measured with chokidar on Linux: an editor save, a git checkout of 20 to
  // 500 files or a tsc build of 50 arrive with at most ~20 ms between two events, so
  // 100 ms keeps a burst to one reload with margin, and adds little to the ~110 ms a
  // worker takes to boot (node --watch waits 200 ms).
  watchDelay: duration('Quiet time after the last change before the reload starts', 'Watch', 100),
  socket: spec<string | false>({
    cli: 'string',
    group: 'Control',
    describe: 'Control socket path (default: <name>.sock in a private per-user directory)',
    default: '',
    parse: (k, v) => (v === false ? false : parseString(k, v)),
  }),
  handleSignals: spec<boolean>({ cli: 'none', group: 'Control', describe: 'Stop on SIGINT/SIGTERM, reload on SIGHUP, scale on SIGTTIN/SIGTTOU', default: true, parse: parseBoolean }),
  prefixOutput: spec<boolean>({ cli: 'none', group: 'Control', describe: "Prefix each line a worker prints with '<name>:<slot> | '", default: false, parse: parseBoolean }),
};

export type OptionKey = keyof typeof optionSpecs;

function parseExtensions(key: string, value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(/[,\s]+/) : parseStringList(key, value).flatMap((v) => v.split(','));
  return list.filter(Boolean).map((e) => (e.startsWith('.') ? e : '.' + e));
}
