// Where the lines of every worker go: one source per worker and stream on the
// primary's stdout or stderr writer, each bounded, with its drops reported in the
// supervisor's log as `output.dropped`.
import type { Logger } from '../logger.js';
import { logEvent } from '../log-events.js';
import { plural } from '../text.js';
import type { Stdio } from './stdio.js';
import { DEFAULT_SOURCE_LIMIT, type OutputSource } from './writer.js';

export type OutputStream = 'stdout' | 'stderr';

export interface OutputLine {
  stream: OutputStream;
  text: string;
  /** The line was longer than max-line-length and ends where it was cut. */
  cut: boolean;
}

export interface OutputWorker {
  slot: number;
  pid: number;
  once(event: 'exit', fn: () => void): unknown;
}

export interface WorkerOutputOptions {
  /** Put before each line, like 'web:0 | '; null for none. */
  prefix: ((slot: number) => string) | null;
  maxLineLength: number;
  log: Logger;
}

export const CUT_MARK = ' [clusterize: line cut at max-line-length]';

export class WorkerOutput {
  private readonly sources = new Map<OutputWorker, Record<OutputStream, OutputSource>>();

  constructor(
    private readonly io: Stdio,
    private readonly o: WorkerOutputOptions,
  ) {}

  write(w: OutputWorker, line: OutputLine): void {
    const source = (this.sources.get(w) ?? this.open(w))[line.stream];
    const prefix = this.o.prefix ? this.o.prefix(w.slot) : '';
    source.write(`${prefix}${line.text}${line.cut ? CUT_MARK : ''}\n`);
  }

  private open(w: OutputWorker): Record<OutputStream, OutputSource> {
    // Room for a few whole lines even when max-line-length is raised far above the default.
    const limit = Math.max(DEFAULT_SOURCE_LIMIT, 4 * this.o.maxLineLength);
    const report = (stream: OutputStream) => (lines: number) =>
      logEvent(
        this.o.log,
        'warn',
        'output.dropped',
        { slot: w.slot, pid: w.pid, stream, lines },
        `dropped ${plural(lines, 'line')} of slot ${w.slot} worker ${w.pid} (${stream}): the output was not read fast enough`,
      );
    const s = { stdout: this.io.stdout.open(report('stdout'), limit), stderr: this.io.stderr.open(report('stderr'), limit) };
    this.sources.set(w, s);
    // Pending counts still reach the log after the worker is gone: the writer holds them.
    w.once('exit', () => this.sources.delete(w));
    return s;
  }
}
