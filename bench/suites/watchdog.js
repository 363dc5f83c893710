#!/usr/bin/env node
// Standalone: node bench/suites/watchdog.js [--rounds 5]
// What the watchdog thread costs a worker (src/worker/watchdog.ts): the RSS of a node
// process with and without it, and the throughput of a CPU-bound loop on the main
// thread with and without it, in interleaved rounds. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { root } from '../lib/contenders.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
// A child that starts the watchdog (or not), settles, reports its RSS, then counts
// sha256 digests for 2 s on its main thread.
const probe = `
  const { createHash } = await import('node:crypto');
  if (process.argv[1] === 'on') (await import(${JSON.stringify(`${root}/dist/src/worker/watchdog.js`)})).startWatchdog();
  await new Promise((r) => setTimeout(r, 1000));
  const rss = process.memoryUsage().rss;
  let n = 0;
  const until = performance.now() + 2000;
  while (performance.now() < until) { createHash('sha256').update('x').digest(); n++; }
  console.log(JSON.stringify({ rss, opsPerSec: n / 2 }));
  process.exit(0);
`;
const run = (mode) => JSON.parse(spawnSync(process.execPath, ['--input-type=module', '-e', probe, mode], { encoding: 'utf8' }).stdout);
const results = { off: [], on: [] };
for (let i = 0; i < rounds; i++) for (const mode of i % 2 ? ['on', 'off'] : ['off', 'on']) results[mode].push(run(mode));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = Object.fromEntries(
  Object.entries(results).map(([mode, rs]) => [mode, { rssMB: +(median(rs.map((r) => r.rss)) / 1048576).toFixed(1), opsPerSec: Math.round(median(rs.map((r) => r.opsPerSec))) }]),
);
summary.costMB = +(summary.on.rssMB - summary.off.rssMB).toFixed(1);
summary.throughputChangePercent = +((summary.on.opsPerSec / summary.off.opsPerSec - 1) * 100).toFixed(1);
console.log(JSON.stringify({ rounds, ...summary }, null, 2));
