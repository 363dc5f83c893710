// pbkdf2Sync iterations that take about `targetMs` here, measured in this process
// before any contender runs, so the CPU-bound work is the same size on any machine.
import crypto from 'node:crypto';
import { median } from './stats.js';

export function calibratePbkdf2(targetMs = 5) {
  const probe = 2000;
  const timeOf = (n) => {
    const t = performance.now();
    crypto.pbkdf2Sync('password', 'salt', n, 32, 'sha256');
    return performance.now() - t;
  };
  timeOf(probe);
  const perIteration = median(Array.from({ length: 7 }, () => timeOf(probe) / probe));
  const iterations = Math.max(100, Math.round(targetMs / perIteration));
  return { iterations, ms: median(Array.from({ length: 5 }, () => timeOf(iterations))) };
}

