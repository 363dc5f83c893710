// The load generator: wrk from Debian's packages (C, one thread, so it takes as little
// as possible of a machine whose cores the servers need too), installed here when
// missing; autocannon through npx only if that fails. Both answer in one shape.
import { execFileSync } from 'node:child_process';
import { run } from './processes.js';

/** @typedef {{ requests: number, rps: number, p50Ms: number|null, p99Ms: number|null, errors: { connect: number, read: number, write: number, timeout: number, non2xx: number }, failed: number }} LoadResult */

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

async function wrkVersion() {
  const r = await run('wrk', ['-v']);
  return /^wrk\s+(\S+)/m.exec(r.stdout + r.stderr)?.[1] ?? 'unknown';
}

async function aptInstallWrk(log) {
  if (process.getuid?.() !== 0) return false;
  log('bench: wrk is missing; installing it with apt-get (Debian package "wrk")');
  // Try without an update first: a fresh package list costs ~10 s and is often there.
  let r = await run('apt-get', ['install', '-y', '-q', 'wrk'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.code !== 0) {
    await run('apt-get', ['update', '-q'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    r = await run('apt-get', ['install', '-y', '-q', 'wrk'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return r.code === 0 && which('wrk') !== null;
}

/**
 * @param {{ prefer?: 'wrk' | 'autocannon', log?: (s: string) => void }} o
 * @returns {Promise<{ name: string, version: string, how: string, run: (o: LoadOptions) => Promise<LoadResult> }>}
 */
export async function loadGenerator({ prefer = 'wrk', log = console.error } = {}) {
  if (prefer === 'wrk') {
    let how = 'already installed';
    if (!which('wrk')) how = (await aptInstallWrk(log)) ? 'installed by the bench with apt-get' : '';
    if (how) return { name: 'wrk', version: await wrkVersion(), how, run: runWrk };
    log('bench: could not install wrk with apt-get; falling back to autocannon (npx)');
  }
  const r = await run('npx', ['--yes', AUTOCANNON, '--version']);
  if (r.code !== 0) throw new Error(`no load generator: neither wrk (apt-get install wrk) nor ${AUTOCANNON} (npx) could be run:\n${r.stderr}`);
  const version = /autocannon v?(\S+)/.exec(r.stdout + r.stderr)?.[1] ?? AUTOCANNON;
  return { name: 'autocannon', version, how: 'run with npx', run: runAutocannon };
}

const AUTOCANNON = 'autocannon@8';

/**
 * @typedef {{ url: string, connections: number, seconds: number, close?: boolean, threads?: number }} LoadOptions
 */

/** @param {LoadOptions} o */
async function runWrk(o) {
  const args = ['-t', String(o.threads ?? 1), '-c', String(o.connections), '-d', `${o.seconds}s`, '--timeout', '5s', '--latency'];
  if (o.close) args.push('-H', 'Connection: close');
  args.push(o.url);
  const r = await run('wrk', args, { label: 'wrk' });
  if (r.code !== 0) throw new Error(`wrk ${args.join(' ')} failed (code ${r.code}):\n${r.stderr || r.stdout}`);
  return parseWrk(r.stdout);
}

const units = { us: 1e-3, ms: 1, s: 1000, m: 60000 };
const toMs = (v, u) => Number(v) * units[u];

export function parseWrk(out) {
  const num = (re) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : 0;
  };
  const pct = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? toMs(m[1], m[2]) : null;
  };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  if (!rps) throw new Error(`could not read wrk's output:\n${out}`);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = {
    connect: sock ? Number(sock[1]) : 0,
    read: sock ? Number(sock[2]) : 0,
    write: sock ? Number(sock[3]) : 0,
    timeout: sock ? Number(sock[4]) : 0,
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
  };
  return {
    requests: num(/(\d+) requests in/),
    rps: Number(rps[1]),
    p50Ms: pct(50),
    p99Ms: pct(99),
    errors,
    failed: errors.connect + errors.read + errors.write + errors.timeout + errors.non2xx,
  };
}

/** @param {LoadOptions} o */
async function runAutocannon(o) {
  const args = ['--yes', AUTOCANNON, '-j', '-c', String(o.connections), '-d', String(o.seconds), '-t', '5'];
  if (o.close) args.push('-H', 'connection=close');
  args.push(o.url);
  const r = await run('npx', args, { label: 'autocannon' });
  const j = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  const errors = { connect: j.errors - j.timeouts, read: 0, write: 0, timeout: j.timeouts, non2xx: j.non2xx };
  return {
    requests: j.requests.total,
    rps: j.requests.average,
    p50Ms: j.latency.p50 ?? null,
    p99Ms: j.latency.p99 ?? null,
    errors,
    failed: j.errors + j.non2xx,
  };
}
