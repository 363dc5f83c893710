// Turns one run's results into Markdown: the tables, the targets from the issue with
// met / missed, and the numbers behind the choice of --balance. Pure: no I/O here.
import { peersSection } from './report-peers.js';
import { scaleSection } from './report-scale.js';
import { fmt, ratio, table } from './stats.js';

/** Percent of a core that other processes may take (median over a contender's rounds) before the run counts as disturbed. */
const DISTURBED = 15;

const share = (xs) => (xs?.length ? xs.map((x) => Math.round(x * 100)).join(' / ') : '–');

function throughputTable(rows) {
  const single = rows.find((r) => r.id === 'single');
  const cluster = rows.find((r) => r.id === 'cluster');
  const cols = [
    ['contender', (r) => r.label],
    ['req/s (median)', (r) => fmt.int(r.rps)],
    ...(single ? [['× single', (r) => fmt.x(ratio(r.rps, single.rps))]] : []),
    ...(cluster ? [['× node:cluster', (r) => fmt.x(ratio(r.rps, cluster.rps))]] : []),
    ['p99 latency', (r) => fmt.ms(r.p99Ms)],
    ['primary CPU', (r) => (r.primaryCpu === null ? '–' : fmt.pct(r.primaryCpu))],
    ['workers CPU', (r) => fmt.pct(r.workerCpu)],
    ['load generator CPU', (r) => fmt.pct(r.clientCpu)],
    ['other CPU (max)', (r) => (r.otherCpu === undefined ? '–' : `${fmt.pct(r.otherCpu)} (${fmt.pct(r.otherCpuMax)})`)],
    ['requests per worker, %', (r) => (r.workers > 1 ? share(r.shares) : '–')],
    ['failed', (r) => fmt.int(r.failed)],
    ['req/s per round', (r) => r.rpsAll.join(', ')],
  ];
  return table(cols.map((c) => c[0]), rows.map((r) => cols.map((c) => c[1](r))));
}

function overheadTable(cpuRows, helloRows) {
  const hello = new Map((helloRows ?? []).map((r) => [r.id, r]));
  return table(
    ['contender', 'primary RSS idle', 'primary RSS loaded', 'primary CPU idle', 'primary CPU, CPU-bound', 'primary CPU, conn-per-request', 'worker RSS idle', 'worker RSS loaded'],
    cpuRows.map((r) => [
      r.label,
      fmt.mb(r.idle?.primaryRss),
      fmt.mb(r.primaryRssLoaded),
      r.idle?.primaryCpu == null ? '–' : fmt.pct(r.idle.primaryCpu),
      r.primaryCpu === null ? '–' : fmt.pct(r.primaryCpu),
      hello.get(r.id)?.primaryCpu == null ? '–' : fmt.pct(hello.get(r.id).primaryCpu),
      fmt.mb(r.idle?.workerRss),
      fmt.mb(r.workerRssLoaded),
    ]),
  );
}

function reloadTable(rows) {
  return table(
    ['mode', 'workload', 'reloads', 'reload duration (median)', 'requests', 'failed requests', 'errors (connect/read/write/timeout/non-2xx)'],
    rows.map((r) => [
      r.label,
      r.workloadLabel,
      `${r.reloads}${r.failedReloads.length ? ` (${r.failedReloads.length} failed)` : ''}`,
      fmt.ms(r.durationMs),
      fmt.int(r.requests),
      fmt.int(r.failed),
      [r.errors.connect, r.errors.read, r.errors.write, r.errors.timeout, r.errors.non2xx].join('/'),
    ]),
  );
}

/** Which mode the numbers favour, and why, as data and one sentence. */
export function balanceVerdict(res) {
  const pick = (rows, id) => rows?.find((r) => r.id === id) ?? null;
  const cpu = res.throughput?.cpu?.rows;
  const hello = res.throughput?.hello?.rows;
  const rrCpu = pick(cpu, 'clusterize-rr')?.rps ?? null;
  const osCpu = pick(cpu, 'clusterize-os')?.rps ?? null;
  const rrHello = pick(hello, 'clusterize-rr')?.rps ?? null;
  const osHello = pick(hello, 'clusterize-os')?.rps ?? null;
  const cpuOsOverRr = ratio(osCpu, rrCpu);
  const helloOsOverRr = ratio(osHello, rrHello);
  if (cpuOsOverRr === null || helloOsOverRr === null) return null;
  // os must not lose the keep-alive workload by more than the noise of a run, and the
  // connection-per-request workload decides.
  const winner = helloOsOverRr >= 1 && cpuOsOverRr >= 0.95 ? 'os' : helloOsOverRr < 1 && cpuOsOverRr < 1 ? 'rr' : cpuOsOverRr >= 1 ? 'os' : 'mixed';
  return { winner, cpuOsOverRr, helloOsOverRr };
}

