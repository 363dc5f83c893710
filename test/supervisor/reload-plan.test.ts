import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planReload } from '../../src/supervisor/reload-plan.js';

test('slots are replaced in batches of reload-parallel, in order', () => {
  assert.deepEqual(planReload([0, 1, 2, 3, 4], 2), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(planReload([0, 1], 1), [[0], [1]]);
  assert.deepEqual(planReload([0, 1], 8), [[0, 1]]);
  assert.deepEqual(planReload([], 1), []);
});
