// Watch mode: from saving a file to the new code answering, `clusterize app.js --watch
// -i 1` against restarting a plain `node app.js` by hand (kill, wait for the exit,
// start again). Failed polls on the way are the downtime each way costs.
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../lib/paths.js';
import { freePort, poll } from '../lib/http.js';
import { start } from '../lib/processes.js';
import { median, sleep } from '../lib/stats.js';

const appSource = (version) => `// written by bench/suites/watch.js
import http from 'node:http';
const server = http.createServer((_req, res) => res.end('${version}'));
server.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }, () => console.log(\`listening \${process.pid} \${server.address().port}\`));
`;

const isListening = (t) => /^listening \d+ \d+$/.test(t);

export async function watchLatency(ctx) {
  const dir = fs.mkdtempSync(path.join(ctx.tmp, 'watch-'));
  const file = path.join(dir, 'app.mjs');
  let version = 0;
  const save = () => {
    version++;
    fs.writeFileSync(file, appSource(`v${version}`));
    return { at: performance.now(), body: `v${version}` };
  };
  save();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const env = { PORT: String(port) };
  const node = ctx.node ?? process.execPath;

  const watchRun = async (extra) => {
    const w = { ms: [], failures: 0, available: true, delayMs: null };
    const args = [cli, file, '--watch', '-i', '1', '--log-format', 'json', '--name', `bench-${process.pid}-watch`, '--socket', path.join(ctx.tmp, 'watch.sock'), ...extra];
    const sup = start(node, args, { env, label: 'watch' });
    try {
      await sup.waitForRecord((r) => r.event === 'cluster.ready');
      const watching = await sup.waitForRecord((r) => r.event === 'watch.ready', { timeoutMs: 5000 }).catch(() => null);
      w.delayMs = watching?.delayMs ?? null;
      // The watcher may still be settling on its first scan.
      await sleep(300);
      for (let round = 0; round < ctx.startRounds; round++) {
        const mark = sup.lines.length;
        const change = save();
        try {
          const r = await poll(url, (res) => res.body === change.body, { timeoutMs: round === 0 ? 5000 : 15000 });
          w.ms.push(r.at - change.at);
          w.failures += r.failures;
        } catch {
          w.available = false;
          break;
        }
        // The old worker drains after the new one serves; the next change waits for that
        // (the supervisor's `reload.done`, or watch mode's own `watch.reload`).
        await sup.waitForRecord((r) => r.event === 'reload.done' || r.event === 'watch.reload' || r.level >= 50, { from: mark, timeoutMs: 5000 }).catch(() => {});
      }
    } finally {
      await sup.stop();
    }
    return w;
  };
  const watch = await watchRun([]);
  const watchNoDelay = watch.available ? await watchRun(['--watch-delay', '0']) : null;

  const plain = { ms: [], failures: 0 };
  let p = start(node, [file], { env, label: 'plain' });
  try {
    await p.waitForLines(isListening);
    for (let round = 0; round < ctx.startRounds; round++) {
      const change = save();
      p.child.kill('SIGTERM');
      await p.exited();
      p = start(node, [file], { env, label: 'plain' });
      const r = await poll(url, (res) => res.body === change.body, { everyMs: 5 });
      plain.ms.push(r.at - change.at);
      plain.failures += r.failures;
    }
  } finally {
    await p.stop();
  }

  return {
    available: watch.available,
    watchMs: median(watch.ms),
    watchAll: watch.ms.map(Math.round),
    watchFailures: watch.failures,
    watchDelayMs: watch.delayMs,
    noDelayMs: watchNoDelay ? median(watchNoDelay.ms) : null,
    noDelayAll: watchNoDelay ? watchNoDelay.ms.map(Math.round) : [],
    noDelayFailures: watchNoDelay?.failures ?? 0,
    plainMs: median(plain.ms),
    plainAll: plain.ms.map(Math.round),
    plainFailures: plain.failures,
  };
}
