/**
 * The adjusted Rand index of two partitions of the same items (Hubert & Arabie 1985), as
 * scikit-learn's adjusted_rand_score computes it: from the pair-confusion counts, 1 when the two
 * agree on every pair (also for one item or none), 0 on average for unrelated partitions, negative
 * below chance. Labels are any integers; HDBSCAN's noise (−1) counts as one more group.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`the two labellings differ in length (${n} vs ${b.length})`);
  const pairs = (k: number) => (k * (k - 1)) / 2;
  const rows = new Map<number, number>(),
    cols = new Map<number, number>(),
    cells = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
    const key = `${a[i]},${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const sum = (m: Map<unknown, number>) => [...m.values()].reduce((s, k) => s + pairs(k), 0);
  // Pairs together in both (tp), only in a (fn), only in b (fp), in neither (tn).
  const together = sum(cells),
    inA = sum(rows),
    inB = sum(cols);
  const tp = together,
    fn = inA - together,
    fp = inB - together,
    tn = pairs(n) - inA - inB + together;
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
