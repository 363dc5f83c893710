import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickLastError } from '../../src/supervisor/last-error.js';

test('finds the error line in what Node prints for an uncaught exception', () => {
  const stderr = [
    'file:///app/crash.js:2',
    "throw new Error('database password missing');",
    '^',
    '',
    'Error: database password missing',
    '    at file:///app/crash.js:2:7',
    '    at ModuleJob.run (node:internal/modules/esm/module_job:195:25)',
    '',
    'Node.js v20.20.2',
  ];
  assert.equal(pickLastError(stderr), 'Error: database password missing');
});

test('knows coded and subclassed errors', () => {
  assert.equal(pickLastError(['TypeError [ERR_INVALID_ARG_TYPE]: bad', 'Node.js v20.1.0']), 'TypeError [ERR_INVALID_ARG_TYPE]: bad');
  assert.equal(pickLastError(['SyntaxError: Unexpected token }']), 'SyntaxError: Unexpected token }');
});

test('falls back to the last meaningful line, and to nothing', () => {
  assert.equal(pickLastError(['config missing, exiting', '', 'Node.js v20.20.2']), 'config missing, exiting');
  assert.equal(pickLastError([]), undefined);
});
