// Draining workers get nothing new, in every balance mode: a scale-down and a rolling
// reload under load fail no request (fresh and keep-alive clients), and a stop lets the
// requests in flight finish.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { get, startLoad } from '../helpers/http.js';
import { until } from '../helpers/wait.js';

// Two at a time: each mostly waits on its workers, and eight in a row would take 45 s.
describe('zero failed requests', { concurrency: 2 }, () => {
  for (const balance of ['os', 'rr', 'least-conn', 'ip-hash'] as const) {
    for (const keepAlive of [false, true]) {
      test(`--balance ${balance}, ${keepAlive ? 'keep-alive' : 'fresh'} clients: scale-down, reload and stop fail no request`, async (t) => {
        const name = uniqueName('zf');
        const cli = startCli(
          t,
          [fixture('slow-request.js'), '-i', '3', '--balance', balance, '--name', name, '--kill-timeout', '3000', '--log-format', 'json'],
          { env: { SLOW_MS: '800' } },
        );
        await cli.waitFor((r) => r.event === 'cluster.ready', 'all workers ready');
        const port = await cli.port();
        const load = startLoad(port, { t, keepAlive, concurrency: 6 });
        await load.next(100);

        const down = await runCli(['scale', '2', '--name', name], { timeoutMs: 30_000 });
        assert.equal(down.code, 0, down.stderr);
        await load.next(100);
        const reload = await runCli(['reload', '--name', name], { timeoutMs: 30_000 });
        assert.equal(reload.code, 0, reload.stderr);
        await load.next(100);
        const report = await load.stop();
        assert.deepEqual(report.failures, [], 'no request failed during scale-down and reload');

        const slow = [get(port, '/slow'), get(port, '/slow')];
        const started = () => cli.output.filter((l) => l.startsWith('slow request started')).length;
        await until(() => started() >= 2, 'both slow requests to reach a worker');
        cli.signal('SIGTERM');
        const replies = await Promise.all(slow);
        assert.deepEqual(replies.map((r) => r.status), [200, 200], 'requests in flight at stop finish');
        assert.equal((await cli.exited).code, 0);
      });
    }
  }
});
