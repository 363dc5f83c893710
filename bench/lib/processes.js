// Every process the bench starts goes through start(): it runs in its own process
// group (so a cluster's workers go with it), its output is kept line by line for
// waitForLines(), and whatever is still alive when the bench exits, fails or is
// interrupted gets SIGKILL by group.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const groups = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function killEverything() {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  groups.clear();
}

let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      killEverything();
      console.error(`\nbench: ${signal}, stopped every process it had started`);
      process.exit(130);
    });
  }
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, cwd?: string, label?: string }} [o]
 */
export function start(cmd, args, o = {}) {
  hookExit();
  const startedAt = performance.now();
  const child = spawn(cmd, args, {
    env: { ...process.env, ...o.env },
    cwd: o.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    // spawn() reports ENOENT and the like as an 'error' event, after this returns.
    child.on('error', () => {});
    throw new Error(`could not start ${cmd} ${args.join(' ')} (is it installed?)`);
  }
  groups.add(pid);
  const proc = new Proc(o.label ?? args[0] ?? cmd, child, startedAt);
  child.once('exit', (code, signal) => {
    proc.exit = { code, signal, at: performance.now() };
    // The group outlives its leader while workers remain; it is only gone once
    // nothing in it answers a signal.
    if (!killGroup(pid, 0)) groups.delete(pid);
    proc.wake();
  });
  return proc;
}

export class Proc {
  constructor(label, child, startedAt) {
    this.label = label;
    this.child = child;
    this.pid = child.pid;
    this.startedAt = startedAt;
    /** @type {{ stream: 'stdout' | 'stderr', text: string, at: number }[]} */
    this.lines = [];
    this.exit = null;
    this.waiters = new Set();
    for (const stream of ['stdout', 'stderr']) {
      let rest = '';
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk) => {
        const at = performance.now();
        const parts = (rest + chunk).split('\n');
        rest = parts.pop();
        for (const text of parts) this.lines.push({ stream, text, at });
        this.wake();
      });
      child[stream].on('end', () => {
        if (rest) this.lines.push({ stream, text: rest, at: performance.now() });
        rest = '';
        this.wake();
      });
    }
    this.closed = new Promise((resolve) => child.once('close', resolve));
  }

  wake() {
    for (const w of [...this.waiters]) w();
  }

  /** JSON records (clusterize's log lines) among the output from line index `from` on. */
  records(from = 0) {
    const out = [];
    for (const l of this.lines.slice(from)) {
      if (l.text[0] !== '{') continue;
      try {
        out.push({ ...JSON.parse(l.text), at: l.at });
      } catch {
        // an app line that happens to start with a brace
      }
    }
    return out;
  }

  /**
   * Resolves with the first `count` lines (from index `from`) that `match` accepts;
   * rejects when the process exits first or after timeoutMs, quoting its last output.
   */
  waitForLines(match, { count = 1, from = 0, timeoutMs = 15000 } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.lines.slice(from).filter((l) => match(l.text, l));
        if (found.length >= count) return finish(null, found.slice(0, count));
        if (this.exit) return finish(this.failure(`exited (${this.exit.signal ?? `code ${this.exit.code}`})`));
      };
      const timer = setTimeout(() => finish(this.failure(`did not print what the bench waits for within ${timeoutMs} ms`)), timeoutMs);
      const finish = (err, value) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve(value);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves with the first JSON record from index `from` on that `match` accepts. */
  async waitForRecord(match, o = {}) {
    const [line] = await this.waitForLines((text) => {
      if (text[0] !== '{') return false;
      try {
        return match(JSON.parse(text));
      } catch {
        return false;
      }
    }, o);
    return { ...JSON.parse(line.text), at: line.at };
  }

  failure(what) {
    const tail = this.lines.slice(-15).map((l) => `  ${l.stream}| ${l.text}`).join('\n');
    return new Error(`${this.label} (pid ${this.pid}) ${what}${tail ? `; its last output:\n${tail}` : ''}`);
  }

  get alive() {
    return this.exit === null;
  }

  exited() {
    if (this.exit) return Promise.resolve(this.exit);
    return new Promise((resolve) => this.child.once('exit', () => resolve(this.exit)));
  }

  /** SIGTERM to the leader, the whole group killed if it is not gone within graceMs. */
  async stop(graceMs = 3000) {
    if (this.alive) {
      killGroup(this.pid, 0) && this.child.kill('SIGTERM');
      const timer = new Promise((r) => setTimeout(r, graceMs).unref());
      await Promise.race([this.exited(), timer]);
    }
    killGroup(this.pid, 'SIGKILL');
    groups.delete(this.pid);
    if (this.alive) await this.exited();
  }
}

/** Runs a command to its end (in its own group, killed with the rest on Ctrl-C). */
export async function run(cmd, args, o = {}) {
  const p = start(cmd, args, o);
  // 'close', not 'exit': the last output may arrive after the exit.
  await p.closed;
  const exit = p.exit;
  groups.delete(p.pid);
  const text = (s) => p.lines.filter((l) => l.stream === s).map((l) => l.text).join('\n');
  return { code: exit.code, signal: exit.signal, stdout: text('stdout'), stderr: text('stderr') };
}
