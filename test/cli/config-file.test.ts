// loadConfig on hostile and careless files: every problem is one line naming the key
// or value, before anything starts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { loadConfig } from '../../src/cli/config-file.js';
import { ClusterizeError } from '../../src/errors.js';
import { resolveOptions } from '../../src/options/resolve.js';

function write(t: TestContext, name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-config-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function refusal(file: string): Promise<string> {
  try {
    const config = await loadConfig(file, '/');
    resolveOptions({ script: 'app.js', ...config }, { cpus: 2, cwd: '/' });
  } catch (err) {
    assert.ok(err instanceof ClusterizeError, `a ClusterizeError, not ${String(err)}`);
    assert.equal(err.exitCode, 2);
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
  assert.fail(`${file} was accepted`);
}

test('a JSON file with a UTF-8 byte-order mark is read like one without', async (t) => {
  const file = write(t, 'c.json', '\uFEFF{ "instances": 3, "kill-timeout": "2s" }');
  assert.deepEqual(await loadConfig(file, '/'), { instances: 3, killTimeout: '2s' });
});

test('every enum is checked when the file is loaded', async (t) => {
  assert.match(await refusal(write(t, 'a.json', '{"logLevel":"loud"}')), /^Invalid logLevel \(--log-level\): got 'loud'; use one of fatal, error, warn, info, debug, trace, silent\.$/);
  assert.match(await refusal(write(t, 'b.json', '{"logFormat":"xml"}')), /^Invalid logFormat \(--log-format\): got 'xml'; use one of json, pretty\.$/);
  assert.match(await refusal(write(t, 'c.json', '{"balance":"random"}')), /^Invalid balance \(--balance\): got 'random'; use one of rr, os, least-conn, ip-hash, auto\.$/);
});

test("prototype keys are unknown options, never inherited ones", async (t) => {
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const msg = await refusal(write(t, 'p.json', `{"${key}": {"instances": 99}}`));
    assert.match(msg, new RegExp(`^Config file .*p\\.json: unknown option '${key}'`));
  }
});

test('an unknown key gets a did-you-mean hint', async (t) => {
  assert.match(await refusal(write(t, 'k.json', '{"kill-timout": "2s"}')), /unknown option 'kill-timout'; did you mean 'killTimeout' \(--kill-timeout\)\?$/);
  assert.match(await refusal(write(t, 'k2.json', '{"zzzzzz": 1}')), /unknown option 'zzzzzz'; the names are those of clusterize --help\.$/);
});

test('a .js config that throws is reported on one line with its message', async (t) => {
  const msg = await refusal(write(t, 'throws.mjs', "throw new Error('no database URL\\n  set DATABASE_URL first');"));
  assert.match(msg, /^Config file .*throws\.mjs: could not be loaded: Error: no database URL set DATABASE_URL first\.$/);
  const odd = await refusal(write(t, 'odd.mjs', 'throw null;'));
  assert.match(odd, /could not be loaded: it threw null\.$/);
});

test('numbers past their bounds are refused naming the option, the value and the range', async (t) => {
  assert.match(await refusal(write(t, 'd.json', '{"killTimeout":"600h"}')), /^Invalid killTimeout \(--kill-timeout\): got '600h'; use a duration from 0 to 24h \(86400000 ms\)/);
  assert.match(await refusal(write(t, 'i.json', '{"instances":100000}')), /^Invalid instances \(--instances\): got 100000; use a whole number of workers from 1 to 1024/);
  assert.match(await refusal(write(t, 'r.json', '{"reloadParallel":5000}')), /^Invalid reloadParallel \(--reload-parallel\): got 5000; use a whole number from 1 to 1024\.$/);
  assert.match(await refusal(write(t, 's.json', '{"maxMemoryRestart":"5000G"}')), /^Invalid maxMemoryRestart \(--max-memory-restart\): got '5000G'; use a size from 0 to 1024G/);
});
