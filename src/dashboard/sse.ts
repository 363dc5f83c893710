// Server-sent events for the dashboard: each client gets a snapshot, then every
// message broadcast after it. Bounded on every side: a cap on clients, a cap on what a
// slow client may have buffered (it is dropped, and its page reconnects and starts
// over from a new snapshot), and no timer at all while no client is connected.
import type http from 'node:http';

export interface SseOptions {
  maxClients: number;
  /** A comment line this often, so proxies and browsers keep an idle stream open. */
  heartbeatMs: number;
  /** Bytes a client may fall behind before it is dropped. */
  maxBufferedBytes: number;
}

export const defaultSseOptions: SseOptions = { maxClients: 16, heartbeatMs: 15_000, maxBufferedBytes: 1 << 20 };

export class SseHub {
  private readonly clients = new Set<http.ServerResponse>();
  private heartbeat: NodeJS.Timeout | null = null;
  readonly options: SseOptions;

  constructor(options: Partial<SseOptions> = {}) {
    this.options = { ...defaultSseOptions, ...options };
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes the response over and streams to it; false (nothing written) when the hub is full. */
  open(req: http.IncomingMessage, res: http.ServerResponse, first: { event: string; data: unknown }): boolean {
    if (this.clients.size >= this.options.maxClients) return false;
    // A stream is quiet between messages: no server or socket timeout may end it.
    req.socket.setTimeout(0);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Tells nginx not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\n${frame(first.event, first.data)}`);
    this.clients.add(res);
    res.on('close', () => this.drop(res));
    this.heartbeat ??= setInterval(() => this.write(': ping\n\n'), this.options.heartbeatMs).unref();
    return true;
  }

  broadcast(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    this.write(frame(event, data));
  }

  close(): void {
    for (const res of this.clients) res.destroy();
    this.clients.clear();
    this.stopHeartbeat();
  }

  private write(text: string): void {
    for (const res of this.clients) {
      if (res.destroyed) continue;
      if (res.writableLength > this.options.maxBufferedBytes) res.destroy();
      else res.write(text);
    }
  }

  private drop(res: http.ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0) this.stopHeartbeat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

// JSON has no raw newlines, so one data: line carries the whole message.
const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
