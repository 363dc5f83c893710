// `clusterize monit` (= `clusterize status --watch`): the status table, redrawn in place
// every interval, like `pm2 monit` but a poll of the control socket and a few ANSI
// codes. Ends on Ctrl-C, or with one line when the supervisor goes away.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Argv as Yargs } from 'yargs';
import { isLive } from '../../control/claim.js';
import { request } from '../../control/client.js';
import { findTarget } from '../../control/target.js';
import { InvalidOptionError, NoSupervisorError } from '../../errors.js';
import { parseDuration } from '../../options/values.js';
import type { SupervisorStatus } from '../../supervisor/status.js';
import { formatStatus } from '../format-status.js';
import { processIo, type Io } from '../io.js';

export interface Screen {
  /** Writes one frame: text without a final newline, which out() adds. */
  out(text: string): void;
  /** A terminal, with its size: redraw in place. Null: print frame after frame. */
  tty: { columns: number; rows: number } | null;
}

const CSI = '\x1b[';
export const HIDE_CURSOR = `${CSI}?25l`;
export const SHOW_CURSOR = `${CSI}?25h`;

/**
 * The bytes that replace the previous frame (prevLines tall) with this one: back to
 * its first line, each line rewritten and its old tail erased, then everything below
 * erased. Lines are cut to the terminal so none wraps, which would break the count.
 * Returns the text and its height. Pure.
 */
export function redraw(text: string, prevLines: number, size: { columns: number; rows: number }): { text: string; lines: number } {
  const lines = text.split('\n').slice(0, Math.max(1, size.rows - 1)).map((l) => l.slice(0, Math.max(1, size.columns - 1)));
  const back = prevLines > 0 ? `${CSI}${prevLines}F` : HIDE_CURSOR;
  return { text: back + lines.map((l) => `${l}${CSI}K`).join('\n') + `${CSI}J`, lines: lines.length };
}

export type WatchEnd = 'interrupted' | 'gone';

/** Polls and draws until the signal aborts or the supervisor stops answering. */
export async function watch(o: {
  fetch: () => Promise<SupervisorStatus>;
  render: (s: SupervisorStatus) => string;
  screen: Screen;
  intervalMs: number;
  signal: AbortSignal;
  /** After a failed poll: has the supervisor gone (nothing listens any more)? */
  gone?: () => Promise<boolean>;
}): Promise<WatchEnd> {
  let prevLines = 0;
  let frames = 0;
  try {
    while (!o.signal.aborted) {
      let s: SupervisorStatus;
      try {
        s = await o.fetch();
      } catch (err) {
        // Gone only if it was there: a wrong --name fails the way `status` does. A
        // supervisor that exits during a poll cuts that connection (reset, no answer,
        // half an answer) before its socket is gone: what follows decides.
        if (frames > 0 && (err instanceof NoSupervisorError || (await o.gone?.()))) return 'gone';
        throw err;
      }
      frames++;
      if (o.signal.aborted) break;
      const text = o.render(s);
      if (o.screen.tty) {
        const frame = redraw(text, prevLines, o.screen.tty);
        o.screen.out(frame.text);
        prevLines = frame.lines;
      } else {
        o.screen.out(text);
      }
      await sleep(o.intervalMs, undefined, { signal: o.signal }).catch(() => {});
    }
    return 'interrupted';
  } finally {
    if (o.screen.tty && prevLines > 0) o.screen.out(SHOW_CURSOR);
  }
}

type Argv = Record<string, unknown> & { name?: string; socket?: string; json?: boolean; interval?: unknown };

/** Shortest refresh: each poll costs the supervisor a status snapshot. */
const MIN_INTERVAL_MS = 100;

export async function watchStatus(argv: Argv, io: Io): Promise<number> {
  const intervalMs = parseDuration('interval', argv.interval ?? 1000);
  if (intervalMs < MIN_INTERVAL_MS) throw new InvalidOptionError('interval (--interval)', argv.interval, `use at least ${MIN_INTERVAL_MS} ms`);
  const t = await findTarget(argv);
  const stdout = process.stdout;
  const tty = io === processIo && stdout.isTTY && !argv.json ? () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 }) : null;
  const screen: Screen = {
    out: (text) => io.out(text),
    get tty() {
      return tty ? tty() : null;
    },
  };
  const render = (s: SupervisorStatus) =>
    argv.json ? JSON.stringify(s) : `${formatStatus(s)}\n\n${new Date().toLocaleTimeString()}  every ${intervalMs} ms  Ctrl-C to quit`;

  const ac = new AbortController();
  const interrupt = () => ac.abort();
  // `clusterize monit | head` closes the pipe: that is a way to stop, not a crash.
  const onOutputError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') interrupt();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  if (io === processIo) stdout.on('error', onOutputError);
  try {
    const end = await watch({
      fetch: async () => (await request(t.socket, { cmd: 'status' }, { target: t.label })) as SupervisorStatus,
      render,
      screen,
      intervalMs,
      signal: ac.signal,
      gone: async () => !(await isLive(t.socket)),
    });
    if (end === 'gone' && !ac.signal.aborted) io.out(`clusterize: ${t.label} is gone: its supervisor stopped (nothing answers on ${t.socket}).`);
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    stdout.off('error', onOutputError);
  }
}

export function addWatchOptions<T>(y: Yargs<T>) {
  return y.option('interval', { type: 'string', describe: 'Refresh period with --watch or monit, like 500 or 2s', defaultDescription: '1000' });
}
