// A load generator whose connections come from many client addresses (127.0.0.2 and
// up, one per connection), so ip-hash has clients to spread; wrk has one source address,
// which ip-hash would rightly send to a single worker. Node's http client costs more
// CPU than wrk, so absolute numbers are lower than wrk's; every mode gets the same one.
import http from 'node:http';

/**
 * @param {{ port: number, connections: number, seconds: number, keepAlive: boolean, path?: string,
 *   perConnection?: number, thinkMs?: number }} o  perConnection: with keepAlive, each client
 *   sends 1..perConnection requests (uniformly) on a connection, then opens a new one, as
 *   browser sessions and proxies' keep-alive pools do; thinkMs: each client waits 0..thinkMs
 *   between requests, so the cluster is busy but not saturated and latency shows where a
 *   request was sent rather than how long the queue is
 * @returns {Promise<{ requests: number, rps: number, p50Ms: number, p99Ms: number, failed: number }>}
 */
export async function spreadLoad(o) {
  const latencies = [];
  let failed = 0;
  const deadline = Date.now() + o.seconds * 1000;
  const loop = async (i) => {
    const localAddress = `127.0.${1 + Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 1}`;
    let agent = null;
    let left = 0;
    while (Date.now() < deadline) {
      if (left <= 0) {
        agent?.destroy();
        agent = new http.Agent({ keepAlive: o.keepAlive, maxSockets: 1, localAddress });
        left = o.perConnection ? 1 + Math.floor(Math.random() * o.perConnection) : Infinity;
      }
      left--;
      const t0 = performance.now();
      try {
        await get(o.port, o.path ?? '/', agent, o.keepAlive && left > 0);
        latencies.push(performance.now() - t0);
      } catch {
        failed++;
      }
      if (o.thinkMs) await new Promise((r) => setTimeout(r, Math.random() * o.thinkMs));
    }
    agent?.destroy();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: o.connections }, (_, i) => loop(i)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? null;
  return { requests: latencies.length, rps: latencies.length / seconds, p50Ms: pct(50), p99Ms: pct(99), failed };
}

function get(port, path, agent, keepAlive) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers: keepAlive ? {} : { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', resolve);
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
