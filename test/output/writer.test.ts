import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { OutputWriter } from '../../src/output/writer.js';

/** A destination that takes writes only while open, like a pipe somebody reads now and then. */
function slowSink() {
  const written: string[] = [];
  let release: (() => void) | null = null;
  let open = false;
  const dest = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, cb) {
      written.push(chunk.toString());
      if (open) cb();
      else release = cb;
    },
  });
  return {
    dest,
    written: () => written.join(''),
    open() {
      open = true;
      const r = release;
      release = null;
      r?.();
    },
  };
}

test('a blocked destination: each source keeps its bound, drops whole records, reports the count before its next record', async () => {
  const sink = slowSink();
  const w = new OutputWriter(sink.dest);
  const reports: string[] = [];
  // Like the supervisor's logger: the report is a record written through the same writer.
  const log = w.open(() => {});
  const a = w.open((n) => log.write(`log: a dropped ${n}\n`), 30);
  const b = w.open((n) => reports.push(`b:${n}`), 30);
  for (let i = 0; i < 10; i++) a.write(`a${i}-456789\n`);
  b.write('b0\n');
  // Two records fill the destination's own buffer; a keeps 30 chars queued, the rest is dropped.
  assert.equal(a.droppedTotal, 10 - 2 - 3);
  sink.open();
  await new Promise((r) => setImmediate(r));
  a.write('a-after\n');
  assert.equal(await w.flush(1000), true);
  assert.equal(sink.written(), 'a0-456789\na1-456789\na2-456789\na3-456789\na4-456789\nb0\nlog: a dropped 5\na-after\n');
  assert.deepEqual(reports, []);
});

test('counts of a source that went quiet are reported once the queue drains', async () => {
  const sink = slowSink();
  const w = new OutputWriter(sink.dest);
  const reports: number[] = [];
  const a = w.open((n) => reports.push(n), 10);
  for (let i = 0; i < 5; i++) a.write('123456789\n');
  sink.open();
  assert.equal(a.droppedTotal, 2);
  await w.flush(1000);
  assert.deepEqual(reports, [2]);
});

test('a destination that fails (EPIPE) never throws: everything after is dropped and counted', async () => {
  const dest = new Writable({ write: (_c, _e, cb) => cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) });
  const w = new OutputWriter(dest);
  const a = w.open(() => {});
  a.write('one\n');
  await new Promise((r) => setImmediate(r));
  assert.equal(w.closed, true);
  a.write('two\n');
  a.write('three\n');
  assert.equal(a.droppedTotal, 2);
  assert.equal(await w.flush(100), false);
});

test('a synchronous destination that throws is closed, not crashed', () => {
  const dest = new Writable({ write: () => {} });
  dest.write = () => {
    throw new Error('EBADF');
  };
  const w = new OutputWriter(dest);
  const a = w.open(() => {});
  assert.doesNotThrow(() => a.write('x\n'));
  assert.equal(w.closed, true);
});

test('flush gives up after its timeout when the destination never drains', async () => {
  const sink = slowSink();
  const w = new OutputWriter(sink.dest);
  w.open(() => {}).write('x'.repeat(100) + '\n');
  w.open(() => {}).write('y\n');
  const started = Date.now();
  assert.equal(await w.flush(100), false);
  assert.ok(Date.now() - started < 1000);
});
