// The dashboard's paths on the metrics server: the page, its static files (ours from
// ./assets, uPlot's from its package, so it works offline and needs no build step),
// and GET /events, the live stream. Files are read per request: nothing is held in
// memory for a page nobody opens.
import fs from 'node:fs/promises';
import type http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { json, type Reply, type Route } from '../metrics/http-server.js';
import type { DashboardSnapshot } from './history.js';
import type { SseHub } from './sse.js';

export interface DashboardDeps {
  /** The cluster's name, for the page's title. */
  name: string;
  hub: SseHub;
  snapshot(): DashboardSnapshot;
}

// By way of ../dashboard/: this module also runs from the CLI's bundle in ../bundle/.
const local = (file: string) => fileURLToPath(new URL(`../dashboard/assets/${file}`, import.meta.url));
const fromPackage = createRequire(import.meta.url).resolve;

const js = 'text/javascript; charset=utf-8';
const css = 'text/css; charset=utf-8';

// Everything the page loads comes from here; the token (when given in the URL) rides
// along on each URL the page builds, and no Referer may carry it anywhere.
const pageHeaders = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
};

export function dashboardRoutes(d: DashboardDeps): Record<string, Route> {
  const file = (path: string, type: string): Route => async () => ({ status: 200, type, body: await fs.readFile(path), headers: pageHeaders });
  return {
    '/': (req) => page(req, d.name),
    '/assets/dashboard.js': file(local('dashboard.js'), js),
    '/assets/dashboard.css': file(local('dashboard.css'), css),
    '/assets/uplot.js': file(fromPackage('uplot/dist/uPlot.iife.min.js'), js),
    '/assets/uplot.css': file(fromPackage('uplot/dist/uPlot.min.css'), css),
    '/events': (req, res) => events(req, res, d),
  };
}

async function page(req: http.IncomingMessage, name: string): Promise<Reply> {
  const token = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('token');
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const html = (await fs.readFile(local('index.html'), 'utf8')).replaceAll('{{name}}', escapeHtml(name)).replaceAll('{{query}}', escapeHtml(query));
  return { status: 200, type: 'text/html; charset=utf-8', body: html, headers: pageHeaders };
}

function events(req: http.IncomingMessage, res: http.ServerResponse, d: DashboardDeps): Reply | null {
  if (req.method === 'HEAD') return { status: 200, type: 'text/event-stream', body: '' };
  if (d.hub.open(req, res, { event: 'snapshot', data: d.snapshot() })) return null;
  return json(503, { error: `too many dashboard clients (at most ${d.hub.options.maxClients}); close one and reload the page` });
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
