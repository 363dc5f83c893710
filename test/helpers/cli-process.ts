// Runs the real CLI as a child process in its own process group, reads its JSON log
// lines back into objects, and guarantees that the supervisor and every worker it
// forked are gone when the test ends, pass or fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testEnv } from './runtime-dir.js';
import { isAlive, until, withTimeout } from './wait.js';

export const root = path.resolve(fileURLToPath(import.meta.url), '../../../..');
export const bin = path.join(root, 'dist/src/bundle/clusterize.js');
export const fixture = (name: string) => path.join(root, 'fixtures', name);


export interface LogRecord {
  level: number;
  /** The record's name from src/log-events.ts: what tests match on. */
  event: string;
  msg: string;
  slot?: number;
  pid?: number;
  id?: number;
  [key: string]: unknown;
}

type Matcher = (r: LogRecord) => boolean;

export interface CliProcess {
  proc: ChildProcess;
  /** Supervisor log records, in order. */
  records: LogRecord[];
  /** stdout lines that are not supervisor records: what the workers printed. */
  output: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first record (already seen or still to come) that matches. */
  waitFor(match: Matcher, what: string, ms?: number): Promise<LogRecord>;
  /** Resolves when n records (seen or to come) match. */
  waitForCount(match: Matcher, n: number, what: string, ms?: number): Promise<LogRecord[]>;
  waitForOutput(match: (line: string) => boolean, what: string, ms?: number): Promise<string>;
  /** The port the workers listen on, from the first 'listening' record. */
  port(ms?: number): Promise<number>;
  /** Pids of every worker forked so far. */
  workerPids(): number[];
  signal(sig: NodeJS.Signals, group?: boolean): void;
  /** SIGKILL the whole group and wait until every worker is gone. */
  kill(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** What runs clusterize, before its arguments: [node, bin] unless given (npx clusterize, or a wrapper like unshare). */
  command?: string[];
  /** The supervisor runs in a PID namespace of its own: the pids it logs mean other processes out here. */
  ownPidNamespace?: boolean;
}

let counter = 0;

/** A name no other test uses, for --name (and so the control socket). */
export function uniqueName(prefix = 't'): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

export function startCli(t: TestContext, args: string[], o: StartOptions = {}): CliProcess {
  const [file, ...before] = o.command ?? [process.execPath, bin];
  const proc = spawn(file!, [...before, ...args], {
    cwd: o.cwd ?? root,
    env: testEnv({ PORT: '0', ...o.env }),
    detached: true, // own process group: workers join it, and one kill reaches all
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const records: LogRecord[] = [];
  const output: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const exited = once(proc, 'exit').then(([code, signal]) => ({ code, signal })) as CliProcess['exited'];

  readLines(proc.stdout!, (line) => {
    const rec = parseRecord(line);
    if (rec) records.push(rec);
    else output.push(line);
    notify();
  });
  readLines(proc.stderr!, (line) => {
    stderr.push(line);
    notify();
  });
  void exited.then(notify);

  const recent = () =>
    [
      `last records: ${records.slice(-8).map((r) => `${r.event}: ${r.msg}`).join(' | ')}`,
      `stderr tail: ${stderr.slice(-5).join(' | ')}`,
      `output tail: ${output.slice(-5).join(' | ')}`,
    ].join('\n  ');

  function waitUntil<T>(get: () => T | undefined, what: string, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = get();
        if (v !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}\n  ${recent()}`));
      }, ms);
      waiters.add(check);
      check();
    });
  }

  const cli: CliProcess = {
    proc,
    records,
    output,
    stderr,
    exited,
    waitFor: (match, what, ms = 15_000) => waitUntil(() => records.find(match), what, ms),
    waitForCount: (match, n, what, ms = 15_000) =>
      waitUntil(
        () => {
          const found = records.filter(match);
          return found.length >= n ? found : undefined;
        },
        `${n} x ${what}`,
        ms,
      ),
    waitForOutput: (match, what, ms = 15_000) => waitUntil(() => output.find(match), what, ms),
    port: async (ms = 15_000) => {
      const rec = await cli.waitFor((r) => typeof r.port === 'number' && r.port > 0, 'a worker listening', ms);
      return rec.port as number;
    },
    // A fork that failed has no process (pid -1): never signal that, it means every process we own.
    workerPids: () => records.filter((r) => r.event === 'worker.fork' && typeof r.pid === 'number' && r.pid > 0).map((r) => r.pid!),
    signal: (sig, group = false) => {
      try {
        process.kill(group ? -proc.pid! : proc.pid!, sig);
      } catch {
        // already gone
      }
    },
    kill: async () => {
      cli.signal('SIGKILL', true);
      if (o.ownPidNamespace) {
        // Killing the namespace's pid 1 (in the group) kills every process in it.
        await withTimeout(exited, 5000, 'the namespace to die after SIGKILL');
        return;
      }
      for (const pid of cli.workerPids()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      await withTimeout(exited, 5000, 'the supervisor to die after SIGKILL');
      await until(() => cli.workerPids().every((p) => !isAlive(p)), 'every worker to be gone', 5000);
    },
  };
  t.after(() => cli.kill());
  return cli;
}

/** Runs the CLI to completion (for commands that return): exit code and output. */
export async function runCli(
  args: string[],
  o: StartOptions & { timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [bin, ...args], {
    cwd: o.cwd ?? root,
    env: testEnv(o.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d));
  proc.stderr.on('data', (d: Buffer) => (stderr += d));
  try {
    // 'close', not 'exit': only then has everything it printed been read.
    const [code] = (await withTimeout(once(proc, 'close'), o.timeoutMs ?? 20_000, `clusterize ${args.join(' ')} to exit`)) as [number | null];
    return { code, stdout, stderr };
  } finally {
    proc.kill('SIGKILL');
  }
}

function parseRecord(line: string): LogRecord | null {
  if (!line.startsWith('{"level":')) return null;
  try {
    const rec = JSON.parse(line) as LogRecord;
    return typeof rec.msg === 'string' && rec.name === 'clusterize' ? rec : null;
  } catch {
    return null;
  }
}

function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    const parts = rest.split('\n');
    rest = parts.pop()!;
    parts.forEach(onLine);
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
  });
}
