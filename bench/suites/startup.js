// How long it takes to serve: from spawn to every worker listening, for each way of
// running the app; and from a worker's crash (SIGKILL) to its replacement answering,
// against a bare `node app.js` from spawn to its first answer.
import path from 'node:path';
import { launch, specs } from '../lib/contenders.js';
import { apps } from '../lib/paths.js';
import { freePort, get, poll } from '../lib/http.js';
import { start } from '../lib/processes.js';
import { median, sleep } from '../lib/stats.js';

/** spawn -> every worker's `listening` line, interleaved over the contenders. */
export async function startTimes(ctx, ids) {
  const times = new Map(ids.map((id) => [id, { ms: [], supervisorMs: [], balance: null }]));
  for (let round = 0; round < ctx.startRounds; round++) {
    for (const id of ids) {
      const c = await launch(specs[id], { tmp: ctx.tmp, app: 'hello.js', workers: ctx.workers, env: ctx.env, node: ctx.node });
      const t = times.get(id);
      t.ms.push(c.startMs);
      t.balance = c.balance;
      // clusterize's own figure: from its start-up to all ready, without node's boot.
      const all = c.proc.records().find((r) => r.event === 'cluster.ready');
      if (all) t.supervisorMs.push(all.durationMs);
      await c.stop();
    }
  }
  return ids.map((id) => {
    const t = times.get(id);
    return { id, label: specs[id].label, balance: t.balance, ms: median(t.ms), all: t.ms.map(Math.round), supervisorMs: median(t.supervisorMs) };
  });
}

/** spawn `node hello.js` -> first answer, polled every 5 ms like the crash test. */
export async function bareStart(ctx) {
  const ms = [];
  for (let round = 0; round < ctx.startRounds; round++) {
    const port = await freePort();
    const p = start(ctx.node ?? process.execPath, [path.join(apps, 'hello.js')], { env: { PORT: String(port) }, label: 'bare' });
    const r = await poll(`http://127.0.0.1:${port}/pid`, (res) => res.status === 200);
    ms.push(r.at - p.startedAt);
    await p.stop();
  }
  return { ms: median(ms), all: ms.map(Math.round) };
}

/**
 * SIGKILL the only worker of `clusterize -i 1`, then poll until a new pid answers.
 * min-uptime is lowered so that the rounds can follow each other quickly: a worker that
 * ran longer than min-uptime is restarted at once, which is the case measured here.
 */
export async function crashToServing(ctx, ids) {
  const out = [];
  for (const id of ids) {
    const c = await launch(specs[id], {
      tmp: ctx.tmp,
      app: 'hello.js',
      workers: 1,
      env: ctx.env,
      node: ctx.node,
      args: ['--min-uptime', '200'],
    });
    const ms = [];
    const phases = [];
    let refused = 0;
    let stuck = 0;
    try {
      for (let round = 0; round < ctx.startRounds; round++) {
        await sleep(400);
        const victim = Number((await get(c.url('/pid'))).body);
        const mark = c.proc.lines.length;
        const killedAt = performance.now();
        process.kill(victim, 'SIGKILL');
        const r = await poll(c.url('/pid'), (res) => res.status === 200 && Number(res.body) !== victim);
        ms.push(r.at - killedAt);
        refused += r.failures;
        stuck += r.stuck;
        const fork = await c.proc.waitForRecord((rec) => rec.event === 'worker.fork', { from: mark });
        const listening = await c.proc.waitForLines((t) => /^listening \d+ \d+$/.test(t), { from: mark });
        phases.push({ toFork: fork.at - killedAt, forkToListening: listening[0].at - fork.at });
      }
    } finally {
      await c.stop();
    }
    out.push({
      id,
      label: specs[id].label,
      balance: c.balance,
      ms: median(ms),
      all: ms.map(Math.round),
      toForkMs: median(phases.map((p) => p.toFork)),
      forkToListeningMs: median(phases.map((p) => p.forkToListening)),
      refused,
      stuck,
    });
  }
  return out;
}
