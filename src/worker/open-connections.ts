// The open connections on the app's servers, for the metrics report (the CONNS column
// in modes where the primary does not hand out connections itself). net.Server counts
// them in _connections, in every mode, node:cluster's and ours alike; reading it costs
// nothing, where getConnections() is asynchronous (and asks the primary under rr).
import type net from 'node:net';

export function openConnections(servers: Iterable<net.Server>): number {
  let n = 0;
  for (const s of servers) {
    const c = (s as net.Server & { _connections?: unknown })._connections;
    if (typeof c === 'number' && c > 0) n += c;
  }
  return n;
}
