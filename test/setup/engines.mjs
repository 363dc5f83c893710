#!/usr/bin/env node
// Installs the real engines the suites test against (nginx, HAProxy, Chromium) when
// they are missing, before any test runs, so `npm test` passes on a fresh machine.
// One apt-get run for all of them: suites running in parallel must not race for
// apt's lock. Where nothing can be installed (not root, no apt-get), it prints why and
// the suites that need the engine skip with that reason (test/helpers/engines.ts).
import { execFileSync, spawnSync } from 'node:child_process';

/** binary -> Debian package */
export const engines = {
  nginx: 'nginx',
  haproxy: 'haproxy',
  chromium: 'chromium',
};

const which = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim();
const missing = Object.entries(engines).filter(([bin]) => !which(bin));

if (missing.length === 0) process.exit(0);
const packages = missing.map(([, pkg]) => pkg);
const why = (reason) => {
  console.log(`engines: not installing ${packages.join(', ')}: ${reason}; the suites that need them will skip`);
  process.exit(0);
};
if (process.getuid?.() !== 0) why('not running as root');
if (!which('apt-get')) why('no apt-get on this machine');
console.log(`engines: installing ${packages.join(', ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
} catch (err) {
  why(`apt-get failed (${err.message.split('\n')[0]})`);
}
// The Debian nginx package starts a server on port 80 at install: the suites run
// their own on loopback ports, so stop it.
spawnSync('sh', ['-c', 'command -v service >/dev/null && service nginx stop; pkill -x nginx'], { stdio: 'ignore' });
spawnSync('sh', ['-c', 'service haproxy stop; pkill -x haproxy'], { stdio: 'ignore' });
for (const [bin] of missing) if (!which(bin)) console.log(`engines: ${bin} is still missing after apt-get`);
