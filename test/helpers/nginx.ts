// A real nginx for a test: the run-time settings every test needs (its own pid file,
// logs and temp paths in `dir`) around the `site` under test, run in the foreground.
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { startEngine, type EngineProcess } from './engine-process.js';

/** `site`: what goes inside `http { }` (upstreams and servers). */
export function startNginx(t: TestContext, bin: string, dir: string, site: string): EngineProcess {
  fs.chmodSync(dir, 0o755); // nginx's workers run as nobody when the master is root
  const conf = [
    `pid ${dir}/nginx.pid;`,
    'error_log stderr notice;',
    'worker_processes 1;',
    'events { worker_connections 1024; }',
    'http {',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `    ${k}_temp_path ${dir}/${k};`),
    site,
    '}',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  return startEngine(t, bin, ['-e', 'stderr', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;']);
}
