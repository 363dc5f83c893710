// Just enough of a WebSocket client (RFC 6455) to speak the inspector protocol to a
// worker on loopback: one connection, text frames, JSON commands matched by id. The
// primary needs it once in a while (a hung worker's stack), so it is not worth a
// dependency; Node 20 has no WebSocket client without a flag.
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import net from 'node:net';

export interface InspectorEvent {
  method: string;
  params: Record<string, unknown>;
}

export class InspectorClient extends EventEmitter<{ event: [InspectorEvent]; close: [] }> {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];

  private constructor(private readonly socket: net.Socket) {
    super();
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('the inspector connection closed'));
      this.pending.clear();
      this.emit('close');
    });
  }

  /** Connects to a ws://127.0.0.1:port/id URL, as printed by "Debugger listening on". */
  static connect(url: string): Promise<InspectorClient> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(u.port), u.hostname);
      socket.once('error', reject);
      socket.once('connect', () => {
        const key = crypto.randomBytes(16).toString('base64');
        socket.write(
          `GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        if (!/^HTTP\/1\.1 101 /.test(head.subarray(0, end).toString('latin1'))) {
          socket.destroy();
          reject(new Error(`the inspector refused the WebSocket upgrade: ${head.subarray(0, end).toString('latin1').split('\r\n')[0]}`));
          return;
        }
        socket.off('error', reject);
        socket.on('error', () => socket.destroy());
        const client = new InspectorClient(socket);
        socket.on('data', (d: Buffer) => client.receive(d));
        client.receive(head.subarray(end + 4));
        resolve(client);
      };
      socket.on('data', onData);
    });
  }

  /** Sends one command; resolves with its result, rejects with its error. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    const payload = Buffer.from(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.socket.write(frame(payload));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const f = parseFrame(this.buffer);
      if (!f) return;
      this.buffer = this.buffer.subarray(f.size);
      if (f.opcode === 0x8) return this.close();
      if (f.opcode !== 0x0 && f.opcode !== 0x1) continue; // ping/pong/binary: the inspector sends none we need
      this.fragments.push(f.payload);
      if (f.fin) this.message(Buffer.concat(this.fragments.splice(0)).toString('utf8'));
    }
  }

  private message(text: string): void {
    let msg: { id?: number; result?: unknown; error?: { message?: string }; method?: string; params?: Record<string, unknown> };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error.message ?? 'inspector error'));
      else p?.resolve(msg.result);
    } else if (msg.method) {
      this.emit('event', { method: msg.method, params: msg.params ?? {} });
    }
  }
}

/** A client frame: final, text, masked (clients must mask). */
function frame(payload: Buffer): Buffer {
  const len = payload.length;
  const header = len < 126 ? Buffer.alloc(2) : len < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x81;
  if (len < 126) header[1] = 0x80 | len;
  else if (len < 65_536) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = crypto.randomBytes(4);
  const masked = Buffer.alloc(len);
  for (let i = 0; i < len; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([header, mask, masked]);
}

/** One whole frame from the start of buf, or null when more bytes are needed. */
export function parseFrame(buf: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | null {
  if (buf.length < 2) return null;
  const fin = (buf[0]! & 0x80) !== 0;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const maskAt = at;
  if (masked) at += 4;
  if (buf.length < at + len) return null;
  let payload = buf.subarray(at, at + len);
  if (masked) {
    const mask = buf.subarray(maskAt, maskAt + 4);
    payload = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  }
  return { fin, opcode, payload, size: at + len };
}
