// The primary at scale: idle with many workers (more than this machine has cores, as
// with -i on a big box), and through a long run of crashes. Each crash is a SIGKILL
// from the bench and a fork from the supervisor; the primary's RSS and open file
// descriptors must not grow with their count.
import fs from 'node:fs';
import { launch, specs } from '../lib/contenders.js';
import { attachHeapProbe } from '../lib/heap.js';
import { cpuMeter, rssBytes } from '../lib/procfs.js';
import { median, sleep } from '../lib/stats.js';

/** Idle primary with `few` and with `many` workers: CPU, RSS, and RSS per added worker. */
export async function manyWorkers(ctx, { few = 2, many = 64 } = {}) {
  const rows = [];
  for (const workers of [few, many]) {
    const c = await launch(specs['clusterize-auto'], { tmp: ctx.tmp, app: 'hello.js', workers, env: ctx.env, node: ctx.node, timeoutMs: 180000 });
    try {
      // Settle: the last workers' first reports and the sampler's first pass.
      await sleep(2000);
      const meter = cpuMeter([c.primaryPid]);
      const rss = [];
      for (let i = 0; i < 5; i++) {
        await sleep(ctx.long ? 2000 : 1000);
        rss.push(rssBytes(c.primaryPid));
      }
      const [cpu] = meter();
      rows.push({ workers, startMs: c.startMs, primaryCpu: cpu, primaryRss: median(rss), fds: fdCount(c.primaryPid), seconds: ctx.long ? 10 : 5 });
    } finally {
      await c.stop();
    }
  }
  const [a, b] = rows;
  return { rows, rssPerWorker: (b.primaryRss - a.primaryRss) / (b.workers - a.workers) };
}

/**
 * `crashes` SIGKILLs in a row over two workers, each waiting for the slot's replacement
 * to be ready (min-uptime 1 ms: every crash is restarted at once, no backoff). The
 * primary's RSS and fds are sampled every `every` crashes, after a warm-up.
 */
export async function crashLoop(ctx, { crashes = 1000, every = 100, warmup = 50 } = {}) {
  const c = await launch(specs['clusterize-auto'], { tmp: ctx.tmp, app: 'hello.js', workers: 2, env: ctx.env, node: ctx.node, args: ['--min-uptime', '1'] });
  const samples = [];
  const began = performance.now();
  // After a forced full GC, at the warm-up and at the end: what the primary holds.
  const probe = await attachHeapProbe(c.primaryPid).catch(() => null);
  let gcFirst = null;
  let gcMid = null;
  let gcLast = null;
  try {
    const total = warmup + crashes;
    let done = 0;
    const sample = () => samples.push({ crashes: done - warmup, rss: rssBytes(c.primaryPid), fds: fdCount(c.primaryPid) });
    // Two lanes, one per slot, so both cores are busy booting replacements.
    const lane = async (slot) => {
      let victim = c.proc.records().findLast((r) => r.event === 'worker.ready' && r.slot === slot)?.pid;
      while (done < total) {
        const mark = c.proc.lines.length;
        process.kill(victim, 'SIGKILL');
        const ready = await c.proc.waitForRecord((r) => r.event === 'worker.ready' && r.slot === slot && r.pid !== victim, { from: mark, timeoutMs: 30000 });
        victim = ready.pid;
        done++;
        if (done === warmup) {
          await sleep(500);
          sample();
          gcFirst = (await probe?.measure()) ?? null;
        } else if (done > warmup && (done - warmup) % every === 0) {
          sample();
          // Halfway: the first few hundred crashes still grow the heap a little (code
          // and feedback for the now hot fork and exit paths); the second half must not.
          if (done - warmup === Math.round(crashes / 2)) gcMid = (await probe?.measure()) ?? null;
        }
      }
    };
    await Promise.all([lane(0), lane(1)]);
    // Let the last exits and the sampler settle before the final figure.
    await sleep(1500);
    sample();
    gcLast = (await probe?.measure()) ?? null;
  } finally {
    probe?.close();
    await c.stop();
  }
  const first = samples[0];
  const last = samples.at(-1);
  return {
    crashes,
    seconds: (performance.now() - began) / 1000,
    samples,
    rssFirst: first.rss,
    rssLast: last.rss,
    rssMax: Math.max(...samples.map((s) => s.rss)),
    fdsFirst: first.fds,
    fdsLast: last.fds,
    fdsMax: Math.max(...samples.map((s) => s.fds)),
    gcFirst,
    gcMid,
    gcLast,
  };
}

function fdCount(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}