/** The issue's targets against this run. */
export function targets(res) {
  const mode = res.defaultBalance ?? 'os';
  const id = `clusterize-${mode}`;
  const row = (wl, i) => res.throughput?.[wl]?.rows.find((r) => r.id === i) ?? null;
  const out = [];
  const add = (target, value, ok, note = '') => out.push({ target, value, ok, note });

  const cz = row('cpu', id);
  const cl = row('cpu', 'cluster');
  const single = row('cpu', 'single');
  if (cz && cl && single) {
    const a = ratio(cz.rps, cl.rps);
    const b = ratio(cz.rps, single.rps);
    add(`CPU-bound keep-alive, ${cz.workers} workers: clusterize (${mode}) ≥ 0.97× node:cluster`, fmt.x(a), a >= 0.97);
    add(`CPU-bound keep-alive, ${cz.workers} workers: clusterize (${mode}) ≥ 1.85× single process`, fmt.x(b), b >= 1.85);
  }
  const hz = row('hello', id);
  const hs = row('hello', 'single');
  const hc = row('hello', 'cluster');
  if (hz && hs) {
    const a = ratio(hz.rps, hs.rps);
    add(`Connection-per-request hello world, default mode (${mode}): clusterize ≥ 1.0× single process`, fmt.x(a), a >= 1.0, hc ? `node:cluster (rr) got ${fmt.x(ratio(hc.rps, hs.rps))}` : '');
  }
  if (cz?.idle && cl?.idle) {
    const a = ratio(cz.idle.primaryRss, cl.idle.primaryRss);
    add('Primary idle RSS ≤ 1.15× the node:cluster loop\'s primary', `${fmt.mb(cz.idle.primaryRss)} vs ${fmt.mb(cl.idle.primaryRss)} = ${fmt.x(a)}`, a <= 1.15);
  }
  if (cz?.idle && single?.idle) {
    const d = cz.idle.workerRss - single.idle.workerRss;
    add('A worker\'s idle RSS ≤ a bare `node app.js` + 3 MB', `${d >= 0 ? '+' : ''}${fmt.mb(d)} (${fmt.mb(cz.idle.workerRss)} vs ${fmt.mb(single.idle.workerRss)})`, d <= 3 * 2 ** 20, cl?.idle ? `a worker of the loop: ${fmt.mb(cl.idle.workerRss)}` : '');
  }
  const startOf = (id) => res.startup?.start?.find((r) => r.id === id) ?? null;
  const czStart = startOf('clusterize-auto');
  const clStart = startOf('cluster');
  if (czStart && clStart) {
    const a = ratio(czStart.ms, clStart.ms);
    add('Start → all workers listening ≤ 1.3× the node:cluster loop\'s', `${fmt.ms(czStart.ms)} vs ${fmt.ms(clStart.ms)} = ${fmt.x(a)}`, a <= 1.3);
  }
  const many = res.scale?.many?.rows.at(-1);
  if (many) add(`Primary idle CPU with ${many.workers} workers < 2% of a core`, fmt.pct(many.primaryCpu), many.primaryCpu < 2, `RSS per worker ${fmt.mb(res.scale.many.rssPerWorker)}`);
  const crashes = res.scale?.crashes;
  if (crashes) {
    // RSS alone swings with V8's collections; with the forced-GC readings, the second
    // half of the run is what says whether memory grows with the count.
    const gc = crashes.gcMid && crashes.gcLast;
    const grew = gc ? crashes.gcLast.rss - crashes.gcMid.rss : crashes.rssLast - crashes.rssFirst;
    const what = gc ? `RSS after a full GC ${grew >= 0 ? '+' : ''}${fmt.mb(grew)} over the second half` : `RSS ${grew >= 0 ? '+' : ''}${fmt.mb(grew)}`;
    add(`${fmt.int(crashes.crashes)} crash-restarts: primary RSS and fds flat`, `${what}, fds ${crashes.fdsFirst} → ${crashes.fdsLast}`, grew < 2 * 2 ** 20 && crashes.fdsLast <= crashes.fdsFirst + 2, 'flat: RSS within 2 MB, fds within 2');
  }
  const crash = res.startup?.crash?.find((r) => r.id === id);
  const bare = res.startup?.bare;
  if (crash && bare) {
    const a = ratio(crash.ms, bare.ms);
    add(`A crash to its replacement serving ≤ 2× a bare node start (${mode})`, `${fmt.ms(crash.ms)} vs ${fmt.ms(bare.ms)} = ${fmt.x(a)}`, a <= 2);
  }
  const reloads = (res.reload ?? []).filter((r) => r.id === id);
  if (reloads.length) {
    const failed = reloads.reduce((n, r) => n + r.failed, 0);
    add(`Reload under load, zero failed requests (${mode})`, `${failed} failed in ${reloads.reduce((n, r) => n + r.reloads, 0)} reloads`, failed === 0);
  }
  return out;
}

