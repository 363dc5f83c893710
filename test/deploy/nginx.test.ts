// README's nginx recipe, run as it is by a real nginx in front of two clusterize hosts.
import { test } from 'node:test';
import { answering, runScenario, setStage } from '../helpers/balancer.js';
import { startNginx } from '../helpers/nginx.js';
import { fillIn, recipe } from '../helpers/recipes.js';

test('behind nginx: rolling reloads of both hosts and a drained stop of one fail no request; the host comes back', async (t) => {
  const stage = await setStage(t, 'nginx');
  if ('skip' in stage) return t.skip(stage.skip);
  const { a, b, lbPort, dir } = stage;
  const site = fillIn(recipe('nginx'), [
    ['10.0.0.11:3000', `127.0.0.1:${a.port}`],
    ['10.0.0.12:3000', `127.0.0.1:${b.port}`],
    ['listen 80;', `listen 127.0.0.1:${lbPort};`],
  ]);
  startNginx(t, stage.bin, dir, site);
  await answering(lbPort);

  await runScenario(t, { a, b }, {
    port: lbPort,
    out: async () => null, // nginx OSS has no health checks: it only sees failed connections
    backIn: async () => {},
  });
});
