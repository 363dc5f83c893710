// clusterize against what users choose between: PM2 in cluster mode, and the
// hand-written node:cluster loop. Same apps, same machine, same load, rounds
// interleaved. Throughput and the supervisor's idle cost come from the throughput
// suite run over these three; this file adds what only a supervisor does: reload under
// load, crash to replacement, start and stop, and the CLI's own weight.
import fs from 'node:fs';
import path from 'node:path';
import { launch, specs } from '../lib/contenders.js';
import { get, poll } from '../lib/http.js';
import { cli } from '../lib/paths.js';
import { pm2Bin, pm2Command } from '../lib/pm2.js';
import { rssBytes } from '../lib/procfs.js';
import { run } from '../lib/processes.js';
import { median, sleep } from '../lib/stats.js';
import { reloadsUnderLoad } from './reload.js';
import { throughput, workloads } from './throughput.js';

export const peerIds = ['cluster', 'clusterize-auto', 'pm2'];

export async function peers(ctx, { log }) {
  const contenders = peerIds.map((id) => specs[id]);
  const out = { throughput: {} };
  for (const wid of ['cpu', 'hello']) {
    log(`bench: peers, throughput, ${workloads[wid].label}...`);
    out.throughput[wid] = { label: workloads[wid].label, rows: await throughput(ctx, workloads[wid], contenders, { idle: wid === 'cpu' }) };
  }
  log('bench: peers, bare worker, start and stop...');
  out.bare = await bareRss(ctx);
  out.startStop = await startStop(ctx, peerIds);
  log('bench: peers, crash to replacement...');
  out.crash = await crash(ctx, ['clusterize-auto', 'pm2']);
  log('bench: peers, reload under load...');
  out.reload = [];
  for (const wid of ['hello', 'hello-ka']) for (const id of ['clusterize-auto', 'pm2']) out.reload.push(await reload(ctx, id, workloads[wid]));
  log('bench: peers, CLI weight...');
  out.cli = await cliWeight(ctx);
  return out;
}

/**
 * A bare `node cpu.js` (the app and environment of the idle figures), idle: what a
 * worker weighs without any supervisor.
 */
async function bareRss(ctx) {
  const procs = [];
  try {
    for (let i = 0; i < 3; i++) procs.push(await launch(specs.single, { tmp: ctx.tmp, app: 'cpu.js', workers: 1, env: ctx.env, node: ctx.node }));
    await sleep(ctx.settleMs + ctx.idleMs);
    return { rss: median(procs.map((p) => rssBytes(p.proc.pid))) };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

/** Spawn to every worker listening (cold: PM2's daemon starts too), then stop to every process gone. */
async function startStop(ctx, ids) {
  const t = new Map(ids.map((id) => [id, { start: [], stop: [] }]));
  for (let round = 0; round < ctx.startRounds; round++) {
    for (const id of ids) {
      const c = await launch(specs[id], { tmp: ctx.tmp, app: 'hello.js', workers: ctx.workers, env: ctx.env, node: ctx.node });
      t.get(id).start.push(c.startMs);
      const pids = [c.primaryPid, ...c.workerPids()].filter(Boolean);
      const t0 = performance.now();
      if (id === 'pm2') await c.stop();
      else process.kill(c.proc.pid, 'SIGTERM');
      while (pids.some(alive)) await sleep(2);
      t.get(id).stop.push(performance.now() - t0);
      await c.stop();
    }
  }
  return ids.map((id) => ({ id, label: specs[id].label, startMs: median(t.get(id).start), startAll: t.get(id).start.map(Math.round), stopMs: median(t.get(id).stop), stopAll: t.get(id).stop.map(Math.round) }));
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    // A zombie answers signal 0 until its parent reaps it; it serves nothing.
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** -i 1: SIGKILL the worker, then a request every 5 ms until a new pid answers. */
async function crash(ctx, ids) {
  const out = [];
  for (const id of ids) {
    const extra = specs[id].kind === 'clusterize' ? ['--min-uptime', '200'] : [];
    const c = await launch(specs[id], { tmp: ctx.tmp, app: 'hello.js', workers: 1, env: ctx.env, node: ctx.node, args: extra });
    const ms = [];
    let refused = 0;
    try {
      for (let round = 0; round < ctx.startRounds; round++) {
        await sleep(400);
        const victim = Number((await get(c.url('/pid'))).body);
        const killedAt = performance.now();
        process.kill(victim, 'SIGKILL');
        const r = await poll(c.url('/pid'), (res) => res.status === 200 && Number(res.body) !== victim);
        ms.push(r.at - killedAt);
        refused += r.failures;
      }
    } finally {
      await c.stop();
    }
    out.push({ id, label: specs[id].label, ms: median(ms), all: ms.map(Math.round), refused });
  }
  return out;
}

/**
 * Reloads back to back through each one's CLI (`clusterize reload`, `pm2 reload`)
 * while the load generator runs: the duration is the command's, start to return.
 */
async function reload(ctx, id, w) {
  const c = await launch(specs[id], { tmp: ctx.tmp, app: w.app, workers: ctx.workers, env: ctx.env, node: ctx.node });
  try {
    const { load: r, results } = await reloadsUnderLoad(ctx, c, w, () =>
      id === 'pm2' ? pm2Command(c.pm2, ['reload', c.name]) : timed(() => run(ctx.node ?? process.execPath, [cli, 'reload', '--socket', c.socket])),
    );
    const durations = results.filter((x) => x.code === 0).map((x) => x.ms);
    return {
      id,
      label: specs[id].label,
      workload: w.id,
      workloadLabel: w.label,
      reloads: durations.length,
      failedCommands: results.length - durations.length,
      durationMs: median(durations),
      requests: r.requests,
      failed: r.failed,
      perReload: durations.length ? r.failed / durations.length : null,
      errors: r.errors,
    };
  } finally {
    await c.stop();
  }
}

async function timed(fn) {
  const t = performance.now();
  const r = await fn();
  return { ...r, ms: performance.now() - t };
}

/**
 * What a control command weighs while it runs (peak RSS, from GNU time) and how long
 * it takes: `clusterize status` and `pm2 ls`, each against a running cluster.
 */
async function cliWeight(ctx) {
  if (!fs.existsSync('/usr/bin/time')) return null;
  const out = [];
  for (const id of ['clusterize-auto', 'pm2']) {
    const c = await launch(specs[id], { tmp: ctx.tmp, app: 'hello.js', workers: ctx.workers, env: ctx.env, node: ctx.node });
    try {
      const node = ctx.node ?? process.execPath;
      const args = id === 'pm2' ? [node, pm2Bin, 'ls'] : [node, cli, 'status', '--socket', c.socket];
      const peaks = [];
      const ms = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const r = await run('/usr/bin/time', ['-f', 'maxrss=%M', ...args], { env: id === 'pm2' ? { PM2_HOME: c.pm2.home } : {} });
        ms.push(performance.now() - t);
        const m = /maxrss=(\d+)/.exec(r.stderr);
        if (m) peaks.push(Number(m[1]) * 1024);
      }
      out.push({ id, label: specs[id].label, command: id === 'pm2' ? 'pm2 ls' : 'clusterize status', peakRss: median(peaks), ms: median(ms) });
    } finally {
      await c.stop();
    }
  }
  return out;
}

