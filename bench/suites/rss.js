// Where the primary's memory goes: the RSS of a node process that only imports one
// thing and idles, against one that imports nothing. It is what each dependency costs
// the supervisor for its whole life, since the primary loads it once and keeps it.
// The import time is part of every start. The processes run side by side, so the
// times are those of a busy machine: compare them with each other only.
import path from 'node:path';
import { root } from '../lib/paths.js';
import { rssBytes } from '../lib/procfs.js';
import { start } from '../lib/processes.js';
import { median, sleep } from '../lib/stats.js';

const dist = (p) => path.join(root, 'dist/src', p);

export const candidates = [
  ['nothing (node itself)', []],
  ['node:cluster + node:http + node:net', ['node:cluster', 'node:http', 'node:net']],
  ['clusterize library (dist/src/index.js)', [dist('index.js')]],
  ['clusterize CLI, what a start loads (dist/src/cli/commands/start.js)', [dist('cli/main.js'), dist('cli/commands/start.js')]],
  ['clusterize CLI, what --help loads (dist/src/cli/yargs-cli.js)', [dist('cli/main.js'), dist('cli/yargs-cli.js')]],
  ['worker agent (dist/src/bundle/agent.cjs), preloaded in each worker', [dist('bundle/agent.cjs')]],
  ['pino', ['pino']],
  ['… of which thread-stream (pino transports)', ['thread-stream']],
  ['… of which sonic-boom (pino destination)', ['sonic-boom']],
  ['pino-pretty', ['pino-pretty']],
  ['yargs', ['yargs']],
  ['chokidar', ['chokidar']],
  ['pidusage', ['pidusage']],
  ['prom-client', ['prom-client']],
];

export async function importCosts(ctx) {
  const samples = candidates.map(() => []);
  const loadMs = candidates.map(() => []);
  // Memory barely moves from one round to the next; one round is enough by default.
  for (let round = 0; round < (ctx.long ? 3 : 1); round++) {
    const procs = candidates.map(([label, mods]) => {
      // Resolved from the project root, as the CLI resolves its dependencies.
      const code = `const t = performance.now(); for (const m of ${JSON.stringify(mods)}) await import(m); console.log('ready', performance.now() - t); setInterval(() => {}, 1000);`;
      return start(ctx.node ?? process.execPath, ['--input-type=module', '-e', code], { cwd: root, label });
    });
    try {
      const ready = await Promise.all(procs.map((p) => p.waitForLines((t) => t.startsWith('ready '))));
      ready.forEach(([l], i) => loadMs[i].push(Number(l.text.split(' ')[1])));
      await sleep(1000);
      procs.forEach((p, i) => samples[i].push(rssBytes(p.pid)));
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
    }
  }
  const base = median(samples[0]);
  return candidates.map(([label], i) => ({ label, rss: median(samples[i]), delta: median(samples[i]) - base, loadMs: median(loadMs[i]) }));
}
