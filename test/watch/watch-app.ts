// A copy of fixtures/watch-app in a temporary directory, run by the real CLI with
// --watch: the test edits its files and reads back which version answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fixture, startCli, uniqueName, type CliProcess, type LogRecord } from '../helpers/cli-process.js';
import type { Load } from '../helpers/http.js';
import { withTimeout } from '../helpers/wait.js';

export interface WatchApp {
  dir: string;
  cli: CliProcess;
  port: number;
  /** Writes a file of the app (directories created), relative to its directory. */
  write(file: string, content: string): void;
  setVersion(v: string): void;
  /** The "<file> changed: reloaded in N ms" records so far. */
  reloads(): LogRecord[];
  /** Waits for the nth reload record (1-based) and returns it. */
  waitForReload(n: number, what: string, ms?: number): Promise<LogRecord>;
}

export const isReloadLine = (r: LogRecord) => (r.event === 'watch.reload' && r.reason === undefined);
export const isFailedLine = (r: LogRecord) => (r.event === 'watch.reload' && typeof r.reason === 'string');

export function copyWatchApp(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-watch-')));
  fs.cpSync(fixture('watch-app'), dir, { recursive: true });
  return dir;
}

export async function startWatchApp(t: TestContext, args: string[]): Promise<WatchApp> {
  const dir = copyWatchApp();
  const cli = startCli(t, ['app.js', '--watch', ...args, '--name', uniqueName('watch'), '--log-format', 'json', '--log-level', 'debug'], { cwd: dir });
  // Registered after startCli's own kill, so the app is gone before its files are.
  t.after(async () => {
    await cli.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await cli.waitFor((r) => r.event === 'watch.ready', 'the watcher to be ready');
  await cli.waitFor((r) => r.event === 'cluster.ready', 'every worker to be ready');
  const port = await cli.port();
  const write = (file: string, content: string) => {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  };
  return {
    dir,
    cli,
    port,
    write,
    setVersion: (v) => write('version.js', `export const version = '${v}';\n`),
    reloads: () => cli.records.filter(isReloadLine),
    waitForReload: async (n, what, ms) => (await cli.waitForCount(isReloadLine, n, what, ms))[n - 1]!,
  };
}

/** Waits until a response of the load comes from version v of the app. */
export async function waitForVersion(load: Load, v: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!load.report.timeline.some((r) => r.body.startsWith(`${v} `))) {
    if (Date.now() > deadline) {
      const seen = [...new Set([...load.report.bodies.keys()].map((b) => b.split(' ')[0]))];
      throw new Error(`timed out after ${ms} ms waiting for ${v} to answer; answered: ${seen.join(', ')}; failures: ${load.report.failures.length}`);
    }
    await withTimeout(load.next(1), ms, 'a response');
  }
}
