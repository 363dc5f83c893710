#!/usr/bin/env node
// Standalone: node bench/suites/crash-restarts.js [--restarts 1000]
// A crash loop with no backoff (a worker that exits at once, --min-uptime 0,
// --restart-delay 0) and the OS sampler reading every 20 ms: the primary's open
// descriptors and RSS, sampled along the way, must stay flat.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { cli, root } from '../lib/contenders.js';
import { rssBytes } from '../lib/procfs.js';
import { start } from '../lib/processes.js';

const { values } = parseArgs({ options: { restarts: { type: 'string', default: '1000' } } });
const total = Number(values.restarts);
const sup = start(
  process.execPath,
  [cli, `${root}/fixtures/exit-at-once.js`, '-i', '2', '--min-uptime', '0', '--restart-delay', '0', '--metrics-interval', '20', '--log-format', 'json', '--log-level', 'warn'],
  { env: { EXIT_CODE: '1' }, label: 'clusterize' },
);
const fds = () => fs.readdirSync(`/proc/${sup.pid}/fd`).length;
const samples = [];
const started = Date.now();
for (let at = 50; at <= total; at += Math.max(50, Math.floor(total / 10))) {
  await sup.waitForLines((l) => l.includes('"event":"worker.restart"'), { count: at, timeoutMs: 600_000 });
  samples.push({ restarts: at, fds: fds(), rssMB: +(rssBytes(sup.pid) / 1048576).toFixed(1), seconds: +((Date.now() - started) / 1000).toFixed(1) });
}
sup.child.kill('SIGTERM');
await sup.closed;
console.log(JSON.stringify({ restarts: total, samples }, null, 2));
const first = samples[0];
const last = samples.at(-1);
process.exit(last.fds - first.fds <= 8 && last.rssMB - first.rssMB < 25 ? 0 : 1);
