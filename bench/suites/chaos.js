#!/usr/bin/env node
// Standalone: node bench/suites/chaos.js [--seconds 30] [--workers 2]
// Chaos under load: a steady load of new connections while a random serving worker is
// SIGKILLed every second. Prints what a client saw (failures, longest wait) and whether
// the primary stayed up and every slot came back. The driver is the one the test suite
// runs for 8 s (test/reliability/chaos-driver.ts), so run `npm run build` first.
import { parseArgs } from 'node:util';
import { runChaos } from '../../dist/test/reliability/chaos-driver.js';
import { cli, root } from '../lib/contenders.js';
import { freePort } from '../lib/http.js';
import { start } from '../lib/processes.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, workers: { type: 'string', default: '2' } } });
const seconds = Number(values.seconds);
const workers = Number(values.workers);
const port = await freePort();
const sup = start(process.execPath, [cli, `${root}/fixtures/hello.js`, '-i', String(workers), '--min-uptime', '500', '--log-format', 'json'], {
  env: { PORT: String(port) },
  label: 'clusterize',
});
await sup.waitForLines((l) => l.includes('"event":"cluster.ready"'));
const serving = () => {
  const records = sup.records();
  const exited = new Set(records.filter((r) => r.event === 'worker.exit').map((r) => r.pid));
  return records.filter((r) => r.event === 'worker.ready' && !exited.has(r.pid)).map((r) => r.pid);
};
const report = await runChaos({ port, servingPids: serving, durationMs: seconds * 1000, killEveryMs: 1000, concurrency: 8 });
const restoredAt = Date.now();
while (serving().length < workers && Date.now() - restoredAt < 15_000) await new Promise((r) => setTimeout(r, 20));
const result = {
  ...report,
  workers,
  primaryUp: sup.exit === null,
  slotsRestored: serving().length === workers,
  restoredAfterMs: Date.now() - restoredAt,
  giveUps: sup.records().filter((r) => r.event === 'worker.giveup').length,
};
sup.child.kill('SIGTERM');
await sup.closed;
console.log(JSON.stringify(result, null, 2));
const ok = result.primaryUp && result.slotsRestored && result.maxLatencyMs < 5000 && result.failures <= result.inFlightAtKills;
process.exit(ok ? 0 : 1);
