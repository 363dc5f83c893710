// Long-lived connections are told before their worker goes: on retire the agent calls
// the app's own SIGTERM listeners (a ws server closes its clients with 1001 at once,
// instead of 1006 at kill-timeout), and an app without one is not killed by it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import WebSocket from 'ws';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { withTimeout } from '../helpers/wait.js';

interface Client {
  ws: WebSocket;
  pid: number;
  closed: Promise<{ code: number; at: number }>;
}

async function connect(port: number): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  const closed = once(ws, 'close').then(([code]) => ({ code: code as number, at: Date.now() }));
  closed.catch(() => {});
  const [data] = (await withTimeout(once(ws, 'message'), 10_000, 'the server to greet a client')) as [Buffer];
  const m = /^hello (\d+)$/.exec(data.toString());
  assert.ok(m, `greeting: ${data.toString()}`);
  return { ws, pid: Number(m[1]), closed };
}

test('a reload closes every WebSocket client with 1001 right after its worker retires, and a reconnect reaches a new worker', async (t) => {
  const name = uniqueName('ws');
  const cli = startCli(t, [fixture('ws-close-on-sigterm.js'), '-i', '2', '--balance', 'rr', '--kill-timeout', '8000', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const port = await cli.port();
  const oldPids = cli.workerPids();
  const clients = await Promise.all(Array.from({ length: 6 }, () => connect(port)));
  t.after(() => clients.forEach((c) => c.ws.terminate()));
  assert.deepEqual([...new Set(clients.map((c) => c.pid))].sort(), [...oldPids].sort(), 'clients on both workers (rr)');

  const started = Date.now();
  const r = await runCli(['reload', '--name', name], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  // Without the notice the old workers would hold their clients until kill-timeout (8 s).
  assert.ok(Date.now() - started < 6000, `the reload ended after ${Date.now() - started} ms, well before kill-timeout`);

  for (const c of clients) {
    const { code, at } = await withTimeout(c.closed, 10_000, `client of ${c.pid} to be closed`);
    assert.equal(code, 1001, `client of ${c.pid} closed with 1001 "going away"`);
    const retired = cli.records.find((rec) => rec.event === 'worker.retire' && rec.pid === c.pid);
    assert.ok(retired, `worker ${c.pid} was retired`);
    assert.equal(retired.reason, 'reload');
    const lagMs = at - (retired.time as number);
    assert.ok(lagMs < 1500, `client of ${c.pid} closed ${lagMs} ms after its worker retired`);
  }
  const again = await connect(port);
  again.ws.close();
  assert.ok(!oldPids.includes(again.pid), `a reconnect reaches a new worker (${again.pid})`);

  // The explicit hook: the reason and the deadline (kill-timeout from the retirement).
  const notice = await cli.waitForOutput((l) => l.startsWith(`retire notice ${oldPids[0]} `), 'the retire notice of the first old worker');
  const n = JSON.parse(notice.slice(notice.indexOf('{'))) as { reason: string; graceMs: number; deadline: number };
  assert.equal(n.reason, 'reload');
  assert.equal(n.graceMs, 8000);
  const retired = cli.records.find((rec) => rec.event === 'worker.retire' && rec.pid === oldPids[0])!;
  assert.ok(Math.abs(n.deadline - ((retired.time as number) + 8000)) < 1000, `deadline ${n.deadline} is kill-timeout after the retirement`);
  assert.equal(cli.records.filter((rec) => rec.event === 'worker.kill').length, 0, 'no worker needed SIGKILL');
});

test('SIGTERM to the whole group (systemd): the app hears it once per worker, not again from the retire notice', async (t) => {
  const cli = startCli(t, [fixture('ws-close-on-sigterm.js'), '-i', '2', '--kill-timeout', '8000', '--name', uniqueName('group'), '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const pids = cli.workerPids();
  cli.signal('SIGTERM', true);
  const { code } = await withTimeout(cli.exited, 15_000, 'the supervisor to stop');
  assert.equal(code, 0);
  for (const pid of pids) {
    assert.equal(cli.output.filter((l) => l === `sigterm ${pid}`).length, 1, `worker ${pid}'s SIGTERM listener ran once`);
    assert.ok(cli.output.some((l) => l.startsWith(`retire notice ${pid} `) && l.includes('"reason":"stop"')), `worker ${pid} got the stop notice`);
  }
});

test('an app without a SIGTERM listener is not killed by the notice: its request in flight finishes and it exits on its own', async (t) => {
  const name = uniqueName('noterm');
  const cli = startCli(t, [fixture('slow-request.js'), '-i', '1', '--kill-timeout', '8000', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'the worker ready');
  const port = await cli.port();
  const [oldPid] = cli.workerPids();
  const slow = get(port, '/slow');
  await cli.waitForOutput((l) => l.startsWith('slow request started'), 'the slow request to arrive');
  const reload = runCli(['reload', '--name', name], { timeoutMs: 30_000 });
  const reply = await slow;
  assert.equal(reply.status, 200);
  assert.equal(reply.body, `slow done by ${oldPid}\n`);
  assert.equal((await reload).code, 0);
  const exit = await cli.waitFor((r) => r.event === 'worker.exit' && r.pid === oldPid, 'the old worker to exit');
  assert.equal(exit.signal, null, 'not killed by a signal');
  assert.equal(exit.code, 0);
});
