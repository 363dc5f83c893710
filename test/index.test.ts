// The package as users import and run it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { root } from './helpers/cli-process.js';

test("import { supervise } from '@clusterize/cli' resolves through package.json exports, with types", async () => {
  const api = (await import('@clusterize/cli')) as Record<string, unknown>;
  assert.equal(typeof api.supervise, 'function');
  assert.equal(typeof api.Supervisor, 'function');
  assert.equal(typeof api.ClusterizeError, 'function');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    exports: { '.': { types: string } };
    bin: { clusterize: string };
    engines: { node: string };
    type: string;
  };
  assert.ok(fs.existsSync(path.join(root, pkg.exports['.'].types)));
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.engines.node, '>=20.19');
  const bin = fs.readFileSync(path.join(root, pkg.bin.clusterize), 'utf8');
  assert.ok(bin.startsWith('#!/usr/bin/env node'), 'the bin runs with node');
  fs.accessSync(path.join(root, pkg.bin.clusterize), fs.constants.X_OK); // npx runs it as it is
});
