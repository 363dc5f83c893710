import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSpawnError } from '../../src/supervisor/spawn-error.js';

const errno = (code: string, path?: string) => Object.assign(new Error(`spawn ${path} ${code}`), { code, syscall: 'spawn', path });

test('a missing working directory is named, not the ENOENT Node reports on the node binary', () => {
  const f = describeSpawnError(errno('ENOENT', '/usr/bin/node'), '/srv/app', () => false);
  assert.equal(f.cause, 'the working directory /srv/app does not exist (ENOENT)');
  assert.equal(f.code, 'ENOENT');
  assert.equal(f.path, '/usr/bin/node');
});

test('resource errors say which limit to look at; anything else keeps its message', () => {
  assert.match(describeSpawnError(errno('EMFILE', '/usr/bin/node'), '/srv', () => true).cause, /ulimit -n.*EMFILE/);
  assert.match(describeSpawnError(errno('EAGAIN'), '/srv', () => true).cause, /ulimit -u.*EAGAIN/);
  assert.equal(describeSpawnError(errno('E2BIG', 'x'), '/srv', () => true).cause, 'spawn x E2BIG');
});
