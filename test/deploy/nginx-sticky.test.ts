// --balance ip-hash --sticky-header x-forwarded-for behind a real nginx: every
// connection reaches clusterize from nginx's own address, so plain ip-hash would send
// all of them to one worker; keyed on the client address nginx forwards, each client
// sticks to one worker and both workers get clients.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { getFrom, sourceAddresses } from '../balance/client.js';
import { answering } from '../helpers/balancer.js';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { startNginx } from '../helpers/nginx.js';
import { findEngine } from '../helpers/engines.js';
import { freePort } from '../helpers/http.js';

test('behind nginx, --sticky-header x-forwarded-for: 20 client addresses x 5 requests, each client always on one worker, both workers used', async (t) => {
  const found = findEngine('nginx');
  if ('skip' in found) return t.skip(found.skip);
  const [appPort, lbPort] = [await freePort(), await freePort()];
  const cli = startCli(
    t,
    [fixture('hello.js'), '-i', '2', '--balance', 'ip-hash', '--sticky-header', 'x-forwarded-for', '--log-format', 'json', '--name', uniqueName('nginx-sticky')],
    { env: { PORT: String(appPort) } },
  );
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-nginx-sticky-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // No `keepalive` in the upstream: a new connection to the app per request, so that
  // each request's own X-Forwarded-For picks its worker (README, Balancing).
  const site = [
    `    upstream app { server 127.0.0.1:${appPort}; }`,
    '    server {',
    `        listen 127.0.0.1:${lbPort};`,
    '        location / {',
    '            proxy_pass http://app;',
    '            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '        }',
    '    }',
  ].join('\n');
  startNginx(t, found.path, dir, site);
  await answering(lbPort);

  const slots = new Map<string, Set<string>>();
  for (let round = 0; round < 5; round++) {
    await Promise.all(
      sourceAddresses(20).map(async (a) => {
        const body = await getFrom(lbPort, a);
        const slot = /\(slot (\d+)\)/.exec(body)?.[1];
        assert.ok(slot !== undefined, `an answer of hello.js through nginx: ${body}`);
        const seen = slots.get(a) ?? new Set<string>();
        seen.add(slot);
        slots.set(a, seen);
      }),
    );
  }
  for (const [a, seen] of slots) assert.equal(seen.size, 1, `${a} reached slots ${[...seen]}`);
  assert.deepEqual(new Set([...slots.values()].map((s) => [...s][0])), new Set(['0', '1']), 'both workers get clients, though every connection comes from nginx');
});
