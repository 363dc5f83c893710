// Many changes close together give one reload; changes during a reload give exactly
// one more after it. A watched marker written afterwards bounds each count.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { until } from '../helpers/wait.js';
import { isReloadLine, startWatchApp, type WatchApp } from './watch-app.js';

/** Writes versions from..to of the app as fast as possible, with other files in between. */
function burst(app: WatchApp, from: number, to: number): void {
  for (let i = from; i <= to; i++) {
    if (i % 2) app.setVersion(`v${i}`);
    else app.write(`lib/m${i % 6}.js`, `export const m = ${i};\n`);
  }
  app.setVersion(`v${to}`);
}

/** How many reloads the writes so far caused, once the last version is served. */
async function reloadsOfTheBurst(app: WatchApp, lastVersion: string): Promise<number> {
  await until(async () => (await get(app.port)).body.startsWith(`${lastVersion} `), `${lastVersion} to be served`, 5000);
  const marker = path.join(app.dir, 'marker.js');
  app.write('marker.js', '// marker\n');
  await app.cli.waitFor((r) => isReloadLine(r) && (r.files as string[]).includes(marker), 'the reload caused by marker.js');
  return app.reloads().filter((r) => (r.files as string[]).some((f) => f !== marker)).length;
}

test('a burst of 20 quick writes gives one or two reloads, not twenty', async (t) => {
  const app = await startWatchApp(t, ['-i', '1']);
  burst(app, 2, 21);
  const n = await reloadsOfTheBurst(app, 'v21');
  assert.ok(n >= 1 && n <= 2, `${n} reloads for the burst`);
});

test('a burst while a reload runs gives exactly one more reload, after it', async (t) => {
  const app = await startWatchApp(t, ['-i', '1']);
  app.setVersion('v2');
  await app.cli.waitFor((r) => (r.event === 'reload.start' && r.trigger === 'watch: version.js'), 'the first reload to start');
  burst(app, 3, 22);
  const n = await reloadsOfTheBurst(app, 'v22');
  assert.equal(n, 2, 'the first reload and one more');
  assert.equal(app.cli.records.filter((r) => r.event === 'reload.queued').length, 0, 'never asked while one runs');
});
