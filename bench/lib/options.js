// The bench's own command line: which suites, how many rounds, whether to write
// RESULTS.md. Throws UsageError with a one-line message; run.js exits 2 on it.
import os from 'node:os';
import { parseArgs } from 'node:util';

export const suites = ['throughput', 'rss', 'startup', 'reload', 'metrics', 'watch', 'peers', 'scale', 'reuseport', 'balance'];

export const usage = `Usage: node bench/run.js [options]   (or: npm run bench -- [options])

  --peers            also PM2 (cluster mode) side by side with clusterize and the node:cluster
                     loop; installs pm2 into bench/.tmp/pm2 on first use (about 4 min in all)
  --quick            fewest rounds, 200 crash-restarts instead of 1,000: a smoke run (about 1 min)
  --long             longer, steadier run: 5 rounds of 5 s, also keep-alive hello world, the
                     docs loop with SCHED_NONE, the reusePort and the balance-modes suites (about 20 min)
  --only <list>      comma-separated suites: ${suites.join(', ')}
  --rounds <n>       interleaved rounds per contender (default 5, --quick 3)
  --seconds <n>      seconds of load per round (default 1, --long 5)
  --workers <n>      workers per cluster (default: one per core, ${os.availableParallelism()} here)
  --node22           also measure reusePort under Node >= 22.12 (installed from npm if needed)
  --loadgen <name>   wrk (default; installed with apt-get if missing) or autocannon (npx)
  --write            put the report into bench/RESULTS.md (between its bench markers)
  -h, --help`;

export class UsageError extends Error {}

export function benchOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        peers: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        long: { type: 'boolean', default: false },
        only: { type: 'string' },
        rounds: { type: 'string' },
        seconds: { type: 'string' },
        workers: { type: 'string' },
        node22: { type: 'boolean', default: false },
        loadgen: { type: 'string', default: 'wrk' },
        write: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(`${err.message}; see node bench/run.js --help`);
  }
  if (values.help) return { help: true };
  const whole = (name, v, dflt) => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} takes a whole number >= 1, got ${JSON.stringify(v)}`);
    return n;
  };
  const only = values.only ? values.only.split(',').map((x) => x.trim()).filter(Boolean) : null;
  for (const s of only ?? []) if (!suites.includes(s)) throw new UsageError(`--only: unknown suite '${s}'; use some of ${suites.join(', ')}`);
  if (!['wrk', 'autocannon'].includes(values.loadgen)) throw new UsageError(`--loadgen takes wrk or autocannon, got '${values.loadgen}'`);
  if (values.quick && values.long) throw new UsageError('--quick and --long contradict each other; pick one');
  const { long, quick, peers } = values;
  const optIn = { reuseport: long || values.node22, balance: long, peers };
  const wanted = (s) => (only ? only.includes(s) : optIn[s] ?? true);
  return {
    long,
    quick,
    write: values.write,
    loadgen: values.loadgen,
    suites: suites.filter(wanted),
    rounds: whole('rounds', values.rounds, quick ? 3 : 5),
    seconds: whole('seconds', values.seconds, long ? 5 : 1),
    workers: whole('workers', values.workers, os.availableParallelism()),
  };
}
