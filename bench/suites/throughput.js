// Requests per second of every contender on one workload, in interleaved rounds
// (A B C D, B C D A, ...) so that a noisy moment hits each of them alike. The same
// pass measures what the supervisor costs: the primary's CPU and RSS idle and under
// load, the workers' RSS, and how evenly the requests spread over the workers.
import { launch, servedBetween } from '../lib/contenders.js';
import { cpuMeter, machineBusySeconds, reapedChildrenCpuSeconds, rssBytes } from '../lib/procfs.js';
import { median, sleep, sum } from '../lib/stats.js';

export const workloads = {
  cpu: { id: 'cpu', label: 'CPU-bound (pbkdf2Sync ~5 ms), keep-alive, 16 connections', app: 'cpu.js', connections: 16, close: false },
  hello: { id: 'hello', label: 'hello world, Connection: close, 32 connections', app: 'hello.js', connections: 32, close: true },
  'hello-ka': { id: 'hello-ka', label: 'hello world, keep-alive, 32 connections', app: 'hello.js', connections: 32, close: false },
};

const mean = (xs) => (xs.length ? sum(xs) / xs.length : null);

/**
 * @param {object} ctx  run context (tmp, loadgen, rounds, seconds, workers, env, node, idleMs, settleMs)
 * @param {object} workload  one of workloads
 * @param {import('../lib/contenders.js').Spec[]} specs
 * @param {{ idle?: boolean, beforeLoad?: () => Promise<boolean>, whileLoaded?: (c: import('../lib/contenders.js').Contender) => () => void }} o
 *   idle: measure the idle state first; beforeLoad: once all are up, false skips the rest
 *   (the result is then null); whileLoaded: started with each run, its result called at the end
 */
export async function throughput(ctx, workload, specs, o = {}) {
  const started = [];
  try {
    // Side by side: start-up is measured elsewhere, here it only costs time.
    const launched = await Promise.allSettled(
      specs.map((spec) => launch(spec, { tmp: ctx.tmp, app: workload.app, workers: ctx.workers, env: ctx.env, node: ctx.node })),
    );
    for (const l of launched) if (l.status === 'fulfilled') started.push(l.value);
    const failed = launched.find((l) => l.status === 'rejected');
    if (failed) throw failed.reason;
    if (o.beforeLoad && !(await o.beforeLoad())) return null;
    const samples = new Map(started.map((c) => [c.id, { runs: [], idle: null }]));

    if (o.idle) {
      await sleep(ctx.settleMs);
      const pids = started.map((c) => [c.primaryPid, ...c.workerPids()]);
      const meter = cpuMeter(pids.flat().filter(Boolean));
      await sleep(ctx.idleMs);
      const cpu = meter();
      let k = 0;
      started.forEach((c, i) => {
        const [primary, ...workers] = pids[i];
        const primaryCpu = primary ? cpu[k++] : null;
        const workerCpu = workers.map(() => cpu[k++]);
        samples.get(c.id).idle = {
          primaryCpu,
          primaryRss: primary ? rssBytes(primary) : null,
          workerRss: mean(workers.map(rssBytes).filter(Boolean)),
          workerCpu: mean(workerCpu.filter((x) => x !== null)),
        };
      });
    }

    const load = (c, seconds) =>
      ctx.loadgen.run({ url: c.url('/'), connections: workload.connections, close: workload.close, seconds });
    // Warm-up (JIT, pools), all at once: it only has to happen, not to be fair.
    await Promise.all(started.map((c) => load(c, 1)));

    const before = new Map();
    const pending = new Map();
    for (let round = 0; round < ctx.rounds; round++) {
      for (let i = 0; i < started.length; i++) {
        const c = started[(i + round) % started.length];
        const s = samples.get(c.id);
        // A breather between runs; it also lets the apps write their latest counts.
        await sleep(150);
        // The counts written since this contender's previous run belong to that run.
        const now = c.counts();
        if (pending.has(c.id)) pending.get(c.id).served = pad(servedBetween(before.get(c.id), now), c.workers);
        before.set(c.id, now);
        const workers = c.workerPids();
        const meter = cpuMeter([c.primaryPid ?? c.proc.pid, ...workers]);
        let rss = null;
        const mid = setTimeout(() => {
          rss = { primary: c.primaryPid ? rssBytes(c.primaryPid) : null, workers: mean(workers.map(rssBytes).filter(Boolean)) };
        }, (ctx.seconds * 1000) / 2);
        const during = o.whileLoaded?.(c);
        const client0 = reapedChildrenCpuSeconds();
        const busy0 = machineBusySeconds();
        const t0 = performance.now();
        const r = await load(c, ctx.seconds);
        const secs = (performance.now() - t0) / 1000;
        const clientCpu = ((reapedChildrenCpuSeconds() - client0) / secs) * 100;
        const machineCpu = ((machineBusySeconds() - busy0) / secs) * 100;
        during?.();
        clearTimeout(mid);
        const [primaryCpu, ...workerCpus] = meter();
        const workerCpu = sum(workerCpus.filter((x) => x !== null));
        const ours = workerCpu + (c.primaryPid ? primaryCpu ?? 0 : 0) + clientCpu;
        // What the rest of the machine took meanwhile (this bench's own process included):
        // a round where that is large was run on fewer cores than the others.
        const otherCpu = Math.max(0, machineCpu - ours);
        const run = { round, ...r, clientCpu, otherCpu, primaryCpu: c.primaryPid ? primaryCpu : null, workerCpu, rss, served: null };
        s.runs.push(run);
        pending.set(c.id, run);
      }
    }
    await sleep(300); // the apps write their counts every 100 ms
    for (const c of started) {
      if (pending.has(c.id)) pending.get(c.id).served = pad(servedBetween(before.get(c.id), c.counts()), c.workers);
    }
    return started.map((c) => summarize(c, samples.get(c.id)));
  } finally {
    await Promise.all(started.map((c) => c.stop()));
  }
}

function pad(served, n) {
  while (served.length < n) served.push(0);
  return served;
}

function summarize(c, s) {
  const runs = s.runs;
  const shares = runs.filter((r) => r.served && sum(r.served) > 0).map((r) => r.served.map((x) => x / sum(r.served)));
  // Per position (busiest, second, ...) the median share over the rounds.
  const byRank = shares.length ? shares[0].map((_, i) => median(shares.map((sh) => sh[i]))) : [];
  return {
    id: c.id,
    label: c.spec.label,
    balance: c.balance,
    workers: c.workers,
    rps: median(runs.map((r) => r.rps)),
    rpsAll: runs.map((r) => Math.round(r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    failed: sum(runs.map((r) => r.failed)),
    requests: sum(runs.map((r) => r.requests)),
    primaryCpu: median(runs.map((r) => r.primaryCpu)),
    clientCpu: median(runs.map((r) => r.clientCpu)),
    otherCpu: median(runs.map((r) => r.otherCpu)),
    otherCpuMax: Math.max(...runs.map((r) => r.otherCpu)),
    workerCpu: median(runs.map((r) => r.workerCpu)),
    primaryRssLoaded: median(runs.map((r) => r.rss?.primary ?? null)),
    workerRssLoaded: median(runs.map((r) => r.rss?.workers ?? null)),
    idle: s.idle,
    shares: byRank,
    busiestShare: median(shares.map((sh) => sh[0])),
  };
}
