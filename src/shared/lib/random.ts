/** mulberry32: a tiny seeded PRNG in [0, 1), so that a seed fully determines a layout. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `size` of the indices 0…n−1 drawn without replacement by a seeded shuffle, in ascending order
 * (all of them when n ≤ size): the same n, size and seed always give the same rows.
 */
export function seededSample(n: number, size: number, seed: number): number[] {
  const rows = Array.from({ length: n }, (_, i) => i);
  if (n <= size) return rows;
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows.slice(0, size).sort((a, b) => a - b);
}
