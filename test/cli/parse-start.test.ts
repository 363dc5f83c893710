// The start command is parsed without yargs (parse-start.ts) so that the primary does
// not keep yargs loaded. Both parsers are built from the same tables; here they must
// read every command line alike, and the fast one must hand to yargs what it is not
// sure of.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFlags } from '../../src/cli/args.js';
import { parseStart } from '../../src/cli/parse-start.js';
import { parseWithYargs } from '../../src/cli/yargs-cli.js';

const silent = { out: () => {}, err: () => {} };
const keys = new Set([...startFlags().long.values()].map((f) => f.key));

/** yargs' argv for the start command, cut to what start() reads. */
async function viaYargs(args: string[]): Promise<Record<string, unknown>> {
  const chosen = await parseWithYargs(args, silent);
  assert.ok(chosen, `yargs chose no command for ${args.join(' ')}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(chosen.argv)) {
    if (v === undefined) continue;
    if (k === 'script' || keys.has(k)) out[k] = v;
    if (k === '--' && Array.isArray(v) && v.length) out[k] = v.map(String);
  }
  return out;
}

const same: string[][] = [
  ['app.js'],
  ['start', 'app.js', '-i', '2'],
  ['app.js', '-i', '4'],
  ['app.js', '-i4'],
  ['app.js', '-i=4'],
  ['app.js', '-i', '-1'],
  ['app.js', '--instances', 'max'],
  ['app.js', '--killTimeout', '200'],
  ['app.js', '--kill-timeout=2s'],
  ['app.js', '--wait-ready'],
  ['app.js', '--wait-ready', 'false'],
  ['app.js', '--wait-ready=false'],
  ['app.js', '--no-wait-ready'],
  ['app.js', '--no-metrics'],
  ['app.js', '--metrics', '127.0.0.1:9100'],
  ['app.js', '--watch'],
  ['app.js', '--watch', 'src', 'lib', '-i', '2'],
  ['app.js', '--watch=src'],
  ['--watch', 'app.js'],
  ['app.js', '--env', 'A=1', 'B=2'],
  ['app.js', '--env', 'A=1', '--env', 'B=2'],
  ['app.js', '--ignore-watch', 'a', 'b', '--watch-ext', 'ts,js'],
  ['app.js', '--node-args=--inspect --max-old-space-size=100'],
  ['app.js', '--socket', ''],
  ['app.js', '--log-level', 'debug', '--log-format', 'json', '--config', 'c.json'],
  ['app.js', '--', '--port', '80', 'x'],
  ['--config', 'c.json'],
  [],
];

test('the start command reads alike with and without yargs', async () => {
  for (const args of same) {
    const fast = parseStart(args);
    assert.ok(fast && 'argv' in fast, `parse-start left ${JSON.stringify(args)} to yargs`);
    assert.deepEqual(fast.argv, await viaYargs(args), JSON.stringify(args));
  }
});

test('what parse-start is not sure of goes to yargs', () => {
  for (const args of [
    ['--help'],
    ['app.js', '-h'],
    ['--version'],
    ['status'],
    ['status', '--json'],
    ['monit', '--interval', '500'],
    ['scale', '2'],
    ['stop', '--name', 'web'],
    ['app.js', 'extra'],
    ['app.js', '-i', '2', '-i', '3'],
    ['app.js', '--log-format', 'xml'],
    ['app.js', '--name'],
    ['app.js', '--name', '--cwd', '/'],
    ['app.js', '--no-watch'],
    ['app.js', '-xi', '2'],
  ]) {
    assert.equal(parseStart(args), null, JSON.stringify(args));
  }
});

test('unknown flags are named as typed', () => {
  assert.deepEqual(parseStart(['app.js', '--no-such-flag-xyz']), { unknown: ['--no-such-flag-xyz'] });
  assert.deepEqual(parseStart(['app.js', '--port', '80', '-x']), { unknown: ['--port', '-x'] });
  assert.deepEqual(parseStart(['app.js', '--port=80']), { unknown: ['--port'] });
});
