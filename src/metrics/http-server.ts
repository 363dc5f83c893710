// The --metrics HTTP server: GET /metrics, /healthz and /status, routed through a table.
// It only reads the supervisor's snapshot; nothing here can change the cluster.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsListenError } from '../errors.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { SupervisorStatus } from '../supervisor/status.js';
import { healthOf } from './health.js';
import { createExposition } from './prometheus.js';

export interface MetricsServer {
  /** "host:port" as actually bound (the port is known here when 0 was asked for). */
  address: string;
  port: number;
  close(): Promise<void>;
}

type Reply = { status: number; type: string; body: string };
const json = (status: number, value: unknown): Reply => ({ status, type: 'application/json', body: JSON.stringify(value) + '\n' });

export async function startMetricsServer(
  where: { host: string; port: number },
  getStatus: () => SupervisorStatus,
  log: Logger,
): Promise<MetricsServer> {
  const exposition = createExposition(getStatus);
  const routes: Record<string, () => Reply | Promise<Reply>> = {
    '/metrics': async () => ({ status: 200, type: exposition.contentType, body: await exposition.render() }),
    '/healthz': () => {
      const h = healthOf(getStatus());
      return json(h.httpStatus, h.body);
    },
    '/status': () => json(200, getStatus()),
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    const answer = (r: Reply) => {
      res.writeHead(r.status, { 'content-type': r.type, 'content-length': Buffer.byteLength(r.body) });
      res.end(req.method === 'HEAD' ? undefined : r.body);
    };
    if (!route) return answer(json(404, { error: `no such path; try ${Object.keys(routes).join(', ')}` }));
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(json(405, { error: 'use GET' }));
    Promise.resolve()
      .then(route)
      .then(answer, (err: Error) => {
        logEvent(log, 'error', 'metrics.error', { err, path }, 'metrics endpoint failed');
        answer(json(500, { error: err.message }));
      });
  });
  // A scraper's keep-alive connection must not hold the supervisor's exit.
  server.keepAliveTimeout = 5000;

  const label = `${where.host.includes(':') ? `[${where.host}]` : where.host}:${where.port}`;
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => reject(new MetricsListenError(label, err));
    server.once('error', fail);
    server.listen(where.port, where.host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  server.on('error', (err) => logEvent(log, 'error', 'metrics.error', { err }, 'metrics server error'));
  server.unref();

  const port = (server.address() as AddressInfo).port;
  const address = `${where.host.includes(':') ? `[${where.host}]` : where.host}:${port}`;
  return {
    address,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
