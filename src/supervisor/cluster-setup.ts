// The one place that configures node:cluster for the primary: what workers run, with
// which flags, and how connections reach them.
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { BalanceMode } from '../options/schema.js';
import type { ResolvedOptions } from '../options/resolve.js';

/**
 * 'os': workers accept from the one listening socket they share (SCHED_NONE); the
 * primary never touches a connection. 'rr': the primary accepts every connection and
 * hands it to a worker over IPC (SCHED_RR), which evens out the load but costs the
 * primary a core under connection churn. 'auto' picks by the numbers in bench/RESULTS.md.
 */
export function schedulingPolicyFor(mode: BalanceMode): number {
  const resolved = mode === 'auto' ? autoBalance() : mode;
  // least-conn and ip-hash (#13): the agent takes TCP listens away from node:cluster
  // (src/worker/listen-takeover.ts); what is left (pipes, fds) is shared as under 'os'.
  return resolved === 'rr' ? cluster.SCHED_RR : cluster.SCHED_NONE;
}

/** The mode as the supervisor reports it: 'auto' resolved. */
export function effectiveBalance(mode: BalanceMode): Exclude<BalanceMode, 'auto'> {
  return mode === 'auto' ? autoBalance() : mode;
}

/**
 * 'os' on every platform measured: on 2 cores it served 2.3x what 'rr' did with a new
 * connection per request, matched it on CPU-bound keep-alive traffic, and spread
 * requests as evenly (bench/RESULTS.md). Node itself defaults to SCHED_NONE on Windows.
 */
export function autoBalance(): 'rr' | 'os' {
  return 'os';
}

export function setupCluster(o: ResolvedOptions): void {
  cluster.schedulingPolicy = schedulingPolicyFor(o.balance);
  // The agent as one CommonJS file (bundled by npm run build), preloaded with --require:
  // every worker pays for it at boot, and --import would start the ES module loader
  // first, about 10 ms more per worker (bench/RESULTS.md). `../bundle/` resolves the same
  // from src/supervisor/ and from the CLI's own bundle, which lives next to it.
  const preloadAgent = `--require=${fileURLToPath(new URL('../bundle/agent.cjs', import.meta.url))}`;
  if (o.script !== null) {
    cluster.setupPrimary({
      exec: o.script,
      args: o.args,
      execArgv: [...o.nodeArgs, preloadAgent],
      silent: true,
      cwd: o.cwd,
    });
  } else {
    // Single-entrypoint mode: the workers run this same file (with the same loader
    // flags), and supervise() there calls the worker function.
    cluster.setupPrimary({
      exec: process.argv[1],
      args: process.argv.slice(2),
      execArgv: [...process.execArgv, ...o.nodeArgs, preloadAgent],
      silent: true,
      cwd: o.cwd,
    });
  }
}
