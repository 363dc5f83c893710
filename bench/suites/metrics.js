// What metrics cost: the same clusterize cluster with worker reports off
// (--metrics-interval 0) and with the Prometheus endpoint on and scraped every second
// while the load runs (--long adds the default in between). Skipped, and said so,
// when --metrics does not serve.
import { freePort, get } from '../lib/http.js';
import { throughput, workloads } from './throughput.js';

export async function metricsCost(ctx, balance, workloadId = 'hello-ka') {
  const port = await freePort();
  const on = { id: 'metrics-on', label: `--metrics 127.0.0.1:PORT (scraped each second)`, kind: 'clusterize', balance, args: ['--metrics', `127.0.0.1:${port}`] };
  const off = { id: 'metrics-off', label: '--metrics-interval 0', kind: 'clusterize', balance, args: ['--metrics-interval', '0'] };
  const dflt = { id: 'metrics-default', label: 'default (workers report each second, no endpoint)', kind: 'clusterize', balance };

  const scrape = () => {
    const timer = setInterval(() => void get(`http://127.0.0.1:${port}/metrics`).catch(() => {}), 1000);
    return () => clearInterval(timer);
  };
  let series = 0;
  const rows = await throughput(ctx, workloads[workloadId], ctx.long ? [off, dflt, on] : [off, on], {
    // Before any load: without an endpoint there is nothing to compare, so stop there.
    beforeLoad: async () => {
      const r = await get(`http://127.0.0.1:${port}/metrics`, { timeoutMs: 2000 }).catch(() => null);
      if (r?.status !== 200) return false;
      series = r.body.split('\n').filter((l) => l && !l.startsWith('#')).length;
      return true;
    },
    whileLoaded: (c) => (c.id === 'metrics-on' ? scrape() : () => {}),
  });
  if (rows === null) return { available: false, workload: workloadId };
  return { available: true, workload: workloadId, rows, series };
}
