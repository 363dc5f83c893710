// Rolling reloads under load: while the load generator runs, reload again and again
// (SIGHUP, then wait for clusterize's `reload done` record) and count every request
// that failed. Zero is the promise; anything else is a bug or a mode's limit.
import { launch, specs } from '../lib/contenders.js';
import { median, sleep } from '../lib/stats.js';
import { workloads } from './throughput.js';

export async function reloadUnderLoad(ctx, ids, workloadIds) {
  const out = [];
  for (const wid of workloadIds) {
    const w = workloads[wid];
    for (const id of ids) {
      const c = await launch(specs[id], { tmp: ctx.tmp, app: w.app, workers: ctx.workers, env: ctx.env, node: ctx.node });
      try {
        const seconds = ctx.reloadSeconds;
        const load = ctx.loadgen.run({ url: c.url('/'), connections: w.connections, close: w.close, seconds });
        const end = performance.now() + seconds * 1000;
        const durations = [];
        const failures = [];
        await sleep(500);
        // Leave the last stretch of the run without a reload in flight, so that a
        // reload's cost shows in the counts rather than being cut off.
        while (performance.now() < end - 1000) {
          const mark = c.proc.lines.length;
          process.kill(c.proc.pid, 'SIGHUP');
          const rec = await c.proc.waitForRecord((r) => /^reload done/.test(r.msg ?? '') || r.level >= 50, { from: mark, timeoutMs: 30000 });
          if (rec.level >= 50) failures.push(rec.msg);
          else durations.push(rec.durationMs);
        }
        const r = await load;
        out.push({
          id,
          label: specs[id].label,
          workload: wid,
          workloadLabel: w.label,
          reloads: durations.length + failures.length,
          failedReloads: failures,
          durationMs: median(durations),
          requests: r.requests,
          failed: r.failed,
          errors: r.errors,
        });
      } finally {
        await c.stop();
      }
    }
  }
  return out;
}
