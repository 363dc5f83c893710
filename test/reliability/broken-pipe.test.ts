// `clusterize app.js | head -3`: once the reader of the primary's stdout is gone, every
// write fails with EPIPE. The primary carries on supervising, the workers keep serving,
// nothing is printed about it as a stack trace, and stop still exits 0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { until, withTimeout } from '../helpers/wait.js';

const SERVE_MS = 5000;

test('| head -3: after the reader exits the service answers for 5 s, no stack trace, stop exits 0', async (t) => {
  const cli = startCli(t, [fixture('log-every-request.js'), '-i', '2', '--log-format', 'json', '--name', uniqueName('head')]);
  const port = await cli.port();
  await until(() => cli.records.length + cli.output.length >= 3, 'three lines on stdout');
  // What head does after its third line: close its end of the pipe.
  cli.proc.stdout!.destroy();
  const until5s = Date.now() + SERVE_MS;
  let served = 0;
  while (Date.now() < until5s) {
    // Each request makes a worker print a line, which the primary must now fail to write.
    assert.equal((await get(port, `/${served}`)).body, 'ok');
    served++;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(cli.proc.exitCode, null, 'the primary is alive');
  assert.ok(served > 10);
  cli.signal('SIGTERM');
  const { code } = await withTimeout(cli.exited, 15_000, 'the supervisor to stop');
  assert.equal(code, 0);
  assert.ok(!cli.stderr.some((l) => /^\s+at |Error/.test(l)), `nothing alarming on stderr: ${cli.stderr.join('\n')}`);
});
