// --log-format json is written without pino, in pino's shape: whatever parses pino's
// lines (our tests, users' log shippers) must read the same records from ours.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { jsonLogger } from '../../src/cli/json-logger.js';
import type { Logger } from '../../src/logger.js';

function both(level: string, act: (log: Logger) => void) {
  const ours: string[] = [];
  const theirs: string[] = [];
  act(jsonLogger(level, (line) => ours.push(line)));
  act(pino({ level, base: { name: 'clusterize' } }, { write: (line: string) => void theirs.push(line) }) as unknown as Logger);
  const parse = (lines: string[]) =>
    lines.map((l) => {
      assert.ok(l.endsWith('\n') && !l.slice(0, -1).includes('\n'), `one line each: ${JSON.stringify(l)}`);
      const { time, ...rest } = JSON.parse(l) as Record<string, unknown>;
      assert.equal(typeof time, 'number');
      return rest;
    });
  return { ours: parse(ours), theirs: parse(theirs) };
}

test('records read the same as pino\'s', () => {
  const err = Object.assign(new TypeError('boom'), { code: 'E_BOOM' });
  const { ours, theirs } = both('info', (log) => {
    log.info('plain text');
    log.info({ event: 'cluster.ready', workers: 2, durationMs: 130 }, 'all 2 workers ready');
    const w = log.child({ slot: 1, pid: 4242 });
    w.warn({ event: 'worker.exit', code: 1, signal: null }, 'slot 1 exited');
    w.child({ id: 3 }).error({ event: 'internal.error', err }, 'failed: boom');
    log.debug({ event: 'watch.change' }, 'below the level: not written');
    log.info({ event: 'scale', from: 2, to: 4 });
  });
  assert.equal(ours.length, 5);
  assert.deepEqual(ours, theirs);
});

test('levels: silent writes nothing, trace writes everything', () => {
  const silent = both('silent', (log) => {
    log.fatal('x');
    log.info('y');
  });
  assert.deepEqual(silent.ours, []);
  assert.deepEqual(silent.theirs, []);
  const trace = both('trace', (log) => {
    log.trace('t');
    log.debug('d');
  });
  assert.deepEqual(trace.ours, trace.theirs);
  assert.equal(trace.ours.length, 2);
});

test('a field that cannot be written costs the field, not the record', () => {
  const lines: string[] = [];
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  jsonLogger('info', (l) => lines.push(l)).info({ event: 'scale', circular }, 'still here');
  const r = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(r.msg, 'still here');
  assert.match(String(r.logError), /could not be written/);
});
