// The package's bin is the bundle (dist/src/bundle/clusterize.js); dist/src/cli/bin.js
// stays as a shim to it for scripts that ran that path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { bin, root } from '../helpers/cli-process.js';

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

test("package.json's bin is the bundle the tests run", () => {
  assert.equal(path.join(root, pkg.bin.clusterize!), bin);
});

for (const entry of ['dist/src/bundle/clusterize.js', 'dist/src/cli/bin.js']) {
  test(`${entry} is executable and prints our version`, () => {
    const file = path.join(root, entry);
    assert.ok((fs.statSync(file).mode & 0o111) !== 0, `${entry} has an execute bit`);
    const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.stdout.trim(), pkg.version, r.stderr);
  });
}
