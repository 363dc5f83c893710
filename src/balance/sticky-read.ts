// --sticky-header, the reading half: the primary reads a new connection's first bytes
// until the request's header block is complete (sticky-key.ts decides), then stops
// reading, so that everything after stays in the kernel for the worker. What it read
// goes to the worker with the socket (the agent puts it back in front of the stream).
// Bounded: STICKY_HEAD_LIMIT bytes and `timeoutMs`, after which the connection goes by
// its address, as it does when it is not HTTP/1 at all (TLS, HTTP/2, a protocol where
// the server speaks first).
import net from 'node:net';
import type { TcpHandle } from './handoff.js';
import { judgeHead, STICKY_HEAD_LIMIT, type StickySpec } from './sticky-key.js';

/** An accepted connection whose first bytes the primary has read. */
export interface ReadHandle extends TcpHandle {
  /** The libuv handle to send (process.send takes it, not the Socket around it). */
  native: TcpHandle;
  /** What was read, for the worker to put back; empty when nothing came. */
  head: Buffer;
  /** What ip-hash hashes instead of the address; null: the address. */
  stickyKey: string | null;
}

type ReadableHandle = TcpHandle & { reading?: boolean; readStop(): number };

export function readHead(handle: TcpHandle, spec: StickySpec, timeoutMs: number, done: (h: ReadHandle) => void): void {
  // allowHalfOpen: a client that ends early must not get our FIN; the worker answers.
  const socket = new (net.Socket as unknown as new (o: object) => net.Socket)({ handle, allowHalfOpen: true, readable: true, writable: true });
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (key: string | null) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    // Stop reading at the handle, now: what arrives from here on is the worker's to read.
    // `reading` stays true so that the stream's _read() never starts it again, and what
    // the stream had buffered beyond the chunk just seen is taken along, not lost.
    const h = (socket as unknown as { _handle: ReadableHandle | null })._handle;
    if (h) {
      h.readStop();
      h.reading = true;
    }
    socket.pause();
    while (socket.readableLength > 0) {
      const more = socket.read() as Buffer | null;
      if (!more) break;
      chunks.push(more);
      size += more.length;
    }
    done({
      native: handle,
      head: Buffer.concat(chunks, size),
      stickyKey: key,
      getpeername: (out) => handle.getpeername(out),
      // Through the Socket, which owns the handle now.
      close: () => socket.destroy(),
    });
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    const verdict = judgeHead(Buffer.concat(chunks, size), spec);
    if (verdict.done) finish(verdict.key);
    else if (size >= STICKY_HEAD_LIMIT) finish(null);
  };
  const timer = setTimeout(() => finish(null), timeoutMs);
  timer.unref();
  socket.on('data', onData);
  // A client that resets or ends before its headers: it still goes to a worker (which
  // sees the end), and a socket error must never reach the primary's process.
  socket.on('error', () => finish(null));
  socket.on('end', () => finish(null));
}
