import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { forEachLine, LineFramer, trimPartialChar } from '../../src/output/line-framer.js';

test('lines across chunks, CRLF, multi-byte characters split between chunks, and a last line without newline', async () => {
  const s = new PassThrough();
  const lines: string[] = [];
  const done = forEachLine(s, (l) => lines.push(l));
  const euro = Buffer.from('€');
  s.write('one\ntw');
  s.write('o\r\nthree ');
  s.write(euro.subarray(0, 1));
  s.write(Buffer.concat([euro.subarray(1), Buffer.from('\nlast words')]));
  s.end();
  await done;
  assert.deepEqual(lines, ['one', 'two', 'three €', 'last words']);
});

function frame(chunks: (string | Buffer)[], max: number): [string, boolean][] {
  const out: [string, boolean][] = [];
  const f = new LineFramer((line, cut) => out.push([line.toString(), cut]), max);
  for (const c of chunks) f.push(Buffer.from(c));
  f.end();
  return out;
}

test('a line longer than the limit is cut there, marked, and the rest of it skipped up to its newline', () => {
  assert.deepEqual(frame(['abcdefghij', 'klmno', 'pq\nnext\n'], 4), [
    ['abcd', true],
    ['next', false],
  ]);
  // Exactly the limit is not cut; one more byte is.
  assert.deepEqual(frame(['abcd\nabcde\n'], 4), [
    ['abcd', false],
    ['abcd', true],
  ]);
  // A cut line without newline at the end of the stream yields nothing more.
  assert.deepEqual(frame(['abcdefgh'], 4), [['abcd', true]]);
});

test('a cut inside a multi-byte character leaves that character out', () => {
  assert.deepEqual(frame(['a€€\n'], 5), [['a€', true]]);
  assert.equal(trimPartialChar(Buffer.from('a€').subarray(0, 3)).toString(), 'a');
  assert.equal(trimPartialChar(Buffer.from('a€')).toString(), 'a€');
});

test('linear time: 32 MB without a newline in 64 KiB chunks, then a line, costs one scan', () => {
  const out: [number, boolean][] = [];
  const f = new LineFramer((line, cut) => out.push([line.length, cut]), 64 * 1024);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const started = process.hrtime.bigint();
  for (let i = 0; i < 512; i++) f.push(chunk);
  f.push(Buffer.from('\nnormal\n'));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.deepEqual(out, [
    [64 * 1024, true],
    [6, false],
  ]);
  // A rescan per chunk (the old splitter) takes seconds here; one scan takes milliseconds.
  assert.ok(ms < 1000, `framing took ${ms} ms`);
});
