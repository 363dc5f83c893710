import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planReconfigure } from '../../src/options/reconfigure.js';
import { resolveOptions, type SuperviseOptions } from '../../src/options/resolve.js';

const resolve = (o: SuperviseOptions) => resolveOptions({ script: 'app.js', ...o }, { cpus: 4, cwd: '/srv' });

test('what the next workers can take on is applied; what needs a restart is named and kept', () => {
  const now = resolve({ name: 'web', instances: 2, env: { A: '1', B: '2' }, nodeArgs: '--max-old-space-size=256', metrics: 9100 });
  const next = resolve({ name: 'api', instances: 3, env: { B: '2', A: '1', C: '3' }, nodeArgs: '--max-old-space-size=512', metrics: 9100, balance: 'rr' });
  const plan = planReconfigure(now, next);
  assert.deepEqual(plan.changed.sort(), ['env', 'instances', 'nodeArgs']);
  assert.deepEqual(plan.needsRestart.sort(), ['balance', 'name']);
  assert.deepEqual(plan.apply, { env: { B: '2', A: '1', C: '3' }, instances: 3, nodeArgs: ['--max-old-space-size=512'] });
});

test('the same options in another order change nothing', () => {
  const a = resolve({ env: { A: '1', B: '2' }, killTimeout: '5s' });
  const b = resolve({ env: { B: '2', A: '1' }, killTimeout: 5000 });
  assert.deepEqual(planReconfigure(a, b), { apply: {}, changed: [], needsRestart: [] });
});

test('a new script needs a restart', () => {
  assert.deepEqual(planReconfigure(resolve({ name: 'web' }), resolve({ name: 'web', script: 'other.js' })).needsRestart, ['script']);
});
