// Random invalid command lines through the real bin: each exits 2 with one line on
// stderr and no stack, and nothing is started (a started supervisor would not exit).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fixture, runCli, uniqueName } from '../helpers/cli-process.js';
import { seeded, withSeed, type Random } from './random.js';

const CASES = 20;
const valid = [['-i', '1'], ['--kill-timeout', '2s'], ['--balance', 'rr'], ['--log-format', 'json'], ['--max-restarts', '3'], ['--watch-delay', '200ms']];
const durationFlags = ['--kill-timeout', '--min-uptime', '--restart-delay', '--listen-timeout', '--metrics-interval', '--heartbeat-timeout', '--watch-delay'];

function invalid(r: Random, badConfig: string): string[] {
  switch (r.int(0, 4)) {
    case 0:
      return [r.pick(durationFlags), r.pick(['600h', '25h', '-1', 'soon', '1e9', '2147483648', '5 s s'])];
    case 1:
      return r.pick([['-i', '100000'], ['-i', '0'], ['-i', '-99999'], ['-i', 'lots'], ['--reload-parallel', '0'], ['--reload-parallel', '99999'], ['--max-restarts', '1.5']]);
    case 2:
      return r.pick([['--max-memory-restart', '99999G'], ['--max-memory-restart', 'huge'], ['--metrics', '99999'], ['--metrics', 'host:port'], ['--env', 'NOPE']]);
    case 3:
      return r.pick([['--balance', 'random'], ['--log-level', 'loud'], ['--log-format', 'xml'], ['--name', 'a b'], ['--name', 'x'.repeat(65)]]);
    default:
      return ['--config', badConfig];
  }
}

test(`${CASES} random invalid command lines: exit 2, one line, no stack, nothing started`, async (t) => {
  const r = seeded();
  t.diagnostic(`seed ${r.seed}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-fuzz-cli-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const badConfigs = ['{"logLevel":"loud"}', '{"constructor":1}', '\uFEFF{"killTimeout":"600h"}', '{"instances":', '[]', '{"toString":"x"}'].map((text, i) => {
    const file = path.join(dir, `bad${i}.json`);
    fs.writeFileSync(file, text);
    return file;
  });
  const cases = Array.from({ length: CASES }, () => {
    if (r.chance(0.15)) return ['scale', r.pick(['100000', '0', '-5000', 'x', '1025'])];
    const words = [fixture('hello.js'), '--name', uniqueName('fz')];
    for (let n = r.int(0, 2); n > 0; n--) words.push(...r.pick(valid));
    words.push(...invalid(r, r.pick(badConfigs)));
    if (r.chance(0.3)) words.push(...invalid(r, r.pick(badConfigs)));
    return words;
  });
  await withSeed(r, async () => {
    // A few at a time: each is a whole Node.js process.
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(
        cases.slice(i, i + 4).map(async (args) => {
          const res = await runCli(args, { timeoutMs: 15_000 });
          const what = `clusterize ${args.join(' ')}`;
          assert.equal(res.code, 2, `${what}\n  stderr: ${res.stderr}`);
          const lines = res.stderr.trimEnd().split('\n');
          assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${res.stderr}`);
          assert.match(lines[0]!, /^clusterize: \S/, what);
          assert.doesNotMatch(res.stderr, /^\s+at /m, `${what}: no stack`);
          assert.doesNotMatch(res.stdout, /fork|worker\./, `${what}: nothing forked`);
        }),
      );
    }
  });
});
