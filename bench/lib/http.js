// One request on a fresh connection (no agent, no keep-alive), and polling with it.
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** One GET on its own connection; `signal` aborts it. */
export function get(url, { timeoutMs = 5000, signal } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { connection: 'close' }, timeout: timeoutMs, signal }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body, at: performance.now() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * Starts a request every `everyMs` without waiting for the earlier ones, until one
 * answers so that `accept(response)` holds. Waiting would hide the moment of recovery
 * behind a request that hangs (a connection handed to a worker as it dies is never
 * answered nor closed). Resolves with the accepted response, the attempts that failed
 * (refused, reset) and those still unanswered though sent before the accepted one.
 */
export function poll(url, accept, { everyMs = 5, timeoutMs = 15000 } = {}) {
  return new Promise((resolve, reject) => {
    const inFlight = new Map();
    let failures = 0;
    let done = false;
    const finish = (err, r) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(deadline);
      const stuck = r ? [...inFlight.values()].filter((a) => a.sentAt < r.sentAt).length : 0;
      for (const a of inFlight.values()) a.abort.abort();
      if (err) reject(err);
      else resolve({ ...r, failures, stuck });
    };
    const attempt = () => {
      if (inFlight.size >= 100) return;
      const a = { sentAt: performance.now(), abort: new AbortController() };
      inFlight.set(a, a);
      get(url, { timeoutMs, signal: a.abort.signal }).then(
        (res) => {
          inFlight.delete(a);
          if (accept(res)) finish(null, { ...res, sentAt: a.sentAt });
        },
        () => {
          inFlight.delete(a);
          if (!done) failures++;
        },
      );
    };
    const timer = setInterval(attempt, everyMs);
    const deadline = setTimeout(() => finish(new Error(`${url} did not give the expected answer within ${timeoutMs} ms`)), timeoutMs);
    attempt();
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
