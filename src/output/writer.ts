// One ordered, bounded, non-blocking path to a destination (the primary's stdout or
// stderr). Every record (a worker line, a supervisor log record) is queued whole and
// written whole, in arrival order, so two never interleave mid-line. When the
// destination is slow, each source may keep at most its bound queued; whole records
// beyond that are dropped and counted, and the source reports the count once its next
// record fits again (or the queue has drained). A closed destination (EPIPE) drops
// everything, counted the same way; it never throws.
import type { Writable } from 'node:stream';

export const DEFAULT_SOURCE_LIMIT = 4 * 1024 * 1024;
/** Records are joined into writes of about this size: one syscall per record is slow. */
const BATCH = 64 * 1024;

/** Called with the number of records dropped since the last report. */
export type ReportDrops = (records: number) => void;

interface Entry {
  source: OutputSource;
  data: string;
}

/** Reports run log calls that write through a writer: those records are never dropped. */
let reporting = 0;

export class OutputSource {
  /** Characters queued and not yet handed to the destination. */
  queued = 0;
  /** Dropped since the last report. */
  dropped = 0;
  /** Dropped in all. */
  droppedTotal = 0;

  constructor(
    private readonly writer: OutputWriter,
    readonly report: ReportDrops,
    readonly limit: number,
  ) {}

  /** Queues one whole record (with its newline); false when it was dropped. */
  write(data: string): boolean {
    return this.writer.enqueue(this, data);
  }
}

export class OutputWriter {
  private queue: Entry[] = [];
  private head = 0;
  private waiting = false;
  private closedBy: Error | null = null;
  /** Sources with drops not yet reported. */
  private readonly owing = new Set<OutputSource>();
  private idle: (() => void)[] = [];

  constructor(private readonly dest: Writable) {
    // EPIPE (`| head`), a closed descriptor: stop writing, count what is lost, never throw.
    dest.on('error', (err) => this.close(err));
  }

  get closed(): boolean {
    return this.closedBy !== null;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  open(report: ReportDrops, limit = DEFAULT_SOURCE_LIMIT): OutputSource {
    return new OutputSource(this, report, limit);
  }

  enqueue(source: OutputSource, data: string): boolean {
    if (this.closedBy || (reporting === 0 && source.queued > 0 && source.queued + data.length > source.limit)) {
      this.drop(source);
      return false;
    }
    // Flowing again: say what was lost before the record that follows the gap.
    if (source.dropped > 0) this.reportDrops(source);
    this.queue.push({ source, data });
    source.queued += data.length;
    this.pump();
    return true;
  }

  /**
   * Reports every count still pending and waits until everything queued has reached
   * the destination, or timeoutMs. Resolves true when all was written.
   */
  async flush(timeoutMs: number): Promise<boolean> {
    this.reportAll();
    if (this.closedBy) return false;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const drained = (async () => {
      if (this.pending > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      // The destination's own buffer too: process.exit() does not wait for it.
      if (this.dest.writableLength > 0 && !this.closedBy) {
        await new Promise<void>((resolve) => this.dest.write('', () => resolve()));
      }
      return this.closedBy === null;
    })();
    try {
      return await Promise.race([drained, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private pump(): void {
    while (!this.waiting && !this.closedBy && this.head < this.queue.length) {
      let batch = '';
      while (this.head < this.queue.length && batch.length < BATCH) {
        const e = this.queue[this.head++]!;
        batch += e.data;
        e.source.queued -= e.data.length;
      }
      let more: boolean;
      try {
        more = this.dest.write(batch);
      } catch (err) {
        // A synchronous destination (a file) throws instead of emitting 'error'.
        this.close(err as Error);
        return;
      }
      if (!more) {
        this.waiting = true;
        this.dest.once('drain', () => {
          this.waiting = false;
          this.pump();
        });
      }
    }
    if (this.head < this.queue.length) return;
    this.queue = [];
    this.head = 0;
    if (this.closedBy) return;
    // Caught up: counts of sources that have gone quiet are due now.
    this.reportAll();
    if (!this.waiting) for (const resolve of this.idle.splice(0)) resolve();
  }

  private drop(source: OutputSource): void {
    source.dropped++;
    source.droppedTotal++;
    this.owing.add(source);
  }

  private reportAll(): void {
    for (const source of [...this.owing]) this.reportDrops(source);
  }

  private reportDrops(source: OutputSource): void {
    const n = source.dropped;
    source.dropped = 0;
    this.owing.delete(source);
    if (n === 0) return;
    reporting++;
    try {
      source.report(n);
    } finally {
      reporting--;
    }
  }

  private close(err: Error): void {
    if (this.closedBy) return;
    this.closedBy = err;
    for (let i = this.head; i < this.queue.length; i++) {
      const e = this.queue[i]!;
      e.source.queued -= e.data.length;
      this.drop(e.source);
    }
    this.queue = [];
    this.head = 0;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
