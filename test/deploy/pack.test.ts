// The package as a user gets it: `npm pack`, installed into an empty project, run with
// npx. Dependencies come from the registry (through npm's cache when it has them).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { root, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';

const ours = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

test('the packed tarball installs into an empty project; npx clusterize prints our version and runs two workers', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-pack-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // dist is built already (the tests run from it), so the prepack build is skipped.
  const tarball = path.join(dir, execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }).trim());
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of ['package/package.json', 'package/README.md', 'package/dist/src/bundle/clusterize.js', 'package/dist/src/bundle/agent.cjs', 'package/dist/src/cli/bin.js', 'package/dist/src/index.js', 'package/dist/src/index.d.ts']) {
    assert.ok(files.includes(f), `${f} is in the tarball`);
  }
  const devOnly = files.filter((f) => /^package\/(src|test|fixtures|bench|dist\/test)\/|\.map$|tsconfig/.test(f));
  assert.deepEqual(devOnly, [], 'no sources, tests, fixtures or source maps');

  const project = path.join(dir, 'my-app');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-app', version: '1.0.0', private: true }));
  fs.writeFileSync(
    path.join(project, 'app.js'),
    "require('node:http').createServer((req, res) => res.end('hi from ' + process.pid)).listen(Number(process.env.PORT));\n",
  );
  const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: project,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(install.status, 0, `npm install of the tarball failed: ${install.stderr}`);
  assert.ok(fs.existsSync(path.join(project, 'node_modules', ours.name, 'dist/src/bundle/clusterize.js')));

  const version = spawnSync('npx', ['clusterize', '--version'], { cwd: project, encoding: 'utf8', timeout: 30_000 });
  assert.equal(version.stdout.trim(), ours.version, `npx clusterize --version printed ${JSON.stringify(version.stdout)} ${version.stderr}`);

  const types = spawnSync(process.execPath, ['-e', `import('${ours.name}').then((m) => console.log(typeof m.supervise))`], { cwd: project, encoding: 'utf8' });
  assert.equal(types.stdout.trim(), 'function', types.stderr);

  const cli = startCli(t, ['app.js', '-i', '2', '--log-format', 'json', '--name', uniqueName('pack')], { command: ['npx', 'clusterize'], cwd: project });
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 2, 'two workers ready', 30_000);
  const reply = await get(await cli.port());
  assert.match(reply.body, /^hi from \d+$/);
  // As a terminal's Ctrl-C or a container stop does: the whole group, npx included
  // (which ends at once by the same signal, as npm does, not waiting for the supervisor).
  cli.signal('SIGTERM', true);
  const done = await cli.waitFor((r) => r.event === 'stop.done', 'the supervisor to stop');
  assert.equal(done.code, 0);
});
