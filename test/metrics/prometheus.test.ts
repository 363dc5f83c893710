import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countByState, createExposition, rowPerSlot } from '../../src/metrics/prometheus.js';
import type { SupervisorStatus } from '../../src/supervisor/status.js';
import { parsePromText, requiredFamilies } from './prom-text.js';
import { restartsBy, row, status } from './status-fixture.js';


test('the exposition parses, has every required family, labelled by slot, with values in base units', async () => {
  const s = status([row({ slot: 0, restarts: 2 }), row({ slot: 1, cpuSeconds: 7.5, rssBytes: 123_456_789 })]);
  const e = createExposition(() => s);
  assert.match(e.contentType, /^text\/plain; version=0\.0\.4/);
  const families = parsePromText(await e.render());
  for (const name of requiredFamilies) {
    const f = families.get(name);
    assert.ok(f, `${name} is exposed`);
    assert.deepEqual([...new Set(f.samples.map((x) => x.labels.slot))], ['0', '1'], name);
  }
  const value = (name: string, slot: string, reason?: string) =>
    families.get(name)!.samples.find((x) => x.labels.slot === slot && x.labels.reason === reason)!.value;
  assert.equal(families.get('clusterize_worker_cpu_seconds_total')!.type, 'counter');
  assert.equal(families.get('clusterize_worker_restarts_total')!.type, 'counter');
  assert.equal(value('clusterize_worker_cpu_seconds_total', '1'), 7.5);
  assert.equal(value('clusterize_worker_resident_memory_bytes', '1'), 123_456_789);
  assert.equal(value('clusterize_worker_event_loop_delay_seconds', '0'), 0.00025);
  assert.equal(value('clusterize_worker_restarts_total', '0', 'crash'), 2);
  assert.equal(value('clusterize_worker_requests_total', '0'), 42);
  const workers = families.get('clusterize_workers')!;
  assert.equal(workers.type, 'gauge');
  assert.equal(workers.samples.find((x) => x.labels.state === 'ready')!.value, 2);
  assert.equal(workers.samples.find((x) => x.labels.state === 'draining')!.value, 0);
});

test('each scrape reads a fresh snapshot', async () => {
  let s = status([row({ slot: 0, restarts: 0 })]);
  const e = createExposition(() => s);
  await e.render();
  s = status([row({ slot: 0, restarts: 1 })]);
  const f = parsePromText(await e.render()).get('clusterize_worker_restarts_total')!;
  assert.equal(f.samples.find((x) => x.labels.reason === 'crash')!.value, 1);
});

test('restarts are counted by reason, every reason a series from the start', async () => {
  const s = status([row({ slot: 0, restarts: 3, restartsBy: restartsBy({ crash: 1, heartbeat: 1, 'max-requests': 1, reload: 4 }) })]);
  const f = parsePromText(await createExposition(() => s).render()).get('clusterize_worker_restarts_total')!;
  assert.deepEqual(
    Object.fromEntries(f.samples.map((x) => [x.labels.reason, x.value])),
    { crash: 1, memory: 0, heartbeat: 1, 'max-requests': 1, 'max-age': 0, reload: 4 },
  );
  assert.ok(f.samples.every((x) => x.labels.slot === '0'));
});

test('a slot being replaced is one series: the serving worker speaks for it', async () => {
  const s = status([
    row({ slot: 0, id: 1, state: 'draining', rssBytes: 900 }),
    row({ slot: 0, id: 3, state: 'ready', rssBytes: 100 }),
    row({ slot: 1, id: 2, state: 'ready', rssBytes: 200 }),
    row({ slot: 1, id: 4, state: 'starting', rssBytes: 300 }),
  ]);
  assert.deepEqual(rowPerSlot(s).map((w) => w.id), [3, 2]);
  const rss = parsePromText(await createExposition(() => s).render()).get('clusterize_worker_resident_memory_bytes')!;
  assert.deepEqual(rss.samples.map((x) => [x.labels.slot, x.value]), [['0', 100], ['1', 200]]);
  assert.deepEqual(countByState(s), { starting: 1, online: 0, ready: 2, draining: 1, backoff: 0, 'gave-up': 0, empty: 0 });
});

test('unknown numbers are left out, not reported as 0', async () => {
  const s: SupervisorStatus = status([
    row({ slot: 0, cpuSeconds: null, rssBytes: null, heapUsedBytes: null, eventLoopDelayMs: null }),
    row({ slot: 1, state: 'backoff', pid: null, id: null, restarts: 3, cpuSeconds: null }),
  ]);
  const families = parsePromText(await createExposition(() => s).render());
  assert.equal(families.get('clusterize_worker_resident_memory_bytes')!.samples.length, 1);
  assert.equal(families.get('clusterize_worker_cpu_seconds_total')!.samples.length, 0);
  // A slot in backoff still counts its restarts.
  const crashes = families.get('clusterize_worker_restarts_total')!.samples.filter((x) => x.labels.reason === 'crash');
  assert.deepEqual(crashes.map((x) => x.value), [0, 3]);
});

test('the validator used here rejects what Prometheus rejects', () => {
  const bad = [
    'no_newline 1',
    'm{slot="0"} one\n',
    'm{0slot="0"} 1\n',
    'm{slot="0",slot="1"} 1\n',
    'm 1\nm 2\n',
    '# TYPE m counter\nm -1\n',
    '# TYPE m gauge\nm 1\n# TYPE m gauge\n',
    '# TYPE m sideways\n',
    'a 1\nb 1\na{x="1"} 1\n',
    'm{slot="0} 1\n',
  ];
  for (const text of bad) assert.throws(() => parsePromText(text), Error, JSON.stringify(text));
  assert.equal(parsePromText('# HELP m a "help" \\n text\n# TYPE m gauge\nm{a="x\\"y",b="\\\\"} +Inf 1700000000\n').get('m')!.samples.length, 1);
});

test('clusterize_draining is 1 while the supervisor drains before a stop, 0 otherwise', async () => {
  let s = status([row({ slot: 0 })]);
  const e = createExposition(() => s);
  const draining = async () => parsePromText(await e.render()).get('clusterize_draining')!;
  const before = await draining();
  assert.equal(before.type, 'gauge');
  assert.equal(before.samples[0]!.value, 0);
  s = status([row({ slot: 0 })], { state: 'draining' });
  assert.equal((await draining()).samples[0]!.value, 1);
});
