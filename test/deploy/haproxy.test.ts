// README's HAProxy recipe, run as it is by a real HAProxy in front of two clusterize
// hosts, checking /healthz on each host's metrics port.
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { answering, runScenario, setStage } from '../helpers/balancer.js';
import { startEngine } from '../helpers/engine-process.js';
import { fillIn, recipe } from '../helpers/recipes.js';

test('behind HAProxy: reloads fail no request; a stopping host is out (health check) before its workers stop; it comes back', async (t) => {
  const stage = await setStage(t, 'haproxy');
  if ('skip' in stage) return t.skip(stage.skip);
  const { a, b, lbPort, dir } = stage;
  const conf = fillIn(recipe('haproxy'), [
    ['bind :80', `bind 127.0.0.1:${lbPort}`],
    ['server a 10.0.0.11:3000 check port 9464', `server a 127.0.0.1:${a.port} check port ${a.metricsPort}`],
    ['server b 10.0.0.12:3000 check port 9464', `server b 127.0.0.1:${b.port} check port ${b.metricsPort}`],
  ]);
  fs.writeFileSync(path.join(dir, 'haproxy.cfg'), conf);
  // -db: foreground, and server state changes are printed to stderr (HAProxy's log here).
  const engine = startEngine(t, stage.bin, ['-db', '-f', path.join(dir, 'haproxy.cfg')]);
  await answering(lbPort);

  const stateLine = (label: string, state: 'DOWN' | 'UP', since: number) =>
    engine.waitForLine(new RegExp(`Server app/${label.toLowerCase()} is ${state}`), `HAProxy to mark ${label} ${state}`, { ms: 20_000, since });

  await runScenario(t, { a, b }, {
    port: lbPort,
    out: async (label) => {
      const line = await stateLine(label, 'DOWN', Date.now());
      if (!/Layer7 wrong status, code: 503/.test(line.text)) throw new Error(`HAProxy took ${label} out for another reason: ${line.text}`);
      return line.at;
    },
    backIn: async (label, since) => void (await stateLine(label, 'UP', since)),
  });
});
