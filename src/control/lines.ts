// Request lines off a control connection, never more than maxBytes each: a client
// that sends a huge line without a newline is cut off, it cannot grow our memory.
import type { Socket } from 'node:net';

export interface LineReader {
  /** Called with each complete line (UTF-8, without its newline or CR). */
  onLine: (line: string) => void;
  /** Called once when a line grows past maxBytes; no more lines are read after it. */
  onOverflow: () => void;
}

export function readLines(socket: Socket, maxBytes: number, r: LineReader): void {
  let parts: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      if (size + nl - start > maxBytes) return overflow();
      parts.push(chunk.subarray(start, nl));
      const line = Buffer.concat(parts).toString('utf8');
      parts = [];
      size = 0;
      start = nl + 1;
      r.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (socket.destroyed) return;
    }
    if (size + chunk.length - start > maxBytes) return overflow();
    if (start < chunk.length) {
      parts.push(chunk.subarray(start));
      size += chunk.length - start;
    }
  };
  const overflow = () => {
    socket.off('data', onData);
    parts = [];
    r.onOverflow();
  };
  socket.on('data', onData);
}
