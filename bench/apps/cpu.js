// A CPU-bound handler: BENCH_PBKDF2_ITERATIONS rounds of pbkdf2Sync, which the bench
// calibrates to about 5 ms on this machine so every contender does the same work.
import crypto from 'node:crypto';
import { serve } from './serve.js';

const iterations = Number(process.env.BENCH_PBKDF2_ITERATIONS) || 10000;

serve((_req, res) => {
  const key = crypto.pbkdf2Sync('password', 'salt', iterations, 32, 'sha256');
  res.setHeader('content-type', 'text/plain');
  res.end(key.toString('hex'));
});
