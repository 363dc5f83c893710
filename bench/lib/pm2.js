// PM2 (cluster mode) as a contender. It is not a dependency of clusterize: the bench
// installs a pinned version into bench/.tmp/pm2 (gitignored) the first time --peers
// asks for it. Every run gets its own PM2_HOME under the run's scratch directory, so
// it never meets a PM2 the user runs, and `pm2 kill` ends its daemon and workers after
// each contender, at exit, on error and on Ctrl-C.
import fs from 'node:fs';
import path from 'node:path';
import { benchDir } from './paths.js';
import { childrenOf } from './procfs.js';
import { run } from './processes.js';

export const PM2_VERSION = '7.0.4';
const prefix = path.join(benchDir, '.tmp', 'pm2');
export const pm2Bin = path.join(prefix, 'node_modules', 'pm2', 'bin', 'pm2');

/** PM2's CLI, installed on first use; null (and why) when npm cannot install it. */
export async function installPm2({ log = console.error } = {}) {
  const pkg = path.join(prefix, 'node_modules', 'pm2', 'package.json');
  const installed = fs.existsSync(pkg) ? JSON.parse(fs.readFileSync(pkg, 'utf8')).version : null;
  if (installed === PM2_VERSION) return { version: installed, how: 'cached in bench/.tmp/pm2' };
  log(`bench: installing pm2@${PM2_VERSION} from the npm registry into bench/.tmp/pm2 (for --peers)`);
  fs.mkdirSync(prefix, { recursive: true });
  const r = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', prefix, `pm2@${PM2_VERSION}`]);
  if (r.code !== 0 || !fs.existsSync(pm2Bin)) return { skipped: `npm install pm2@${PM2_VERSION} failed: ${r.stderr.trim().split('\n').at(-1)}` };
  return { version: PM2_VERSION, how: `npm install pm2@${PM2_VERSION}` };
}

const homes = new Set();

/** `pm2 kill` in every PM2_HOME still in use: for the exit paths. */
export async function killAllPm2(node = process.execPath) {
  await Promise.all([...homes].map((home) => pm2Command({ node, home }, ['kill'])));
}

/** Synchronous last resort on process exit: SIGKILL each daemon (its workers die with its IPC channel). */
export function killAllPm2Now() {
  for (const home of homes) {
    const pid = daemonPid(home);
    for (const p of pid ? [pid, ...childrenOf(pid)] : []) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  homes.clear();
}

export function daemonPid(home) {
  try {
    return Number(fs.readFileSync(path.join(home, 'pm2.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/** A fresh PM2_HOME, remembered until pm2Kill(). */
export function newHome(tmp, tag) {
  const home = fs.mkdtempSync(path.join(tmp, `pm2-${tag}-`));
  homes.add(home);
  return home;
}

/** Runs one pm2 command to its end; `timed` adds its wall time in ms. */
export async function pm2Command({ node = process.execPath, home, env = {} }, args) {
  const t = performance.now();
  const r = await run(node, [pm2Bin, ...args], { env: { ...env, PM2_HOME: home, PM2_SILENT: 'true' }, label: `pm2 ${args[0]}` });
  return { ...r, ms: performance.now() - t };
}

export async function pm2Kill(o) {
  const r = await pm2Command(o, ['kill']);
  homes.delete(o.home);
  return r;
}
