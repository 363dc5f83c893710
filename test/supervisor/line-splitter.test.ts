import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { forEachLine } from '../../src/supervisor/line-splitter.js';

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
