// Wrong invocations: one line that says what is wrong and how to fix it, exit 2
// (usage) or 1 (run time), never a stack trace. main() runs in this process here:
// none of these gets as far as forking a worker.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { main } from '../../src/cli/main.js';
import { bin, fixture, root } from '../helpers/cli-process.js';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function oneLine(text: string): void {
  assert.equal(text.split('\n').length, 1, `expected one line, got:\n${text}`);
  assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');
  assert.match(text, /^clusterize: /);
}

test('no script', async () => {
  const r = await run([]);
  assert.equal(r.code, 2);
  oneLine(r.err);
  assert.match(r.err, /No script given: run clusterize <script>/);
});

test('--watch before the script: a hint to put the script first', async () => {
  const r = await run(['--watch', 'app.js']);
  assert.equal(r.code, 2);
  oneLine(r.err);
  assert.match(r.err, /No script given: --watch took 'app\.js' as a path to watch\. Put the script first \(clusterize app\.js --watch\)/);
});

test('a script that does not exist', async () => {
  const r = await run(['nope.js']);
  assert.equal(r.code, 2);
  oneLine(r.err);
  assert.match(r.err, /Script not found: nope\.js \(looked for .*nope\.js\); check the path/);
});

test('-i abc', async () => {
  const r = await run([fixture('hello.js'), '-i', 'abc']);
  assert.equal(r.code, 2);
  oneLine(r.err);
  assert.match(r.err, /Invalid instances \(--instances\): got 'abc'; use a whole number of workers from 1 to 1024, 'max'/);
});

test('an unknown option points at -- for script arguments', async () => {
  const r = await run([fixture('hello.js'), '--port', '80']);
  assert.equal(r.code, 2);
  oneLine(r.err);
  assert.match(r.err, /Unknown option --port; see clusterize --help\. Arguments for the script go after --/);
});

test('an unknown flag is named as typed, --no-* included, for start and control commands alike', async () => {
  for (const args of [[fixture('hello.js'), '--no-such-flag-xyz'], ['status', '--no-such-flag-xyz'], ['stop', '--name', 'x', '--no-such-flag-xyz']]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    oneLine(r.err);
    assert.match(r.err, /^clusterize: Unknown option --no-such-flag-xyz; see clusterize --help\./, args.join(' '));
  }
});

test('a directory as the script', async () => {
  const r = await run([path.join(root, 'fixtures')]);
  assert.equal(r.code, 2);
  oneLine(r.err);
  assert.match(r.err, /^clusterize: Script .*fixtures is a directory; pass the file to run, like .*fixtures\/index\.js\.$/);
});

test('a script this user cannot read: one line, exit 2, nothing forked', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-unreadable-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.chmodSync(dir, 0o755);
  const script = path.join(dir, 'secret.js');
  fs.writeFileSync(script, 'console.log("never");\n', { mode: 0o000 });
  fs.chmodSync(script, 0o000);
  // root reads anything: run the CLI as nobody then, who must be able to reach the code
  // (a checkout inside a mktemp -d directory is 0700 on the way): let it through the
  // directories above the checkout for the test's length, no more.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) letOthersThrough(t, root);
  const r = spawnSync(process.execPath, [bin, script, '-i', '1', '--log-format', 'json'], {
    encoding: 'utf8',
    timeout: 20000,
    cwd: dir,
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  assert.equal(r.status, 2, r.stderr);
  oneLine(r.stderr.trimEnd());
  assert.match(r.stderr, /^clusterize: Script .*secret\.js cannot be read \(EACCES\); check its permissions/);
  assert.doesNotMatch(r.stdout, /worker\.fork|fork slot/, 'nothing forked');
});

test('a bad choice', async () => {
  const r = await run([fixture('hello.js'), '--balance', 'random']);
  assert.equal(r.code, 2);
  oneLine(r.err);
  assert.match(r.err, /balance/);
  assert.match(r.err, /rr, os, least-conn, ip-hash, auto/);
});

test('config files: missing, not JSON, not an object, unknown option, bad value', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-config-'));
  try {
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const cases: [string, RegExp][] = [
      [path.join(dir, 'missing.json'), /Config file .*missing\.json: not found; check the path given to --config/],
      [write('broken.json'.replace('b', 'b'), '{ "instances": 2,'), /broken\.json: is not valid JSON/],
      [write('list.json', '[1, 2]'), /must hold an object of options/],
      [write('typo.json', '{ "instancez": 2 }'), /unknown option 'instancez'/],
      [write('bad.mjs', 'export default { killTimeout: "soon" };'), /Invalid killTimeout \(--kill-timeout\): got 'soon'/],
      [write('throws.mjs', 'throw new Error("oops");'), /throws\.mjs: could not be loaded: Error: oops\.$/],
    ];
    for (const [file, expected] of cases) {
      const r = await run([fixture('hello.js'), '--config', file]);
      assert.equal(r.code, 2, `${file}: ${r.err}`);
      oneLine(r.err);
      assert.match(r.err, expected);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a control command with no supervisor behind the socket is a run-time error', async () => {
  for (const cmd of [['status'], ['stop'], ['reload'], ['scale', '2']]) {
    const r = await run([...cmd, '--name', 'nobody-runs-this']);
    assert.equal(r.code, 1, cmd.join(' '));
    oneLine(r.err);
    assert.match(r.err, /No clusterize supervisor is running for 'nobody-runs-this' \(nothing answers on .*nobody-runs-this\.sock\); start one/);
  }
  const dead = path.join(os.tmpdir(), `dead-${process.pid}.sock`);
  fs.writeFileSync(dead, '');
  try {
    const r = await run(['status', '--socket', dead]);
    assert.equal(r.code, 1);
    assert.match(r.err, /No clusterize supervisor is running for socket/);
  } finally {
    fs.rmSync(dead, { force: true });
  }
});

test('scale needs a count', async () => {
  const r = await run(['scale', '--name', 'x']);
  assert.equal(r.code, 2);
  assert.match(r.err, /Missing the worker count: clusterize scale <n>/);
});

test('--help prints the options and exits 0', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  for (const flag of ['--instances', '--kill-timeout', '--min-uptime', '--max-restarts', '--restart-delay', '--max-restart-delay', '--socket', '--log-format', '--config', '--node-args', '--env', '--cwd', '--name']) {
    assert.ok(r.out.includes(flag), `help mentions ${flag}`);
  }
});

/** Adds o+x (search, not read) to each directory from dir up that lacks it, until the test ends. */
function letOthersThrough(t: TestContext, dir: string): void {
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(d, mode | 0o001);
      t.after(() => fs.chmodSync(d, mode));
    }
    if (path.dirname(d) === d) return;
  }
}
