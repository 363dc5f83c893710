// Kill a random worker every second under load: in least-conn and ip-hash no request
// waits more than 5 s (a connection handed to a dying worker goes to another one, where
// node:cluster's round-robin leaves it hanging), and the primary stays up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName, type CliProcess } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { isAlive } from '../helpers/wait.js';

const LIMIT_MS = 5000;

function livePids(cli: CliProcess): number[] {
  const exited = new Set(cli.records.filter((r) => r.event === 'worker.exit').map((r) => r.pid));
  return cli.workerPids().filter((p) => !exited.has(p) && isAlive(p));
}

for (const balance of ['least-conn', 'ip-hash'] as const) {
  test(`--balance ${balance}: a worker killed every second for 8 s; no request waits over 5 s, the primary stays up`, async (t) => {
    const cli = startCli(t, [fixture('hello.js'), '-i', '3', '--balance', balance, '--min-uptime', '200', '--name', uniqueName('chaos'), '--log-format', 'json']);
    await cli.waitFor((r) => r.event === 'cluster.ready', 'all workers ready');
    const port = await cli.port();

    let running = true;
    const waits: number[] = [];
    let ok = 0;
    const errors: string[] = [];
    const client = async () => {
      while (running) {
        const started = Date.now();
        try {
          const r = await get(port, '/', { timeoutMs: LIMIT_MS + 1000 });
          if (r.status === 200) ok++;
        } catch (err) {
          // A connection a worker had taken dies with it; what matters is that nothing hangs.
          errors.push((err as Error).message);
        }
        waits.push(Date.now() - started);
      }
    };
    const clients = Array.from({ length: 6 }, () => client());
    t.after(() => (running = false));

    let kills = 0;
    for (let second = 0; second < 8; second++) {
      await new Promise((r) => setTimeout(r, 1000));
      const pids = livePids(cli);
      const victim = pids[Math.floor(Math.random() * pids.length)];
      if (victim === undefined) continue;
      process.kill(victim, 'SIGKILL');
      kills++;
    }
    running = false;
    await Promise.all(clients);

    assert.ok(kills >= 6, `workers were killed: ${kills}`);
    assert.ok(isAlive(cli.proc.pid!), 'the primary is up');
    const worst = Math.max(...waits);
    assert.ok(worst < LIMIT_MS, `the longest request took ${worst} ms (errors: ${errors.slice(0, 5).join('; ')})`);
    assert.ok(ok > 100, `requests kept being served: ${ok}`);
    assert.ok(cli.records.some((r) => r.event === 'worker.restart'), 'killed workers were restarted');
  });
}
