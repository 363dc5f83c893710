// --config, `start`, --socket and --log-level, end to end.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';

test('a config file supplies options, and command-line flags win over it', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-cfg-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const name = uniqueName('cfg');
  const file = path.join(dir, 'clusterize.config.mjs');
  fs.writeFileSync(
    file,
    `export default { script: ${JSON.stringify(fixture('report-env.js'))}, instances: 2, name: ${JSON.stringify(name)}, env: { GREETING: 'from config' }, 'kill-timeout': '2s' };`,
  );
  const cli = startCli(t, ['start', '--config', file, '-i', '1', '--log-format', 'json']);
  const started = await cli.waitFor((r) => r.event === 'cluster.start', 'the start record');
  assert.equal(started.instances, 1, '-i on the command line beats instances in the file');
  assert.equal(started.script, fixture('report-env.js'));
  const seen = JSON.parse((await get(await cli.port())).body) as { greeting: string };
  assert.equal(seen.greeting, 'from config');
  const status = await runCli(['status', '--json', '--name', name]);
  assert.equal(status.code, 0, `the name came from the config file: ${status.stderr}`);
});

test('--socket puts the control socket where asked; --log-level warn hides the info records', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-sock-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sock = path.join(dir, 'app.sock');
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--socket', sock, '--log-level', 'warn', '--log-format', 'json']);
  await cli.waitForOutput((l) => l.startsWith('listening on'), 'the worker to listen');
  const r = await runCli(['status', '--json', '--socket', sock]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { pid: number }).pid, cli.proc.pid);
  assert.deepEqual(cli.records.filter((rec) => rec.level < 40), [], 'no record below warn');
});
