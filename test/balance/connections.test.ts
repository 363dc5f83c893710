// Open connections per worker are shown in every mode: the primary counts them under
// least-conn / ip-hash, the workers report them with their metrics under os / rr; the
// same numbers reach `status --json` and Prometheus.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { freePort, get } from '../helpers/http.js';
import { until } from '../helpers/wait.js';
import { hold, status, type Held } from './client.js';

for (const balance of ['os', 'least-conn'] as const) {
  test(`--balance ${balance}: 3 held connections show in status and in clusterize_worker_connections`, async (t) => {
    const name = uniqueName('conns');
    const metricsPort = await freePort();
    const cli = startCli(t, [
      fixture('hold-connections.js'), '-i', '2', '--balance', balance, '--name', name, '--metrics', String(metricsPort), '--metrics-interval', '200', '--log-format', 'json',
    ]);
    await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
    const port = await cli.port();
    const held: Held[] = [];
    t.after(() => held.forEach((h) => h.socket.destroy()));
    for (let i = 0; i < 3; i++) held.push(await hold(port));

    const total = async () => (await status(name)).workers.reduce((n, w) => n + (w.connections ?? 0), 0);
    await until(async () => (await total()) === 3, 'status to count 3 open connections');
    const metrics = (await get(metricsPort, '/metrics')).body;
    const series = [...metrics.matchAll(/^clusterize_worker_connections\{slot="\d+"\} (\d+)$/gm)].map((m) => Number(m[1]));
    assert.equal(series.length, 2, 'one series per slot');
    assert.equal(series.reduce((a, b) => a + b, 0), 3);

    held.splice(0).forEach((h) => h.socket.destroy());
    await until(async () => (await total()) === 0, 'status to count the connections closed');
  });
}
