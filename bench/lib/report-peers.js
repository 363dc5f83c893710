// The side-by-side table: clusterize, PM2 (cluster mode) and the hand-written
// node:cluster loop, one row per measure, with ratios. Pure.
import { fmt, ratio, table } from './stats.js';

const ids = { loop: 'cluster', cz: 'clusterize-auto', pm2: 'pm2' };

export function peersSection(p, meta) {
  if (p.skipped) return ['', '### clusterize, PM2 and the node:cluster loop', '', `Not measured: ${p.skipped}`];
  const tp = (wl, id) => p.throughput[wl]?.rows.find((r) => r.id === id) ?? null;
  const by = (list, id) => list?.find((r) => r.id === id) ?? null;
  const rows = [];
  const add = (what, [l, c, m], format) => rows.push([what, format(l), format(c), format(m), fmt.x(ratio(c, m)), fmt.x(ratio(c, l))]);
  const v = (f) => [f(ids.loop), f(ids.cz), f(ids.pm2)];
  for (const [wl, name] of [['cpu', 'CPU-bound, keep-alive'], ['hello', 'hello world, new connection per request']]) {
    add(`${name}: req/s`, v((id) => tp(wl, id)?.rps ?? null), fmt.int);
    add(`${name}: p99 latency`, v((id) => tp(wl, id)?.p99Ms ?? null), fmt.ms);
  }
  for (const wl of ['hello', 'hello-ka']) {
    const r = v((id) => p.reload.find((x) => x.id === id && x.workload === wl) ?? null);
    const label = wl === 'hello' ? 'new connection per request' : 'keep-alive';
    add(`reload under load (${label}): failed requests per reload`, r.map((x) => x?.perReload ?? null), (x) => (x === null ? 'n/a' : x.toFixed(2)));
    add(`reload under load (${label}): reload command, start to return`, r.map((x) => x?.durationMs ?? null), (x) => (x === null ? 'n/a' : fmt.ms(x)));
  }
  add('crash (-i 1, SIGKILL) → replacement serving', v((id) => by(p.crash, id)?.ms ?? null), (x) => (x === null ? 'n/a' : fmt.ms(x)));
  const idle = (id) => tp('cpu', id)?.idle ?? null;
  add('supervisor idle RSS (primary; PM2: its daemon)', v((id) => idle(id)?.primaryRss ?? null), fmt.mb);
  add('supervisor idle CPU', v((id) => idle(id)?.primaryCpu ?? null), fmt.pct);
  const cliRow = (id) => by(p.cli, id);
  add('a control command, peak RSS (`clusterize status`, `pm2 ls`)', [null, cliRow(ids.cz)?.peakRss ?? null, cliRow(ids.pm2)?.peakRss ?? null], (x) => (x === null ? 'n/a' : fmt.mb(x)));
  add('… and its run time', [null, cliRow(ids.cz)?.ms ?? null, cliRow(ids.pm2)?.ms ?? null], (x) => (x === null ? 'n/a' : fmt.ms(x)));
  const over = (id) => (idle(id)?.workerRss != null && p.bare?.rss != null ? idle(id).workerRss - p.bare.rss : null);
  add(`worker idle RSS over a bare \`node cpu.js\` (${fmt.mb(p.bare?.rss)})`, v(over), (x) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${fmt.mb(x)}`));
  add(`start → all ${meta.workers} workers listening (PM2: daemon started cold)`, v((id) => by(p.startStop, id)?.startMs ?? null), fmt.ms);
  add('stop → every process gone (SIGTERM; PM2: `pm2 kill`)', v((id) => by(p.startStop, id)?.stopMs ?? null), fmt.ms);

  const head = ['measure', 'node:cluster loop', 'clusterize', `PM2 ${meta.pm2?.version ?? ''}`.trim(), 'clusterize / PM2', 'clusterize / loop'];
  const s = ['', '### clusterize, PM2 and the node:cluster loop, side by side', ''];
  s.push(table(head, rows));
  s.push(
    '',
    `Same apps (\`bench/apps/\`), same machine, ${meta.workers} workers each, rounds interleaved. PM2 ${meta.pm2?.version ?? '?'} (${meta.pm2?.how ?? '?'}) in cluster mode with its defaults and its own PM2_HOME; clusterize with its defaults. ` +
      'Ratios are clusterize over the other: below 1 is better for time, latency and memory, above 1 for req/s. The loop reloads nothing and restarts nothing (n/a). ' +
      'Reload: commands back to back while wrk runs, each timed from its start to its return. Stop: from the signal (or `pm2 kill`) until the supervisor and every worker are gone.',
  );
  const perRound = [];
  for (const r of p.startStop ?? []) perRound.push(`${r.label}: start ${r.startAll.join(', ')} ms; stop ${r.stopAll.join(', ')} ms`);
  for (const r of p.crash ?? []) perRound.push(`${r.label}: crash to replacement ${r.all.join(', ')} ms (${r.refused} refused polls)`);
  for (const r of p.reload ?? []) perRound.push(`${r.label}, ${r.workloadLabel}: ${r.reloads} reloads, ${fmt.int(r.requests)} requests, ${r.failed} failed (connect/read/write/timeout/non-2xx ${[r.errors.connect, r.errors.read, r.errors.write, r.errors.timeout, r.errors.non2xx].join('/')})${r.failedCommands ? `, ${r.failedCommands} reload commands failed` : ''}`);
  s.push('', 'Per round:', '', ...perRound.map((l) => `- ${l}`));
  return s;
}
