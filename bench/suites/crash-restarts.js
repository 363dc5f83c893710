#!/usr/bin/env node
// Standalone: node bench/suites/crash-restarts.js [--restarts 1000]
// A crash loop with no backoff (a worker that exits at once, --min-uptime 0,
// --restart-delay 0) and the OS sampler reading every 100 ms (the shortest allowed). The primary's open
// descriptors are sampled every 20 ms: forks in flight hold a few pipes each, so the
// floor (the fewest seen) in each window of 100 restarts is what must not grow; its
// RSS must level off after the first windows.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { cli, root } from '../lib/contenders.js';
import { rssBytes } from '../lib/procfs.js';
import { start } from '../lib/processes.js';

const { values } = parseArgs({ options: { restarts: { type: 'string', default: '1000' } } });
const total = Number(values.restarts);
const WINDOW = 100;
const sup = start(
  process.execPath,
  [cli, `${root}/fixtures/exit-at-once.js`, '-i', '2', '--min-uptime', '0', '--restart-delay', '0', '--metrics-interval', '100', '--log-format', 'json', '--log-level', 'warn'],
  { env: { EXIT_CODE: '1' }, label: 'clusterize' },
);
let restarts = 0;
sup.child.stdout.on('data', (d) => (restarts += d.toString().split('"event":"worker.restart"').length - 1));
const windows = [];
const started = Date.now();
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const i = Math.floor(restarts / WINDOW);
    if (i >= total / WINDOW || sup.exit) {
      clearInterval(timer);
      return resolve();
    }
    const fds = fs.readdirSync(`/proc/${sup.pid}/fd`).length;
    const w = (windows[i] ??= { restarts: (i + 1) * WINDOW, minFds: fds, maxFds: fds, rssMB: 0, seconds: 0 });
    w.minFds = Math.min(w.minFds, fds);
    w.maxFds = Math.max(w.maxFds, fds);
    w.rssMB = +(rssBytes(sup.pid) / 1048576).toFixed(1);
    w.seconds = +((Date.now() - started) / 1000).toFixed(1);
  }, 20);
});
sup.child.kill('SIGTERM');
await sup.closed;
const filled = windows.filter(Boolean);
// The first window includes start-up (nothing open yet); compare from the third on.
const warm = filled[Math.min(2, filled.length - 1)];
const last = filled.at(-1);
const flat = last.minFds <= warm.minFds + 4 && last.rssMB - warm.rssMB < 15;
console.log(JSON.stringify({ restarts: total, windows: filled, flat }, null, 2));
process.exit(flat ? 0 : 1);
