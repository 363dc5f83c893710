// The watch loop and the in-place redraw, with a fake status source and screen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HIDE_CURSOR, redraw, SHOW_CURSOR, watch, type Screen } from '../../src/cli/commands/monit.js';
import { ControlError, NoSupervisorError } from '../../src/errors.js';
import type { SupervisorStatus } from '../../src/supervisor/status.js';
import { row, status } from '../metrics/status-fixture.js';

test('the first frame hides the cursor; the next goes back up over the last one and erases what is left', () => {
  const first = redraw('a\nbb', 0, { columns: 80, rows: 24 });
  assert.deepEqual(first, { text: `${HIDE_CURSOR}a\x1b[K\nbb\x1b[K\x1b[J`, lines: 2 });
  const next = redraw('c', first.lines, { columns: 80, rows: 24 });
  assert.deepEqual(next, { text: '\x1b[2Fc\x1b[K\x1b[J', lines: 1 });
});

test('lines are cut to the terminal so nothing wraps and the line count stays true', () => {
  const f = redraw('0123456789\nx\ny\nz', 3, { columns: 5, rows: 3 });
  assert.equal(f.text, '\x1b[3F0123\x1b[K\nx\x1b[K\x1b[J');
  assert.equal(f.lines, 2);
});

function fakeScreen(tty: boolean) {
  const writes: string[] = [];
  const screen: Screen = { out: (t) => void writes.push(t), tty: tty ? { columns: 100, rows: 40 } : null };
  return { writes, screen };
}

/** Answers with the given statuses, then as a supervisor that has gone away. */
function source(statuses: SupervisorStatus[]) {
  let calls = 0;
  return {
    fetch: async () => {
      const s = statuses[calls++];
      if (!s) throw new NoSupervisorError("'web'", '/tmp/web.sock');
      return s;
    },
    calls: () => calls,
  };
}

test('not a terminal: one frame per poll, then "gone" when the supervisor stops answering', async () => {
  const { writes, screen } = fakeScreen(false);
  const src = source([status([row({ slot: 0, restarts: 0 })]), status([row({ slot: 0, restarts: 1 })])]);
  const end = await watch({ fetch: src.fetch, render: (s) => `restarts ${s.workers[0]!.restarts}`, screen, intervalMs: 1, signal: new AbortController().signal });
  assert.equal(end, 'gone');
  assert.deepEqual(writes, ['restarts 0', 'restarts 1']);
  assert.equal(src.calls(), 3);
});

test('a terminal: frames redrawn in place, and the cursor given back at the end', async () => {
  const { writes, screen } = fakeScreen(true);
  const src = source([status([row({ slot: 0 })]), status([row({ slot: 0 })])]);
  const end = await watch({ fetch: src.fetch, render: () => 'one\ntwo', screen, intervalMs: 1, signal: new AbortController().signal });
  assert.equal(end, 'gone');
  assert.deepEqual(writes, [`${HIDE_CURSOR}one\x1b[K\ntwo\x1b[K\x1b[J`, '\x1b[2Fone\x1b[K\ntwo\x1b[K\x1b[J', SHOW_CURSOR]);
});

test('an abort (Ctrl-C) ends the wait at once, even a long one', async () => {
  const { writes, screen } = fakeScreen(true);
  const ac = new AbortController();
  const src = source([status([row({ slot: 0 })]), status([row({ slot: 0 })])]);
  const ended = watch({ fetch: src.fetch, render: () => 'x', screen, intervalMs: 3_600_000, signal: ac.signal });
  await new Promise((r) => setImmediate(r));
  ac.abort();
  assert.equal(await ended, 'interrupted');
  assert.equal(src.calls(), 1);
  assert.equal(writes.at(-1), SHOW_CURSOR);
});

test('no supervisor to begin with is an error, as for status, not a stop', async () => {
  const { writes, screen } = fakeScreen(false);
  await assert.rejects(watch({ ...source([]), render: () => '', screen, intervalMs: 1, signal: new AbortController().signal }), NoSupervisorError);
  assert.deepEqual(writes, []);
});

test('any other failure is not taken for a stop', async () => {
  const { screen } = fakeScreen(false);
  const fetch = async (): Promise<SupervisorStatus> => {
    throw new ControlError('The supervisor on /x sent an unreadable answer.');
  };
  await assert.rejects(watch({ fetch, render: () => '', screen, intervalMs: 1, signal: new AbortController().signal }), ControlError);
});

test('a poll cut off by the supervisor exiting ends the watch as gone, once nothing listens', async () => {
  const { writes, screen } = fakeScreen(false);
  let calls = 0;
  const fetch = async (): Promise<SupervisorStatus> => {
    if (calls++ === 0) return status([row({ slot: 0 })]);
    throw new ControlError('The supervisor on /x closed the connection without answering.');
  };
  const signal = new AbortController().signal;
  assert.equal(await watch({ fetch, render: () => 'frame', screen, intervalMs: 1, signal, gone: async () => true }), 'gone');
  assert.deepEqual(writes, ['frame']);
  // Still listening: the failure is real, not a stop.
  calls = 0;
  await assert.rejects(watch({ fetch, render: () => 'frame', screen, intervalMs: 1, signal, gone: async () => false }), ControlError);
});