export function render(res) {
  const m = res.meta;
  const s = [];
  s.push(`Run of ${m.date} — \`${m.command}\` — ${m.durationS} s`);
  s.push('');
  s.push(
    table(
      ['machine', ''],
      [
        ['CPU', `${m.machine.cores} cores, ${m.machine.cpuModel}`],
        ['memory / OS', `${m.machine.memoryGiB} GiB, ${m.machine.distro}, ${m.machine.kernel}`],
        ['Node.js', m.machine.node + (res.reuseport?.node ? `; ${res.reuseport.node.version} for the reusePort mode (${res.reuseport.node.how})` : '')],
        ['load generator', `${m.loadgen.name} ${m.loadgen.version} (${m.loadgen.how}), 1 thread, on the same cores as the servers`],
        ...(m.pm2?.version ? [['PM2', `${m.pm2.version} (${m.pm2.how}), cluster mode, not a dependency of clusterize`]] : []),
        ['busy before the run', `${m.busyBefore === null ? '?' : fmt.pct(m.busyBefore)} of all CPU over 1 s (load average ${m.machine.load})`],
        ['rounds', `${m.rounds} interleaved rounds of ${m.seconds} s per contender, after a 1 s warm-up each; ${m.workers} workers`],
        ['CPU-bound handler', `pbkdf2Sync ${m.pbkdf2.iterations} iterations = ${fmt.ms(m.pbkdf2.ms)} per request here`],
      ],
    ),
  );
  // A disturbed round or two is absorbed by the median; a disturbed median is not.
  const others = Object.values(res.throughput ?? {}).flatMap((t) => t.rows.map((r) => r.otherCpu ?? 0));
  const worst = Math.max(...others, 0);
  if (worst > DISTURBED || m.busyBefore > DISTURBED) {
    s.push('', `**The machine was busy**: other processes took a median of up to ${fmt.pct(worst)} of a core during the throughput rounds (${fmt.pct(m.busyBefore)} of all CPU just before the run), unevenly from one round to the next; *workers CPU* shows what each contender got and *other CPU* what the rest of the machine took. Throughput ratios from this run are not reliable; memory, start-up and failure counts are.`);
  }
  const tp = res.throughput ?? {};
  for (const t of Object.values(tp)) {
    s.push('', `### Throughput: ${t.label}`, '', throughputTable(t.rows));
  }
  if (tp.cpu) {
    s.push('', '### Supervisor overhead', '', overheadTable(tp.cpu.rows, tp.hello?.rows));
    s.push('', `Idle: after ${m.settleMs} ms of rest, CPU over ${(m.idleMs / 1000).toFixed(1)} s. Loaded: RSS in the middle of a CPU-bound run. A worker's RSS is the mean over its workers.`);
  }
  if (res.rss) {
    s.push('', '### What the primary loads, in RSS', '');
    s.push(table(['a node process that imports only', 'RSS', 'over node itself', 'import time'], res.rss.map((r) => [r.label, fmt.mb(r.rss), `+${fmt.mb(r.delta)}`, fmt.ms(r.loadMs)])));
    s.push('', 'Each process imports its modules, then idles for 1 s. Shared parts overlap, so the rows do not add up. The processes start side by side: compare the import times with each other only.');
  }
  const st = res.startup;
  if (st) {
    s.push('', '### Start-up and crash recovery', '');
    const rows = [];
    if (st.bare) rows.push(['bare `node hello.js`: spawn to first answer', fmt.ms(st.bare.ms), st.bare.all.join(', ')]);
    for (const r of st.start ?? []) rows.push([`${r.label}: spawn to all ${r.id === 'single' ? 1 : m.workers} listening${r.supervisorMs ? ` (supervisor's own figure ${fmt.ms(r.supervisorMs)})` : ''}`, fmt.ms(r.ms), r.all.join(', ')]);
    for (const r of st.crash ?? [])
      rows.push([`${r.label}, -i 1: SIGKILL to the replacement answering (fork after ${fmt.ms(r.toForkMs)}, listening ${fmt.ms(r.forkToListeningMs)} later; ${r.refused} refused and ${r.stuck} never-answered polls)`, fmt.ms(r.ms), r.all.join(', ')]);
    s.push(table(['what', 'median', 'rounds'], rows));
  }
  if (res.reload?.length) {
    s.push('', '### Rolling reload under load', '', reloadTable(res.reload));
    s.push('', `Reloads back to back (SIGHUP, then the \`reload.done\` event) during ${m.reloadSeconds} s of load, ${m.workers} workers, default kill-timeout.`);
  }
  if (res.metrics) {
    s.push('', '### Metrics on versus off', '');
    if (!res.metrics.available) s.push('Not measured: `--metrics 127.0.0.1:PORT` did not serve /metrics in this build (the feature is being built). The suite runs by itself once it does.');
    else {
      s.push(throughputTable(res.metrics.rows));
      const off = res.metrics.rows.find((r) => r.id === 'metrics-off');
      const on = res.metrics.rows.find((r) => r.id === 'metrics-on');
      s.push('', `Workload: ${res.metrics.workload}; /metrics had ${res.metrics.series} series. On/off: ${fmt.x(ratio(on.rps, off.rps))}.`);
    }
  }
  if (res.watch) {
    s.push('', '### Watch mode: saving a file to the new code answering', '');
    const w = res.watch;
    if (!w.available) s.push('Not measured: `clusterize app.js --watch -i 1` did not serve the changed code within 5 s in this build (the feature is being built). The suite runs by itself once it does.', '');
    s.push(
      table(
        ['how', 'median', 'rounds', 'failed polls (downtime)'],
        [
          ...(w.available ? [[`clusterize app.js --watch -i 1 (default --watch-delay${w.watchDelayMs == null ? '' : `, ${w.watchDelayMs} ms`})`, fmt.ms(w.watchMs), w.watchAll.join(', '), w.watchFailures]] : []),
          ...(w.noDelayMs !== null && w.noDelayMs !== undefined ? [['… with --watch-delay 0', fmt.ms(w.noDelayMs), w.noDelayAll.join(', '), w.noDelayFailures]] : []),
          ['plain `node app.js`: kill, wait for exit, start', fmt.ms(w.plainMs), w.plainAll.join(', '), w.plainFailures],
        ],
      ),
    );
  }
  if (res.peers) s.push(...peersSection(res.peers, m));
  if (res.scale) s.push(...scaleSection(res.scale));
  const rp = res.reuseport;
  if (rp) {
    s.push('', `### reusePort (Node ${rp.node?.version ?? '≥ 22.12'})`, '');
    if (rp.skipped) s.push(`Not measured: ${rp.skipped}`);
    else {
      for (const t of Object.values(rp.throughput)) s.push(`Throughput: ${t.label}`, '', throughputTable(t.rows), '');
      if (rp.reload?.length) s.push('Reload under load', '', reloadTable(rp.reload));
    }
  }
  const v = balanceVerdict(res);
  if (v) {
    s.push('', '### Balance modes, from this run', '');
    s.push(`os / rr throughput: CPU-bound keep-alive ${fmt.x(v.cpuOsOverRr)}, connection-per-request ${fmt.x(v.helloOsOverRr)}. The numbers favour **${v.winner}**; clusterize's default (auto) resolved to **${res.defaultBalance ?? '?'}** in this build.`);
  }
  const t = targets(res);
  if (t.length) {
    s.push('', '### Targets', '');
    s.push(table(['target', 'this run', 'met?', 'note'], t.map((x) => [x.target, x.value, x.ok ? 'met' : '**missed**', x.note]), ['l', 'r', 'l', 'l']));
  }
  return s.join('\n') + '\n';
}
