// The ways of running the same app that the bench compares. launch() starts one on a
// free port and resolves once every worker has printed its `listening` line.
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './http.js';
import { daemonPid, newHome, pm2Command, pm2Kill } from './pm2.js';
import { childrenOf } from './procfs.js';
import { start } from './processes.js';
import { sleep } from './stats.js';
import { apps, cli } from './paths.js';

const isShell = (pid) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('/bin/sh');
  } catch {
    return false;
  }
};

/**
 * @typedef {{ id: string, label: string, kind: 'single' | 'cluster' | 'clusterize' | 'pm2', balance?: 'rr' | 'os' | 'auto',
 *   sched?: 'rr' | 'none', reusePort?: boolean, args?: string[] }} Spec
 */

/** @type {Record<string, Spec>} */
export const specs = {
  single: { id: 'single', label: 'single process', kind: 'single' },
  cluster: { id: 'cluster', label: 'node:cluster (docs loop, rr)', kind: 'cluster', sched: 'rr' },
  'cluster-none': { id: 'cluster-none', label: 'node:cluster (docs loop, SCHED_NONE)', kind: 'cluster', sched: 'none' },
  'clusterize-rr': { id: 'clusterize-rr', label: 'clusterize --balance rr', kind: 'clusterize', balance: 'rr' },
  'clusterize-os': { id: 'clusterize-os', label: 'clusterize --balance os', kind: 'clusterize', balance: 'os' },
  'clusterize-auto': { id: 'clusterize-auto', label: 'clusterize (default)', kind: 'clusterize' },
  'clusterize-reuseport': { id: 'clusterize-reuseport', label: 'clusterize + reusePort', kind: 'clusterize', reusePort: true },
  pm2: { id: 'pm2', label: 'PM2 (cluster mode)', kind: 'pm2' },
};

let serial = 0;

/**
 * @param {Spec} spec
 * @param {{ tmp: string, app: string, workers: number, node?: string, env?: Record<string, string>, args?: string[], timeoutMs?: number }} o
 */
export async function launch(spec, o) {
  const port = await freePort();
  const tag = `${spec.id}-${++serial}`;
  const countDir = fs.mkdtempSync(path.join(o.tmp, `${tag}-`));
  const env = { PORT: String(port), BENCH_COUNT_DIR: countDir, ...o.env };
  if (spec.reusePort) env.BENCH_REUSEPORT = '1';
  const app = path.join(apps, o.app);
  const n = spec.kind === 'single' ? 1 : o.workers;
  if (spec.kind === 'pm2') return launchPm2(spec, o, { port, tag, countDir, env, app, n });
  let args;
  const socket = path.join(o.tmp, `${tag}.sock`);
  switch (spec.kind) {
    case 'single':
      args = [app];
      break;
    case 'cluster':
      args = [path.join(apps, 'node-cluster.js'), app];
      env.BENCH_WORKERS = String(n);
      if (spec.sched === 'none') env.BENCH_SCHED = 'none';
      break;
    case 'clusterize':
      args = [cli, app, '-i', String(n), '--log-format', 'json', '--name', `bench-${process.pid}-${tag}`, '--socket', socket];
      if (spec.balance) args.push('--balance', spec.balance);
      if (spec.reusePort) args.push('--wait-ready');
      args.push(...(spec.args ?? []), ...(o.args ?? []));
      break;
  }
  const proc = start(o.node ?? process.execPath, args, { env, label: tag });
  const timeoutMs = o.timeoutMs ?? 20000;
  const listening = await proc.waitForLines((t) => /^listening \d+ \d+$/.test(t), { count: n, timeoutMs });
  let balance = null;
  if (spec.kind === 'clusterize') {
    await proc.waitForRecord((r) => r.event === 'cluster.ready', { timeoutMs });
    balance = proc.records().find((r) => r.balance)?.balance ?? null;
  }
  return new Contender(spec, proc, { port, countDir, socket, workers: n, balance, listeningAt: listening.at(-1).at });
}

