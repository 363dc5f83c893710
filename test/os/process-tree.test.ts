import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { childTable, descendantsOf, processTable, signalDescendants } from '../../src/os/process-tree.js';
import { isAlive, until } from '../helpers/wait.js';

test('descendantsOf: children before grandchildren, others left out', () => {
  const parents = new Map([
    [10, 1],
    [11, 10],
    [12, 11],
    [13, 10],
    [20, 1],
  ]);
  assert.deepEqual(descendantsOf(10, parents), [11, 13, 12]);
  assert.deepEqual(descendantsOf(20, parents), []);
});

test('a real tree (sh -> two sleeps, one under a second sh): the child lists and the full table agree, and all of it is signalled', { skip: process.platform !== 'linux' && 'the child lists are Linux only' }, async (t) => {
  const root = spawn('/bin/sh', ['-c', 'sleep 30 & /bin/sh -c "sleep 30 & wait" & wait'], { stdio: 'ignore' });
  t.after(() => {
    for (const pid of descendantsOf(root.pid!, processTable())) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    root.kill('SIGKILL');
  });
  await until(() => descendantsOf(root.pid!, processTable()).length === 3, 'the shell to start its two sleeps and the inner shell', 5000);
  const fast = childTable(root.pid!);
  assert.ok(fast, 'this kernel offers /proc/<pid>/task/<tid>/children');
  const viaChildren = descendantsOf(root.pid!, fast).sort();
  assert.deepEqual(viaChildren, descendantsOf(root.pid!, processTable()).sort());
  assert.equal(viaChildren.length, 3);
  const reached = signalDescendants(root.pid!, 'SIGKILL');
  assert.deepEqual(reached.sort(), viaChildren);
  await until(() => viaChildren.every((p) => !isAlive(p)), 'every descendant to be gone', 5000);
});

test('childTable of a pid that does not exist is null (the caller falls back on the full table)', () => {
  assert.equal(childTable(2 ** 22 + 12345), null);
});
