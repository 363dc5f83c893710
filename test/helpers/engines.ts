// Where a real engine's binary is, or why a suite must skip. test/setup/engines.mjs has
// already tried to install what was missing; in CI a missing engine fails the suite
// instead of skipping it, since CI can always install it.
import { spawnSync } from 'node:child_process';

export type Engine = 'nginx' | 'haproxy' | 'chromium';

export function findEngine(name: Engine): { path: string } | { skip: string } {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (found) return { path: found };
  if (process.env.CI) throw new Error(`${name} is not installed and CI must run its suite: see test/setup/engines.mjs`);
  const skip = `${name} is not installed and could not be installed here (see the engines: line before the tests)`;
  console.log(`# skipping: ${skip}`);
  return { skip };
}
