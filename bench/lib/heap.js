// The memory a process really holds: a full garbage collection first, then
// process.memoryUsage(), through its inspector. RSS alone rises and falls with V8's
// heap growing between major collections (a sawtooth), which says nothing about a leak.
// SIGUSR1 opens the inspector on 127.0.0.1:9229 (Node's default), only for the bench.
import WebSocket from 'ws';
import { sleep } from './stats.js';

/** @returns {Promise<{ measure(): Promise<{ rss: number, heapUsed: number }>, close(): void } | null>} null when it could not attach */
export async function attachHeapProbe(pid, { port = 9229, timeoutMs = 5000 } = {}) {
  process.kill(pid, 'SIGUSR1');
  const deadline = Date.now() + timeoutMs;
  let target = null;
  while (!target && Date.now() < deadline) {
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
      target = list.find((t) => t.webSocketDebuggerUrl && t.url?.includes('clusterize'))?.webSocketDebuggerUrl ?? null;
    } catch {
      await sleep(50);
    }
  }
  if (!target) return null;
  const ws = new WebSocket(target);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async measure() {
      // Twice: the first collection can leave what finalizers released to the second.
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const r = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())' });
      const m = JSON.parse(r.result.result.value);
      return { rss: m.rss, heapUsed: m.heapUsed };
    },
    close() {
      ws.close();
    },
  };
}
