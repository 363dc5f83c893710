import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as errors from '../src/errors.js';

test('the list of error codes is stable', () => {
  assert.deepEqual(Object.values(errors.ErrorCodes).sort(), [
    'CLUSTERIZE_ERR_ALREADY_RUNNING',
    'CLUSTERIZE_ERR_CONFIG',
    'CLUSTERIZE_ERR_CONTROL',
    'CLUSTERIZE_ERR_GAVE_UP',
    'CLUSTERIZE_ERR_INVALID_OPTION',
    'CLUSTERIZE_ERR_IPC_RESERVED',
    'CLUSTERIZE_ERR_LISTEN_TIMEOUT',
    'CLUSTERIZE_ERR_METRICS_LISTEN',
    'CLUSTERIZE_ERR_NOT_PRIMARY',
    'CLUSTERIZE_ERR_NO_SUPERVISOR',
    'CLUSTERIZE_ERR_RELOAD_FAILED',
    'CLUSTERIZE_ERR_SCRIPT_NOT_FOUND',
    'CLUSTERIZE_ERR_SCRIPT_UNUSABLE',
    'CLUSTERIZE_ERR_SOCKET_DIR',
    'CLUSTERIZE_ERR_SOCKET_PATH',
    'CLUSTERIZE_ERR_STOPPED',
    'CLUSTERIZE_ERR_USAGE',
  ]);
});

test('usage errors exit 2, run-time errors 1, and wrapped errors keep their cause', () => {
  assert.equal(new errors.UsageError('x').exitCode, 2);
  assert.equal(new errors.ScriptNotFoundError('a.js', '/a.js').exitCode, 2);
  assert.equal(new errors.NoSupervisorError("'web'", '/tmp/web.sock').exitCode, 1);
  const cause = new Error('EADDRINUSE');
  const e = new errors.MetricsListenError('127.0.0.1:9100', cause);
  assert.equal(e.cause, cause);
  assert.equal(e.name, 'MetricsListenError');
  assert.ok(e instanceof errors.ClusterizeError);
});

test('every message says what to do', () => {
  const samples = [
    new errors.ScriptNotFoundError('a.js', '/x/a.js'),
    new errors.ScriptUnusableError('app', 'is a directory', 'pass the file to run, like app/index.js'),
    new errors.NoSupervisorError("'web'", '/tmp/web.sock'),
    new errors.AlreadyRunningError('web', '/tmp/web.sock'),
    new errors.GaveUpError('app.js', 'Error: boom'),
    new errors.ReloadFailedError(1, 'the new worker exited (code 1)'),
    new errors.SocketDirError('/tmp/x', 'is open to other users'),
    new errors.SocketPathError('/tmp/x.sock', 'is a regular file, not a socket'),
  ];
  for (const e of samples) assert.match(e.message, /(check|start|stop|fix|remove|pass|use)/i, e.message);
});

test('every error code has an exit status, and README documents both', async () => {
  const fs = await import('node:fs');
  const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const code of Object.values(errors.ErrorCodes)) {
    const status = errors.exitStatusOfCode(code);
    assert.ok(status === 1 || status === 2, code);
    assert.match(readme, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `README lists ${code} with exit ${status}`);
  }
  assert.equal(errors.exitStatusFor(new Error('x')), 1);
  assert.equal(errors.ExitStatus.INTERRUPTED, 130);
});
