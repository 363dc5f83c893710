// A small, stable, non-cryptographic string hash: FNV-1a over the UTF-16 code units,
// then murmur3's finaliser so that every input bit moves every output bit (FNV alone
// spreads short, similar keys like 127.0.0.2 and 127.0.0.3 poorly). Nothing here needs
// to resist an attacker: it picks a worker per client address and names a lock. It
// replaces node:crypto on the start path, which cost the primary about 10 ms of start-up
// and its memory for the life of the cluster (bench/RESULTS.md).

/** 32 bits, unsigned. A different seed gives an independent-looking hash. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 52 bits as a safe integer: two seeded hashes, for weights that practically never tie. */
export function hash52(text: string): number {
  return hash32(text, 1) * 2 ** 20 + (hash32(text, 2) >>> 12);
}

/** `words` × 32 bits as lower-case hex, for names. */
export function hashHex(text: string, words = 4): string {
  let out = '';
  for (let i = 0; i < words; i++) out += hash32(text, i + 1).toString(16).padStart(8, '0');
  return out;
}
