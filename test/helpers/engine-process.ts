// A real engine (nginx, HAProxy) run in the foreground as this test's own child, in a
// process group of its own so that one kill reaches its workers too; always killed
// when the test ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { TestContext } from 'node:test';
import { withTimeout } from './wait.js';

export interface EngineProcess {
  proc: ChildProcess;
  /** stdout and stderr lines, with the time each arrived. */
  lines: { at: number; text: string }[];
  /** The first line (seen or to come, arrived at `since` or later) that matches. */
  waitForLine(re: RegExp, what: string, o?: { ms?: number; since?: number }): Promise<{ at: number; text: string }>;
}

export function startEngine(t: TestContext, file: string, args: string[], o: { cwd?: string } = {}): EngineProcess {
  const proc = spawn(file, args, { cwd: o.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: EngineProcess['lines'] = [];
  const waiters = new Set<() => void>();
  let exit: string | null = null;
  const exited = once(proc, 'exit').then(([code, signal]) => {
    exit = `${file} exited (${signal ?? `code ${code}`})`;
    waiters.forEach((w) => w());
  });
  for (const stream of [proc.stdout!, proc.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const text of parts) lines.push({ at: Date.now(), text });
      waiters.forEach((w) => w());
    });
  }
  t.after(async () => {
    try {
      process.kill(-proc.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await withTimeout(exited, 5000, `${file} to die after SIGKILL`);
  });
  return {
    proc,
    lines,
    waitForLine: (re, what, { ms = 15_000, since = 0 } = {}) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((l) => l.at >= since && re.test(l.text));
          if (found || exit) {
            waiters.delete(check);
            clearTimeout(timer);
            if (found) resolve(found);
            else reject(new Error(`${exit} while waiting for ${what}; last lines: ${lines.slice(-5).map((l) => l.text).join(' | ')}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${ms} ms waiting for ${what}; last lines: ${lines.slice(-5).map((l) => l.text).join(' | ')}`));
        }, ms);
        waiters.add(check);
        check();
      }),
  };
}
