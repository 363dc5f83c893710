// The dashboard must work from the published package, offline: its own files are in
// the tarball (the build copies them into dist), and uPlot is a runtime dependency.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { root } from '../helpers/cli-process.js';

test("npm pack ships the page's files, and uplot is a dependency", () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
  for (const f of fs.readdirSync(path.join(root, 'src/dashboard/assets'))) {
    assert.ok(files.has(`dist/src/dashboard/assets/${f}`), `the tarball has dist/src/dashboard/assets/${f}`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.ok(pkg.dependencies.uplot, 'uplot is in dependencies, not devDependencies');
});
