// Cuts a byte stream into lines in linear time: each byte is scanned once, and a line
// longer than the limit is cut there (the rest of it, up to its newline, is skipped),
// so a worker that prints 50 MB without a newline costs the primary 64 KiB, not 50 MB
// and a rescan per chunk. What a worker printed just before it crashed often has no
// newline yet: end() delivers that partial last line.
import type { Readable } from 'node:stream';

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

const NL = 0x0a;
const CR = 0x0d;

/** A line as bytes, without its newline; cut when it was longer than the limit. */
export type OnLine = (line: Buffer, cut: boolean) => void;

export class LineFramer {
  private parts: Buffer[] = [];
  private pending = 0;
  /** Inside a line that was already cut: bytes are skipped until its newline. */
  private skipping = false;

  constructor(
    private readonly onLine: OnLine,
    readonly maxLineLength = DEFAULT_MAX_LINE_LENGTH,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(NL); nl !== -1; nl = chunk.indexOf(NL, start)) {
      if (this.skipping) this.skipping = false;
      else this.take(chunk.subarray(start, nl), true);
      start = nl + 1;
    }
    if (start < chunk.length && !this.skipping) this.take(chunk.subarray(start), false);
  }

  /** Delivers a last line that had no newline. */
  end(): void {
    if (this.pending > 0) this.emit(false);
    this.skipping = false;
  }

  /** Adds bytes of the current line; complete means they end it. */
  private take(bytes: Buffer, complete: boolean): void {
    const room = this.maxLineLength - this.pending;
    if (bytes.length > room) {
      this.parts.push(bytes.subarray(0, room));
      this.pending += room;
      this.emit(true);
      this.skipping = !complete;
      return;
    }
    if (bytes.length > 0) {
      // Copied: the stream may reuse the memory of a chunk it has handed over.
      this.parts.push(complete ? bytes : Buffer.from(bytes));
      this.pending += bytes.length;
    }
    if (complete) this.emit(false);
  }

  private emit(cut: boolean): void {
    let line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.pending);
    this.parts = [];
    this.pending = 0;
    if (!cut && line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, -1);
    this.onLine(cut ? trimPartialChar(line) : line, cut);
  }
}

/** A cut can fall inside a multi-byte UTF-8 character: leave that character out. */
export function trimPartialChar(buf: Buffer): Buffer {
  let i = buf.length - 1;
  // Walk back over continuation bytes (10xxxxxx) to the lead byte of the last character.
  while (i >= 0 && i >= buf.length - 4 && (buf[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return buf;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - i < need ? buf.subarray(0, i) : buf;
}

/** Calls onLine for every line of the stream (as text); resolves when it has ended. */
export function forEachLine(
  stream: Readable,
  onLine: (text: string, cut: boolean) => void,
  maxLineLength = DEFAULT_MAX_LINE_LENGTH,
): Promise<void> {
  const framer = new LineFramer((line, cut) => onLine(line.toString('utf8'), cut), maxLineLength);
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer | string) => framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    const done = () => {
      framer.end();
      resolve();
    };
    stream.once('end', done);
    stream.once('error', done);
  });
}
