// Holds V8's optimizing compiler back while the primary starts. Resolving its ~30
// modules runs path.resolve and fileURLToPath hot enough for V8 to optimize them, and
// the first optimization maps about 4 MB of the compiler's code into a process that
// then idles for the life of the cluster (measured in bench/RESULTS.md). None of the
// start-up code is worth optimizing; once the cluster is up the flag is set back, so
// what runs hot from then on (the rr balancer under load) is optimized as usual.
import v8 from 'node:v8';

// A user who chose the flag on the command line or in NODE_OPTIONS keeps the choice.
const chosen = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--(no-)?(opt|turbofan)$/.test(a));
let paused = false;

export function pauseOptimizer(): void {
  if (chosen || paused) return;
  paused = true;
  v8.setFlagsFromString('--no-turbofan');
}

export function resumeOptimizer(): void {
  if (!paused) return;
  paused = false;
  v8.setFlagsFromString('--turbofan');
}
