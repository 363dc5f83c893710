// The hand-written cluster from Node's documentation: fork one worker per slot and
// log deaths, nothing else. The policy is node:cluster's default (round-robin on
// Linux) unless BENCH_SCHED=none.
// Usage: node node-cluster.js <app.js>   (BENCH_WORKERS workers, default: one per CPU)
import cluster from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

if (process.env.BENCH_SCHED === 'none') cluster.schedulingPolicy = cluster.SCHED_NONE;
const app = path.resolve(process.argv[2]);

if (cluster.isPrimary) {
  const n = Number(process.env.BENCH_WORKERS) || os.availableParallelism();
  for (let i = 0; i < n; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => console.log(`worker ${worker.process.pid} died (${signal ?? code})`));
} else {
  await import(pathToFileURL(app).href);
}
