// Why sticky sessions exist: socket.io over long polling keeps its session in one
// worker's memory, and every poll is a new HTTP request. Under ip-hash each client's
// requests reach the worker that holds its session; under os they scatter and the
// sessions break.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test, type TestContext } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { withTimeout } from '../helpers/wait.js';
import { sourceAddresses } from './client.js';

const CLIENTS = 20;
const MESSAGES = 5;

/** One client from its own source address: connects, sends MESSAGES acknowledged echoes. Resolves with the error, if any. */
async function converse(port: number, localAddress: string): Promise<string | null> {
  const agent = new http.Agent({ keepAlive: true, localAddress });
  const socket: Socket = io(`http://127.0.0.1:${port}`, { transports: ['polling'], agent: agent as unknown as string, reconnection: false, forceNew: true, timeout: 5000 });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      }),
      8000,
      `client ${localAddress} to connect`,
    );
    for (let i = 0; i < MESSAGES; i++) {
      const reply = (await socket.timeout(3000).emitWithAck('echo', `${localAddress}#${i}`)) as { msg: string };
      if (reply.msg !== `${localAddress}#${i}`) return `wrong echo ${reply.msg}`;
    }
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    socket.disconnect();
    agent.destroy();
  }
}

async function runClients(balance: string, t: TestContext): Promise<(string | null)[]> {
  const cli = startCli(t, [fixture('socketio-echo.js'), '-i', '4', '--balance', balance, '--name', uniqueName('sio'), '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'all 4 workers ready');
  const port = await cli.port();
  return Promise.all(sourceAddresses(CLIENTS).map((a) => converse(port, a)));
}

test('socket.io over polling, 4 workers, 20 clients: every acknowledged message succeeds under ip-hash', async (t) => {
  const results = await runClients('ip-hash', t);
  assert.deepEqual(results.filter((r) => r !== null), [], 'no client failed');
});

test('the same socket.io app under os: sessions break, because the polls of one client reach other workers', async (t) => {
  const results = await runClients('os', t);
  const failed = results.filter((r) => r !== null);
  assert.ok(failed.length > 0, 'without sticky sessions some clients fail');
});
