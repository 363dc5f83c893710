// A few hundred random config files through the code the CLI runs on them (loadConfig,
// then resolveOptions and the script check), in this process: each is either accepted
// with every number inside its documented range, or refused with a one-line usage error.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/cli/config-file.js';
import { ClusterizeError } from '../../src/errors.js';
import { resolveOptions, type ResolvedOptions } from '../../src/options/resolve.js';
import { optionSpecs } from '../../src/options/schema.js';
import { MAX_DURATION_MS, MAX_INSTANCES, MAX_SIZE_BYTES } from '../../src/options/values.js';
import { checkScript } from '../../src/supervise.js';
import { fixture } from '../helpers/cli-process.js';
import { seeded, withSeed, type Random } from './random.js';

const CASES = 400;
const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
const durations = ['killTimeout', 'minUptime', 'restartDelay', 'maxRestartDelay', 'listenTimeout', 'metricsInterval', 'heartbeatTimeout', 'watchDelay'] as const;

function randomValue(r: Random, depth = 0): unknown {
  switch (r.int(0, 11)) {
    case 0:
      return r.pick([0, 1, 2, -1, 1.5, 1e308, -1e308, 2 ** 31, 2 ** 53, 1024, 1025, 86_400_000, 86_400_001]);
    case 1:
      return r.pick(['5s', '600h', '24h', '25h', '1.5m', '100ms', '-1', '1e9', '', '  ', 'max', '-3', '300M', '1024G', '1025G', '0x10']);
    case 2:
      return r.pick(['rr', 'os', 'auto', 'xml', 'json', 'pretty', 'loud', 'info', 'silent']);
    case 3:
      return r.pick([true, false, null]);
    case 4:
      return r.bytes(r.int(0, 40)).toString('latin1');
    case 5:
      return 'x'.repeat(r.int(60, 5000));
    case 6:
      return depth > 2 ? 1 : Array.from({ length: r.int(0, 4) }, () => randomValue(r, depth + 1));
    case 7:
      return depth > 2 ? {} : Object.fromEntries(Array.from({ length: r.int(0, 3) }, () => [r.pick(['A', 'B_1', '1X', '__proto__', 'a b', '']), randomValue(r, depth + 1)]));
    case 8:
      return r.pick(['NODE_ENV=production', 'NOPE', 'A=\u0000', '127.0.0.1:9100', '0.0.0.0:99999', '[::1]:0', ':80']);
    case 9:
      return String(r.int(-5000, 5000));
    case 10:
      return r.pick(['app.js', 'a\u0000b', '../../etc/passwd', '.', 'web', 'web server', 'w'.repeat(64), 'w'.repeat(65)]);
    default:
      return r.int(0, 100);
  }
}

function randomKey(r: Random): string {
  const known = [...Object.keys(optionSpecs), 'logLevel', 'logFormat'];
  switch (r.int(0, 9)) {
    case 0:
      return r.pick(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']);
    case 1:
      return r.pick(['kill-timout', 'instance', 'Instances', 'watch_delay', 'script ', '']);
    case 2:
      return kebab(r.pick(known));
    default:
      return r.pick(known);
  }
}

function randomFile(r: Random): string {
  const entries: [string, unknown][] = Array.from({ length: r.int(0, 5) }, () => [randomKey(r), randomValue(r)]);
  // JSON.stringify drops a __proto__ key given to an object literal: build the text by hand.
  let text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
  if (r.chance(0.1)) text = '\uFEFF' + text;
  if (r.chance(0.05)) text = text.slice(0, r.int(0, text.length - 1));
  if (r.chance(0.03)) text = r.pick(['[]', '1', '"x"', 'null', '']);
  return text;
}

function checkBounds(o: ResolvedOptions, where: string): void {
  for (const k of durations) assert.ok(o[k] >= 0 && o[k] <= MAX_DURATION_MS, `${where}\n  ${k} = ${o[k]}`);
  assert.ok(o.instances >= 1 && o.instances <= MAX_INSTANCES, `${where}\n  instances = ${o.instances}`);
  assert.ok(o.reloadParallel >= 1 && o.reloadParallel <= MAX_INSTANCES, `${where}\n  reloadParallel = ${o.reloadParallel}`);
  assert.ok(o.maxMemoryRestart >= 0 && o.maxMemoryRestart <= MAX_SIZE_BYTES, `${where}\n  maxMemoryRestart = ${o.maxMemoryRestart}`);
  assert.ok(o.maxRestarts >= 0 && o.maxRestarts <= 10_000, `${where}\n  maxRestarts = ${o.maxRestarts}`);
  assert.match(o.name, /^[\w.-]{1,64}$/);
  for (const v of [...o.nodeArgs, ...o.args, ...Object.keys(o.env), ...Object.values(o.env), o.cwd]) assert.doesNotMatch(v, /\0/);
}

test(`${CASES} random config files: accepted within bounds, or refused in one line with exit 2`, async (t) => {
  const r = seeded();
  t.diagnostic(`seed ${r.seed}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-fuzz-config-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const script = fixture('hello.js');
  let accepted = 0;
  await withSeed(r, async () => {
    for (let i = 0; i < CASES; i++) {
      const file = path.join(dir, `c${i}.json`);
      const text = randomFile(r);
      fs.writeFileSync(file, text);
      const where = `case ${i}: ${text.slice(0, 300)}`;
      let o: ResolvedOptions;
      try {
        // As `clusterize start --config` does: log settings stay with the CLI, the rest goes to supervise().
        const { logLevel: _l, logFormat: _f, ...config } = await loadConfig(file, dir);
        o = resolveOptions({ script, ...config }, { cpus: 2, cwd: dir });
        checkScript(o, script);
      } catch (err) {
        if (!(err instanceof ClusterizeError)) throw new Error(`${where}\n  not a ClusterizeError: ${(err as Error)?.stack ?? String(err)}`);
        assert.equal(err.exitCode, 2, `${where}\n  ${err.message}`);
        assert.doesNotMatch(err.message, /\n/, where);
        assert.ok(err.message.length < 600, `${where}\n  a ${err.message.length}-character message`);
        continue;
      }
      checkBounds(o, where);
      accepted++;
    }
  });
  t.diagnostic(`${accepted} of ${CASES} accepted`);
  assert.ok(accepted > CASES / 20, `the generator makes valid files too (${accepted} of ${CASES})`);
});
