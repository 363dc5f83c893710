// The app does not know: under least-conn, servers of any kind listen through the
// primary and report real addresses; port 0 is one port for every worker; a server
// the app closes closes the primary's socket too.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { until } from '../helpers/wait.js';

interface Report {
  slot: string;
  web: { address: string; family: string; port: number };
  raw: { address: string; family: string; port: number };
  briefPort: number;
  briefListening: boolean;
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });

function readAll(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const s = net.connect(port, '127.0.0.1');
    s.setEncoding('utf8');
    s.on('data', (d: string) => (buf += d));
    s.on('end', () => resolve(buf));
    s.on('error', reject);
  });
}

test('least-conn: http and net servers on port 0 get one real port for all workers, answer, and a closed one closes for real', async (t) => {
  const cli = startCli(t, [fixture('several-servers.js'), '-i', '2', '--balance', 'least-conn', '--name', uniqueName('lt'), '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  await until(() => cli.output.filter((l) => l.startsWith('{')).length >= 2, 'both workers to print their servers');
  const reports = cli.output.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Report);
  const [a, b] = reports as [Report, Report];
  assert.deepEqual(a.web, b.web, 'the same address and port in every worker');
  assert.deepEqual(a.raw, b.raw);
  assert.equal(a.web.address, '127.0.0.1');
  assert.ok(a.web.port > 0 && a.raw.port > 0 && a.web.port !== a.raw.port, 'two real, different ports');
  assert.equal(a.briefListening, false);
  const listens = cli.records.filter((r) => r.event === 'balance.listen').map((r) => r.port);
  assert.equal(listens.filter((p) => p === a.web.port).length, 1, 'the primary listened once per address, not once per worker');
  assert.equal(listens.filter((p) => p === a.raw.port).length, 1);

  const replies = new Set<string>();
  for (let i = 0; i < 4; i++) replies.add((await get(a.web.port)).body);
  assert.deepEqual(replies, new Set(['web 0\n', 'web 1\n']), 'http answers from both workers');
  assert.match(await readAll(a.raw.port), /^raw [01]\n$/);
  // A worker may close its third server before the other listens on it: the primary then
  // closes that socket and opens a new one, as node:cluster does. Either way, closed is closed.
  for (const port of new Set([a.briefPort, b.briefPort])) await until(() => refused(port), `port ${port}, closed by the app, to refuse connections`, 5000);
});
