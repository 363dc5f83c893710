// Rolling reloads under load: while the load generator runs, reload again and again
// (SIGHUP, then wait for clusterize's `reload.done` event) and count every request
// that failed. Zero is the promise; anything else is a bug or a mode's limit.
import { launch, specs } from '../lib/contenders.js';
import { median, sleep } from '../lib/stats.js';
import { workloads } from './throughput.js';

/**
 * Runs the load generator against `c` for ctx.reloadSeconds and calls reloadOnce()
 * back to back meanwhile. The last second has no reload in flight, so that a reload's
 * cost shows in the counts rather than being cut off.
 */
export async function reloadsUnderLoad(ctx, c, w, reloadOnce) {
  const load = ctx.loadgen.run({ url: c.url('/'), connections: w.connections, close: w.close, seconds: ctx.reloadSeconds });
  const end = performance.now() + ctx.reloadSeconds * 1000;
  const results = [];
  await sleep(500);
  while (performance.now() < end - 1000) results.push(await reloadOnce());
  return { load: await load, results };
}

export async function reloadUnderLoad(ctx, ids, workloadIds) {
  const out = [];
  for (const wid of workloadIds) {
    const w = workloads[wid];
    for (const id of ids) {
      const c = await launch(specs[id], { tmp: ctx.tmp, app: w.app, workers: ctx.workers, env: ctx.env, node: ctx.node });
      try {
        const { load: r, results } = await reloadsUnderLoad(ctx, c, w, async () => {
          const mark = c.proc.lines.length;
          process.kill(c.proc.pid, 'SIGHUP');
          return c.proc.waitForRecord((r) => r.event === 'reload.done' || r.event === 'reload.abort' || r.level >= 50, { from: mark, timeoutMs: 30000 });
        });
        const failures = results.filter((rec) => rec.event !== 'reload.done').map((rec) => rec.msg);
        out.push({
          id,
          label: specs[id].label,
          workload: wid,
          workloadLabel: w.label,
          reloads: results.length,
          failedReloads: failures,
          durationMs: median(results.filter((rec) => rec.event === 'reload.done').map((rec) => rec.durationMs)),
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
