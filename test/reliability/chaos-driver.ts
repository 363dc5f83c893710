// Chaos under load, shared by the test (short) and bench/suites/chaos.js (30 s): a
// steady load of new connections while a random serving worker is SIGKILLed every
// interval. It measures what a client sees: failures, and how long any request waited.
import http from 'node:http';

export interface ChaosOptions {
  port: number;
  /** Pids of the workers serving right now. */
  servingPids(): number[];
  durationMs: number;
  killEveryMs: number;
  /** Requests kept in flight. */
  concurrency: number;
}

// The last serving worker is never killed: node:cluster closes the shared listening
// socket when no worker holds it, and clients would then be refused, which measures
// how fast a worker boots, not how the supervisor recovers. A kill is skipped (and
// counted) while a slot is still being restored.

export interface ChaosReport {
  durationMs: number;
  kills: number;
  /** Intervals without a kill because only one worker was serving. */
  skipped: number;
  requests: number;
  ok: number;
  failures: number;
  /** How many failed, by error code. */
  errors: Record<string, number>;
  /** Requests in flight at the moments of the kills, summed: a bound on the failures they may cause. */
  inFlightAtKills: number;
  maxLatencyMs: number;
  p99LatencyMs: number;
}

/** Resolves null when served, or what went wrong. */
function request(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? null : `HTTP ${res.statusCode}`));
      res.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const latencies: number[] = [];
  let ok = 0;
  let failures = 0;
  const errors: Record<string, number> = {};
  let inFlight = 0;
  let kills = 0;
  let skipped = 0;
  let inFlightAtKills = 0;
  let running = true;
  const started = Date.now();

  const killer = setInterval(() => {
    const pids = o.servingPids();
    if (pids.length < 2) {
      skipped++;
      return;
    }
    const pid = pids[Math.floor(Math.random() * pids.length)]!;
    try {
      process.kill(pid, 'SIGKILL');
      kills++;
      inFlightAtKills += inFlight;
    } catch {
      // Gone already.
    }
  }, o.killEveryMs);

  const loop = async () => {
    while (running) {
      const t0 = Date.now();
      inFlight++;
      const error = await request(o.port);
      inFlight--;
      latencies.push(Date.now() - t0);
      if (error === null) {
        ok++;
        continue;
      }
      failures++;
      errors[error] = (errors[error] ?? 0) + 1;
    }
  };
  const loops = Array.from({ length: o.concurrency }, loop);
  await new Promise((r) => setTimeout(r, o.durationMs));
  clearInterval(killer);
  running = false;
  await Promise.all(loops);

  latencies.sort((a, b) => a - b);
  return {
    durationMs: Date.now() - started,
    kills,
    skipped,
    requests: latencies.length,
    ok,
    failures,
    errors,
    inFlightAtKills,
    maxLatencyMs: latencies.at(-1) ?? 0,
    p99LatencyMs: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}
