import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pid1Warning } from '../../src/supervisor/pid1.js';

test('only pid 1 is warned, and the warning names the fixes', () => {
  assert.equal(pid1Warning(4242), null);
  const w = pid1Warning(1)!;
  for (const fix of ['docker run --init', 'tini', 'shareProcessNamespace']) assert.ok(w.fix.includes(fix), fix);
  assert.ok(w.message.includes(w.fix));
});
