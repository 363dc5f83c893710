// A mixed workload: most requests are quick, about one in ten holds the CPU for
// ~50 ms (a report, a big JSON, a template). What least-conn is for: a worker busy
// with a slow one keeps its connection open, so new connections go elsewhere.
import { serve } from './serve.js';

const slowMs = Number(process.env.BENCH_SLOW_MS) || 50;
const slowShare = Number(process.env.BENCH_SLOW_SHARE) || 0.1;

serve((_req, res) => {
  if (Math.random() < slowShare) {
    const until = Date.now() + slowMs;
    while (Date.now() < until);
  }
  res.setHeader('content-type', 'text/plain');
  res.end('ok\n');
});