/**
 * `pm2 start app -i n` with a fresh PM2_HOME, so the daemon starts cold as on a first
 * `pm2 start`; ready once n `listening` lines are in the log file PM2 writes.
 */
async function launchPm2(spec, o, { port, tag, countDir, env, app, n }) {
  const home = newHome(o.tmp, tag);
  const out = path.join(home, 'app.log');
  const pm2 = { node: o.node, home, env };
  const startedAt = performance.now();
  const r = await pm2Command(pm2, ['start', app, '-i', String(n), '--name', tag, '--merge-logs', '--output', out, '--error', out]);
  if (r.code !== 0) {
    await pm2Kill(pm2);
    throw new Error(`pm2 start failed (code ${r.code}):\n${r.stderr || r.stdout}`);
  }
  const deadline = startedAt + (o.timeoutMs ?? 20000);
  let listeningAt = null;
  while (listeningAt === null) {
    const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (text.split('\n').filter((l) => /^listening \d+ \d+$/.test(l)).length >= n) listeningAt = performance.now();
    else if (performance.now() > deadline) {
      await pm2Kill(pm2);
      throw new Error(`PM2's ${n} workers did not all print 'listening' within ${o.timeoutMs ?? 20000} ms; its log:\n${text.slice(-2000)}`);
    } else await sleep(5);
  }
  return new Pm2Contender(spec, pm2, { name: tag, port, countDir, workers: n, startedAt, listeningAt, cliMs: r.ms });
}

export class Contender {
  constructor(spec, proc, { port, countDir, socket, workers, balance, listeningAt }) {
    this.spec = spec;
    this.id = spec.id;
    this.proc = proc;
    this.port = port;
    this.countDir = countDir;
    this.socket = socket;
    this.workers = workers;
    /** What clusterize says it resolved --balance to. */
    this.balance = balance;
    /** From spawn to the last worker's `listening` line, in ms. */
    this.startMs = listeningAt - proc.startedAt;
  }

  url(p = '/') {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  get primaryPid() {
    return this.spec.kind === 'single' ? null : this.proc.pid;
  }

  workerPids() {
    // clusterize's reaper (src/os/reaper.ts, a /bin/sh of 1.7 MB) is a child too, not a worker.
    return this.spec.kind === 'single' ? [this.proc.pid] : childrenOf(this.proc.pid).filter((pid) => !isShell(pid));
  }

  /** Requests served so far by each process (pid -> count), as the apps last wrote them. */
  counts() {
    const out = new Map();
    for (const f of fs.readdirSync(this.countDir)) out.set(Number(f), Number(fs.readFileSync(path.join(this.countDir, f), 'utf8')) || 0);
    return out;
  }

  stop() {
    return this.proc.stop();
  }
}

/** Requests per process between two counts() snapshots, busiest first. */
export function servedBetween(before, after) {
  const out = [];
  for (const [pid, n] of after) {
    const d = n - (before.get(pid) ?? 0);
    if (d > 0) out.push(d);
  }
  return out.sort((a, b) => b - a);
}

/** The same interface over a PM2 daemon: its pid is the supervisor's, its children the workers. */
export class Pm2Contender extends Contender {
  constructor(spec, pm2, { name, port, countDir, workers, startedAt, listeningAt, cliMs }) {
    super(spec, { pid: daemonPid(pm2.home), startedAt }, { port, countDir, socket: null, workers, balance: null, listeningAt });
    this.pm2 = pm2;
    /** The app's name in PM2. */
    this.name = name;
    /** How long `pm2 start` itself ran. */
    this.cliMs = cliMs;
  }

  get primaryPid() {
    return this.proc.pid;
  }

  workerPids() {
    return this.proc.pid ? childrenOf(this.proc.pid) : [];
  }

  async stop() {
    await pm2Kill(this.pm2);
  }
}
