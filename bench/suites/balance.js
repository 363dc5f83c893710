#!/usr/bin/env node
// The four --balance modes side by side (#13): throughput with a new connection per
// request and with keep-alive, p50/p99 on a mixed workload (most requests fast, one
// in ten holding the CPU ~50 ms), and how evenly the requests spread over the workers.
// Load comes from many client addresses (bench/lib/spread-load.js) so that ip-hash has
// clients to spread. Rounds are interleaved (A B C D, B C D A, ...) so a noisy moment
// hits every mode alike.
//   node bench/suites/balance.js [--rounds 3] [--seconds 3] [--workers 2]   (after npm run build)
// or through bench/run.js: --only balance.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launch, servedBetween } from '../lib/contenders.js';
import { loadGenerator } from '../lib/loadgen.js';
import { busyPercent, machine } from '../lib/machine.js';
import { killEverything } from '../lib/processes.js';
import { spreadLoad } from '../lib/spread-load.js';
import { fmt, median, ratio, sleep, sum, table } from '../lib/stats.js';

export const modes = ['os', 'rr', 'least-conn', 'ip-hash'];

const loads = [
  { id: 'fresh', label: 'hello world, a new connection per request, 32 clients', app: 'hello.js', keepAlive: false, connections: 32 },
  { id: 'keep-alive', label: 'hello world, keep-alive, 32 clients', app: 'hello.js', keepAlive: true, connections: 32 },
  { id: 'mixed', label: 'mixed (10% hold the CPU 50 ms), a new connection per request, 16 clients', app: 'mixed.js', keepAlive: false, connections: 16 },
  // What least-conn is meant for: connections of uneven lifetimes opened over time.
  // Sessions of 1-200 keep-alive requests, with pauses, so the cluster is busy but not
  // saturated and latency shows where requests were sent, not only how long the queue is.
  {
    id: 'mixed-sessions',
    label: 'mixed, keep-alive sessions of 1–200 requests, 0–50 ms between requests, 16 clients',
    app: 'mixed.js',
    keepAlive: true,
    connections: 16,
    perConnection: 200,
    thinkMs: 50,
  },
  // wrk takes far less CPU than Node's client, which matters on a small machine; but it
  // has one client address, so ip-hash rightly sends all of it to one worker.
  {
    id: 'mixed-wrk',
    label: 'mixed, a new connection per request, 8 connections from wrk (one client address: ip-hash uses one worker)',
    app: 'mixed.js',
    keepAlive: false,
    connections: 8,
    wrk: true,
  },
];

const spec = (mode) => ({ id: `clusterize-${mode}`, label: `clusterize --balance ${mode}`, kind: 'clusterize', balance: mode });

/** @param {{ tmp: string, rounds: number, seconds: number, workers: number, loadgen: { run: (o: object) => Promise<object> } }} ctx */
export async function balanceSuite(ctx) {
  const out = {};
  for (const load of loads) {
    const contenders = await Promise.all(modes.map((m) => launch(spec(m), { tmp: ctx.tmp, app: load.app, workers: ctx.workers })));
    try {
      const runs = new Map(modes.map((m) => [m, []]));
      // Warm-up, not measured.
      const drive = (c, seconds) =>
        load.wrk
          ? ctx.loadgen.run({ url: c.url('/'), connections: load.connections, seconds: Math.max(1, Math.round(seconds)), close: !load.keepAlive })
          : spreadLoad({ port: c.port, connections: load.connections, seconds, keepAlive: load.keepAlive, perConnection: load.perConnection, thinkMs: load.thinkMs });
      for (const c of contenders) await drive(c, 1);
      for (let round = 0; round < ctx.rounds; round++) {
        for (let k = 0; k < contenders.length; k++) {
          const c = contenders[(k + round) % contenders.length];
          const before = c.counts();
          const r = await drive(c, ctx.seconds);
          await sleep(250); // the apps write their counts every 100 ms
          const per = servedBetween(before, c.counts());
          // A worker that served nothing is a worker too: evenness is then 0.
          while (per.length < ctx.workers) per.push(0);
          runs.get(c.balance ?? c.spec.balance).push({ ...r, spread: per.length ? per[per.length - 1] / per[0] : null, perWorker: per });
        }
      }
      out[load.id] = {
        label: load.label,
        rows: modes.map((m) => {
          const rs = runs.get(m);
          return {
            mode: m,
            rps: median(rs.map((r) => r.rps)),
            p50Ms: median(rs.map((r) => r.p50Ms)),
            p99Ms: median(rs.map((r) => r.p99Ms)),
            spread: median(rs.map((r) => r.spread)),
            failed: sum(rs.map((r) => r.failed)),
          };
        }),
      };
    } finally {
      await Promise.all(contenders.map((c) => c.stop()));
    }
  }
  return out;
}

export function renderBalance(res, meta) {
  const parts = [
    `### Balance modes side by side (${meta.date})`,
    '',
    `\`${meta.command}\` on ${meta.machine.cores} cores (${meta.machine.cpuModel}), Node ${process.version}, ${meta.workers} workers; ` +
      `${meta.rounds} interleaved rounds of ${meta.seconds} s per mode; load from bench/lib/spread-load.js (Node's http client, one client address per connection) unless it says wrk, on the same machine; ` +
      `CPU ${fmt.pct(meta.busyBefore)} busy before the run.`,
    '',
  ];
  for (const w of Object.values(res)) {
    const rr = w.rows.find((r) => r.mode === 'rr');
    parts.push(`**${w.label}**`, '');
    parts.push(
      table(
        ['mode', 'req/s', 'vs rr', 'p50', 'p99', 'evenness (min/max per worker)', 'failed'],
        w.rows.map((r) => [r.mode, fmt.int(r.rps), fmt.x(ratio(r.rps, rr?.rps ?? null)), fmt.ms(r.p50Ms), fmt.ms(r.p99Ms), r.spread === null ? '–' : r.spread.toFixed(2), String(r.failed)]),
      ),
      '',
    );
  }
  return parts.join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, seconds: { type: 'string' }, workers: { type: 'string' } } });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-bench-balance-'));
  const meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `node bench/suites/balance.js${process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    machine: machine(),
    busyBefore: await busyPercent(1000),
    rounds: Number(values.rounds ?? 3),
    seconds: Number(values.seconds ?? 3),
    workers: Number(values.workers ?? os.availableParallelism()),
  };
  try {
    const loadgen = await loadGenerator({ prefer: 'wrk' });
    const res = await balanceSuite({ tmp, loadgen, ...meta });
    console.log(renderBalance(res, meta));
  } finally {
    killEverything();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
