// Seeded randomness for the fuzz suites: a failure names its seed, and
// CLUSTERIZE_FUZZ_SEED=<seed> replays exactly the same cases.

export interface Random {
  seed: number;
  /** A float in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  bytes(n: number): Buffer;
}

export function seeded(seed = Number(process.env.CLUSTERIZE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))): Random {
  let a = seed >>> 0;
  // mulberry32: tiny, fast, and good enough to spread test cases.
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    chance: (p) => next() < p,
    bytes: (n) => Buffer.from(Array.from({ length: n }, () => int(0, 255))),
  };
}

/** Runs fn; a failure's message starts with the seed that replays it. */
export async function withSeed<T>(r: Random, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error) err.message = `[seed ${r.seed}: rerun with CLUSTERIZE_FUZZ_SEED=${r.seed}] ${err.message}`;
    throw err;
  }
}
