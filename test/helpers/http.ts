// Plain HTTP requests and a load loop for tests, on node:http only.
import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function get(port: number, path = '/', o: { agent?: http.Agent; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: o.agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on('error', reject);
    });
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

export interface LoadReport {
  ok: number;
  failures: { error: string; at: number }[];
  bodies: Map<string, number>;
  /** Bodies of the responses, in order of completion, with their completion time. */
  timeline: { at: number; body: string }[];
}

export interface Load {
  report: LoadReport;
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<LoadReport>;
  /** Resolves once n more responses have arrived. */
  next(n: number): Promise<void>;
}

/**
 * Keeps `concurrency` requests in flight until stopped. keepAlive reuses connections
 * (the hard case for reloads); otherwise each request opens a new one.
 */
export function startLoad(
  port: number,
  o: { keepAlive: boolean; concurrency?: number; path?: string; t?: { after(fn: () => unknown): void }; maxMs?: number },
): Load {
  const agent = o.keepAlive ? new http.Agent({ keepAlive: true, maxSockets: o.concurrency ?? 4 }) : undefined;
  const report: LoadReport = { ok: 0, failures: [], bodies: new Map(), timeline: [] };
  let running = true;
  // A test that fails half-way never calls stop(): without these bounds its loops
  // would spin on ECONNREFUSED forever and keep the test process alive.
  const deadline = setTimeout(() => (running = false), o.maxMs ?? 60_000);
  deadline.unref();
  o.t?.after(() => {
    running = false;
  });
  const waiters: { target: number; resolve: () => void }[] = [];
  const settle = () => {
    const total = report.ok + report.failures.length;
    for (const w of [...waiters]) if (total >= w.target) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
  };
  const loop = async () => {
    while (running) {
      try {
        const r = await get(port, o.path ?? '/', agent ? { agent } : {});
        if (r.status >= 200 && r.status < 300) {
          report.ok++;
          report.bodies.set(r.body, (report.bodies.get(r.body) ?? 0) + 1);
          report.timeline.push({ at: Date.now(), body: r.body });
        } else {
          report.failures.push({ error: `HTTP ${r.status}: ${r.body.slice(0, 80)}`, at: Date.now() });
        }
      } catch (err) {
        report.failures.push({ error: (err as Error).message, at: Date.now() });
        await new Promise((r) => setTimeout(r, 10));
      }
      settle();
    }
  };
  const loops = Array.from({ length: o.concurrency ?? 4 }, loop);
  return {
    report,
    async stop() {
      running = false;
      clearTimeout(deadline);
      await Promise.all(loops);
      agent?.destroy();
      return report;
    },
    next(n) {
      return new Promise((resolve) => {
        waiters.push({ target: report.ok + report.failures.length + n, resolve });
        settle();
      });
    },
  };
}

/** A port that was free a moment ago: for tests where the port must survive every worker dying. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
