#!/usr/bin/env node
// Standalone: node bench/suites/orphans.js [--rounds 5]
// What it costs that workers never outlive their primary (src/os/reaper.ts): the RSS of
// the one reaper process per supervisor (the workers carry nothing for it), and how
// long two workers stuck in `for (;;);` survive a SIGKILL of the primary.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { cli, root } from '../lib/contenders.js';
import { childrenOf, rssBytes } from '../lib/procfs.js';
import { start } from '../lib/processes.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const alive = (pid) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};
const rounds = [];
for (let i = 0; i < Number(values.rounds); i++) {
  const sup = start(process.execPath, [cli, `${root}/fixtures/busy-loop.js`, '-i', '2', '--log-format', 'json', '--socket', 'false'], { env: { PORT: '0' }, label: 'clusterize' });
  const spinning = await sup.waitForLines((l) => l.startsWith('busy-loop '), { count: 2 });
  const workers = spinning.map((l) => Number(l.text.split(' ')[1]));
  const reaper = childrenOf(sup.pid).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('/bin/sh'));
  const reaperRss = reaper ? rssBytes(reaper) : null;
  const killed = performance.now();
  process.kill(sup.pid, 'SIGKILL');
  while (workers.some(alive) && performance.now() - killed < 10_000) await new Promise((r) => setTimeout(r, 5));
  rounds.push({ reaperRssMB: reaperRss === null ? null : +(reaperRss / 1048576).toFixed(2), workersGoneMs: Math.round(performance.now() - killed), allGone: !workers.some(alive) });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({
  rounds,
  reaperRssMB: median(rounds.map((r) => r.reaperRssMB)),
  workersGoneMs: median(rounds.map((r) => r.workersGoneMs)),
  workerCostMB: 0,
}, null, 2));
process.exit(rounds.every((r) => r.allGone && r.workersGoneMs < 2000) ? 0 : 1);
