// The --metrics HTTP server: GET /metrics, /healthz and /status (and the dashboard's
// routes, given by the caller), routed through a table, behind --metrics-token when set.
// It only reads the supervisor's snapshot; nothing here can change the cluster.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsListenError } from '../errors.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { SupervisorStatus } from '../supervisor/status.js';
import { hasToken } from './auth.js';
import { healthOf } from './health.js';
import { createExposition } from './prometheus.js';

export interface MetricsServer {
  /** "host:port" as actually bound (the port is known here when 0 was asked for). */
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Connections open at once; scrapers and a dashboard need a handful. */
export const METRICS_MAX_CONNECTIONS = 128;

// A client that trickles its request (slowloris) or connects and says nothing is
// dropped: headers within 5 s, the whole request within 10 s, checked every second.
// These bound receiving a request only; a long answer (an event stream) is not cut.
const metricsServerLimits: http.ServerOptions = {
  headersTimeout: 5000,
  requestTimeout: 10_000,
  connectionsCheckingInterval: 1000,
};

export type Reply = { status: number; type: string; body: string | Buffer; headers?: Record<string, string> };
export const json = (status: number, value: unknown): Reply => ({ status, type: 'application/json', body: JSON.stringify(value) + '\n' });

/** A route answers with a Reply, or with null when it took the response over (a stream). */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Reply | Promise<Reply> | null;

export interface MetricsServerOptions {
  /** --metrics-token: wanted on every request when set. */
  token?: string | null;
  /** More paths, served like the built-in ones (the dashboard's). */
  routes?: Record<string, Route>;
}

export async function startMetricsServer(
  where: { host: string; port: number },
  getStatus: () => SupervisorStatus,
  log: Logger,
  minReady = 1,
  o: MetricsServerOptions = {},
): Promise<MetricsServer> {
  const exposition = createExposition(getStatus);
  const routes: Record<string, Route> = {
    ...o.routes,
    '/metrics': async () => ({ status: 200, type: exposition.contentType, body: await exposition.render() }),
    '/healthz': () => {
      const h = healthOf(getStatus(), minReady);
      return json(h.httpStatus, h.body);
    },
    '/status': () => json(200, getStatus()),
  };

  const server = http.createServer(metricsServerLimits, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    const answer = (r: Reply | null) => {
      if (r === null) return;
      res.writeHead(r.status, { ...r.headers, 'content-type': r.type, 'content-length': Buffer.byteLength(r.body) });
      res.end(req.method === 'HEAD' ? undefined : r.body);
    };
    if (o.token && !hasToken(req, o.token)) {
      return answer({
        ...json(401, { error: 'this metrics server wants its --metrics-token: send Authorization: Bearer <token>, or ?token=<token>' }),
        headers: { 'www-authenticate': 'Bearer realm="clusterize"' },
      });
    }
    if (!route) return answer(json(404, { error: `no such path; try ${Object.keys(routes).join(', ')}` }));
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(json(405, { error: 'use GET' }));
    Promise.resolve()
      .then(() => route(req, res))
      .then(answer, (err: Error) => {
        logEvent(log, 'error', 'metrics.error', { err, path }, 'metrics endpoint failed');
        answer(json(500, { error: err.message }));
      });
  });
  // A scraper's keep-alive connection must not hold the supervisor's exit.
  server.keepAliveTimeout = 5000;
  // Past the cap Node closes new connections at once: the descriptors stay bounded.
  server.maxConnections = METRICS_MAX_CONNECTIONS;
  server.on('drop', () => {
    const now = Date.now();
    // One record per second at most: a flood must not become a flood of logs.
    if (now - lastDropLog < 1000) return void drops++;
    logEvent(log, 'warn', 'metrics.drop', { max: METRICS_MAX_CONNECTIONS, dropped: drops + 1 }, `metrics connection refused: ${METRICS_MAX_CONNECTIONS} already open`);
    lastDropLog = now;
    drops = 0;
  });
  let lastDropLog = 0;
  let drops = 0;
  // headersTimeout only starts with the first byte: a connection that never sends one
  // is dropped by this idle timer, which the request then lifts (an answer may stream).
  server.on('connection', (socket) => socket.setTimeout(metricsServerLimits.headersTimeout!));
  server.on('request', (req) => req.socket.setTimeout(0));

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
