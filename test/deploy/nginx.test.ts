// README's nginx recipe, run as it is by a real nginx in front of two clusterize hosts.
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { answering, runScenario, setStage } from '../helpers/balancer.js';
import { startEngine } from '../helpers/engine-process.js';
import { fillIn, recipe } from '../helpers/recipes.js';

test('behind nginx: rolling reloads of both hosts and a drained stop of one fail no request; the host comes back', async (t) => {
  const stage = await setStage(t, 'nginx');
  if ('skip' in stage) return t.skip(stage.skip);
  const { a, b, lbPort, dir } = stage;
  fs.chmodSync(dir, 0o755); // nginx's workers run as nobody when the master is root
  const site = fillIn(recipe('nginx'), [
    ['10.0.0.11:3000', `127.0.0.1:${a.port}`],
    ['10.0.0.12:3000', `127.0.0.1:${b.port}`],
    ['listen 80;', `listen 127.0.0.1:${lbPort};`],
  ]);
  // Only what a test run needs around the recipe: its own pid file, logs and temp paths.
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
  startEngine(t, stage.bin, ['-e', 'stderr', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;']);
  await answering(lbPort);

  await runScenario(t, { a, b }, {
    port: lbPort,
    out: async () => null, // nginx OSS has no health checks: it only sees failed connections
    backIn: async () => {},
  });
});
