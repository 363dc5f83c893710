#!/usr/bin/env node
// npm run bench [-- --peers] [-- --quick | --long] [-- --only throughput,reload] [-- --write]
// Builds nothing itself (npm run bench builds first); drives dist/src/bundle/clusterize.js, PM2
// and plain node processes on 127.0.0.1 only, and kills every process it started.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calibratePbkdf2 } from './lib/calibrate.js';
import { launch, specs } from './lib/contenders.js';
import { loadGenerator } from './lib/loadgen.js';
import { busyPercent, machine } from './lib/machine.js';
import { benchOptions, usage, UsageError } from './lib/options.js';
import { cli } from './lib/paths.js';
import { installPm2, killAllPm2, killAllPm2Now } from './lib/pm2.js';
import { killEverything } from './lib/processes.js';
import { render } from './lib/report.js';
import { keepLastRun, writeResults } from './lib/results-file.js';
import { balanceSuite, renderBalance } from './suites/balance.js';
import { metricsCost } from './suites/metrics.js';
import { peers } from './suites/peers.js';
import { reloadUnderLoad } from './suites/reload.js';
import { reusePortSuite } from './suites/reuseport.js';
import { importCosts } from './suites/rss.js';
import { crashLoop, manyWorkers } from './suites/scale.js';
import { bareStart, crashToServing, startTimes } from './suites/startup.js';
import { throughput, workloads } from './suites/throughput.js';
import { watchLatency } from './suites/watch.js';

const log = (msg) => console.error(msg);

async function main() {
  const o = benchOptions(process.argv.slice(2));
  if (o.help) return console.log(usage);
  if (!fs.existsSync(cli)) throw new Error(`${path.relative(process.cwd(), cli)} is missing: run npm run build first (npm run bench does)`);
  const began = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-bench-'));
  // Also on Ctrl-C, which ends the process from processes.js's signal handler. PM2's
  // daemons left their process group when they daemonized: they get their own kill.
  process.on('exit', () => {
    killAllPm2Now();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const res = { meta: {}, throughput: {} };
  try {
    const loadgen = await loadGenerator({ prefer: o.loadgen, log });
    const pm2 = o.suites.includes('peers') ? await installPm2({ log }) : null;
    // Before anything of ours runs: what the rest of the machine is doing.
    const busyBefore = await busyPercent(1000);
    const pbkdf2 = calibratePbkdf2(5);
    const ctx = {
      tmp,
      long: o.long,
      loadgen,
      rounds: o.rounds,
      seconds: o.seconds,
      workers: o.workers,
      startRounds: o.long ? 5 : 3,
      reloadSeconds: o.long ? 10 : 3,
      idleMs: 2000,
      settleMs: 500,
      env: { BENCH_PBKDF2_ITERATIONS: String(pbkdf2.iterations) },
    };
    const argv = process.argv.slice(2);
    res.meta = {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      machine: machine(),
      busyBefore,
      loadgen: { name: loadgen.name, version: loadgen.version, how: loadgen.how },
      pm2,
      pbkdf2,
      rounds: o.rounds,
      seconds: o.seconds,
      workers: o.workers,
      idleMs: ctx.idleMs,
      settleMs: ctx.settleMs,
      reloadSeconds: ctx.reloadSeconds,
    };
    log(`bench: ${res.meta.machine.cores} cores (${res.meta.machine.cpuModel}), Node ${process.version}, ${loadgen.name} ${loadgen.version}; CPU ${busyBefore?.toFixed(0)}% busy before the run`);
    if (busyBefore > 10) log('bench: the machine is busy: throughput ratios from this run will not be reliable');
    log(`bench: suites ${o.suites.join(', ')}; ${o.rounds} rounds of ${o.seconds} s; pbkdf2Sync ${pbkdf2.iterations} iterations ≈ ${pbkdf2.ms.toFixed(1)} ms`);

    const step = async (name, fn) => {
      const t = performance.now();
      log(`bench: ${name}...`);
      const r = await fn();
      log(`bench: ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return r;
    };
    const has = (s) => o.suites.includes(s);

    const mainContenders = ['single', 'cluster', ...(o.long ? ['cluster-none'] : []), 'clusterize-rr', 'clusterize-os'].map((k) => specs[k]);
    if (has('throughput')) {
      for (const wid of o.long ? ['cpu', 'hello', 'hello-ka'] : ['cpu', 'hello']) {
        const rows = await step(`throughput, ${workloads[wid].label}`, () => throughput(ctx, workloads[wid], mainContenders, { idle: wid === 'cpu' }));
        res.throughput[wid] = { label: workloads[wid].label, rows };
      }
    }
    if (has('rss')) res.rss = await step('what the primary loads', () => importCosts(ctx));
    if (has('startup')) {
      res.startup = await step('start-up and crash recovery', async () => ({
        bare: await bareStart(ctx),
        start: await startTimes(ctx, ['single', 'cluster', 'clusterize-rr', 'clusterize-os', 'clusterize-auto']),
        crash: await crashToServing(ctx, ['clusterize-rr', 'clusterize-os']),
      }));
      res.defaultBalance = res.startup.start.find((r) => r.id === 'clusterize-auto')?.balance ?? null;
    }
    if (!res.defaultBalance) {
      const probe = await launch(specs['clusterize-auto'], { tmp, app: 'hello.js', workers: 1, env: ctx.env });
      res.defaultBalance = probe.balance;
      await probe.stop();
    }
    if (has('reload')) res.reload = await step('reload under load', () => reloadUnderLoad(ctx, ['clusterize-rr', 'clusterize-os'], ['hello-ka', 'hello']));
    if (has('metrics')) res.metrics = await step('metrics on/off', () => metricsCost(ctx, res.defaultBalance));
    if (has('watch')) res.watch = await step('watch mode', () => watchLatency(ctx));
    if (has('peers')) res.peers = pm2?.skipped ? { skipped: pm2.skipped } : await step('clusterize, PM2 and the node:cluster loop side by side', () => peers(ctx, { log }));
    if (has('scale')) {
      res.scale = await step('the primary at scale', async () => ({
        many: await manyWorkers(ctx, { many: o.quick ? 16 : 64 }),
        crashes: await crashLoop(ctx, { crashes: o.quick ? 200 : 1000, every: o.quick ? 50 : 100 }),
      }));
    }
    if (has('balance')) res.balance = await step('the four balance modes (#13)', () => balanceSuite(ctx));
    if (has('reuseport')) res.reuseport = await step('reusePort under Node 22', () => reusePortSuite(ctx, { log }));
  } finally {
    await killAllPm2();
    killEverything();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  res.meta.durationS = Math.round((performance.now() - began) / 1000);

  const md = render(res) + (res.balance ? `\n${renderBalance(res.balance, res.meta)}\n` : '');
  console.log(md);
  keepLastRun(res, md);
  if (o.write) {
    writeResults(md);
    log('bench: wrote bench/RESULTS.md');
  } else log('bench: report kept in bench/.tmp/last-run.md; --write puts it into bench/RESULTS.md');
}

main().catch(async (err) => {
  await killAllPm2().catch(() => {});
  killEverything();
  console.error(`bench: ${err instanceof UsageError ? err.message : (err.stack ?? err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
