// Knows every server the app listens with, so a drain can reach them without the app
// handing them over. Wrapping listen() on the prototype costs one Set.add per listen().
import net from 'node:net';

const servers = new Set<net.Server>();
let installed = false;

export function trackServers(): ReadonlySet<net.Server> {
  if (installed) return servers;
  installed = true;
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function trackedListen(this: net.Server, ...args: unknown[]) {
    if (!servers.has(this)) {
      servers.add(this);
      this.once('close', () => servers.delete(this));
    }
    return (listen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof listen;
  return servers;
}
