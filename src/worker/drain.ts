// Graceful retirement of one worker's servers without dropping a request.
//
// A plain worker.disconnect() ends in http.Server#close(), which since Node 19 also
// closes idle keep-alive connections at once. A client that is just then sending its
// next request on such a connection gets ECONNRESET. So instead:
//   1. stop accepting (net.Server#close, which leaves open connections alone);
//   2. answer every further request on an open connection with `Connection: close`,
//      so busy keep-alive clients move to a new connection (and so a new worker);
//   3. leave idle connections to the server's own keepAliveTimeout, which clients
//      know from the Keep-Alive header and avoid racing; only shortly before the
//      primary's kill deadline close whatever is still idle.
// The returned promise settles when every server has closed (all connections gone).
import net from 'node:net';
import type http from 'node:http';

type HttpLike = http.Server & { closeIdleConnections(): void };

const isHttp = (s: net.Server): s is HttpLike => typeof (s as Partial<HttpLike>).closeIdleConnections === 'function';

function closeConnectionAfterResponse(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.shouldKeepAlive = false;
}

export function drainServers(servers: Iterable<net.Server>, graceMs: number): Promise<void> {
  const closing: Promise<void>[] = [];
  for (const server of servers) {
    if (!server.listening) continue;
    const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
    if (isHttp(server)) {
      server.prependListener('request', closeConnectionAfterResponse);
      const idleCloseAt = Math.max(0, Math.max(graceMs - 500, graceMs * 0.8));
      const timer = setTimeout(() => server.closeIdleConnections(), idleCloseAt);
      timer.unref();
      void closed.then(() => clearTimeout(timer));
    }
    closing.push(closed);
  }
  return Promise.all(closing).then(() => undefined);
}
