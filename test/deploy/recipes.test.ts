// The recipes this machine cannot run (systemd, Kubernetes, Docker) are checked for what
// makes them right: every flag exists, and the stop timeouts leave room for the drain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flagOf } from '../../src/options/names.js';
import { optionSpecs } from '../../src/options/schema.js';
import { parseDuration } from '../../src/options/values.js';
import { recipe } from '../helpers/recipes.js';

const cliOnly = new Set(['--log-format', '--log-level', '--config']);
const flags = new Set([...Object.keys(optionSpecs).map(flagOf), ...cliOnly]);

function checkArgs(args: string[]): { drainMs: number; killMs: number } {
  for (const a of args.filter((x) => x.startsWith('--'))) assert.ok(flags.has(a), `${a} is a clusterize flag`);
  const value = (flag: string) => parseDuration(flag, args[args.indexOf(flag) + 1]);
  assert.ok(args.includes('--drain-delay'), 'the recipe drains before stopping');
  assert.ok(args.includes('-i') && args[args.indexOf('-i') + 1] === 'max', 'the recipe runs -i max');
  return { drainMs: value('--drain-delay'), killMs: args.includes('--kill-timeout') ? value('--kill-timeout') : 5000 };
}

test('systemd: ExecReload sends SIGHUP, SIGTERM reaches the supervisor only, TimeoutStopSec > drain + kill timeout', () => {
  const unit = recipe('systemd');
  const setting = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];
  const { drainMs, killMs } = checkArgs(setting('ExecStart')!.split(/\s+/));
  assert.equal(setting('ExecReload'), '/bin/kill -HUP $MAINPID');
  assert.equal(setting('KillMode'), 'mixed');
  assert.ok(Number(setting('TimeoutStopSec')) * 1000 > drainMs + killMs, 'TimeoutStopSec leaves room for the drain and the kill timeout');
});

test('Kubernetes: readiness on /healthz of the metrics port, grace period > drain + kill timeout, a CPU limit', () => {
  const yaml = recipe('kubernetes');
  const args = JSON.parse(/args: (\[.*\])/.exec(yaml)![1]!) as string[];
  const { drainMs, killMs } = checkArgs(args);
  const metricsPort = args[args.indexOf('--metrics') + 1]!.split(':').at(-1);
  assert.match(yaml, new RegExp(`readinessProbe:\\n\\s+httpGet: \\{ path: /healthz, port: ${metricsPort} \\}`));
  assert.ok(Number(/terminationGracePeriodSeconds: (\d+)/.exec(yaml)![1]) * 1000 > drainMs + killMs);
  assert.match(yaml, /limits: \{ cpu: "\d+"/);
});

test('Dockerfile: clusterize runs under an init, started as the installed bin', () => {
  const file = recipe('dockerfile');
  const entry = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(file)![1]!) as string[];
  assert.deepEqual(entry.slice(0, 2), ['tini', '--']);
  assert.equal(entry[2], 'node_modules/.bin/clusterize');
  checkArgs(JSON.parse(/^CMD (.*)$/m.exec(file)![1]!) as string[]);
});
