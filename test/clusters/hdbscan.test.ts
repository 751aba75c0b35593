import { describe, expect, it } from 'vitest';
import { hdbscan } from '../../src/clusters/lib/hdbscan';
import { mutualReachabilityMst, squaredCoreDistances } from '../../src/clusters/lib/mutualReachability';
import ref from '../fixtures/cluster-reference.json';

/** Labels renumbered by first appearance (noise stays −1): equal partitions give equal arrays. */
const canonical = (labels: ArrayLike<number>) => {
  const seen = new Map<number, number>();
  return Array.from(labels, (c) => (c < 0 ? -1 : (seen.get(c) ?? seen.set(c, seen.size).get(c)!)));
};

/** The rows joined by tree edges no longer than eps, among rows whose core distance is at most eps (DBSCAN*). */
function cutAt(points: number[], n: number, dim: number, minSamples: number, eps: number): number[] {
  const core = squaredCoreDistances(points, n, dim, minSamples);
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const e of mutualReachabilityMst(points, n, dim, core)) if (e.distance <= eps) parent[find(e.a)] = find(e.b);
  return Array.from({ length: n }, (_, i) => (Math.sqrt(core[i]) <= eps ? find(i) : -1));
}

describe('HDBSCAN against scikit-learn (scripts/cluster_reference.py)', () => {
  for (const c of ref.cases) {
    for (const run of c.hdbscan) {
      it(`${c.name}: min cluster size ${run.minClusterSize}, min samples ${run.minSamples ?? 'default'} — the same clusters and noise`, () => {
        const labels = hdbscan(c.points, c.n, c.dim, { minClusterSize: run.minClusterSize, minSamples: run.minSamples ?? undefined });
        expect(canonical(labels)).toEqual(canonical(run.labels));
      });
    }
    it(`${c.name}: the mutual-reachability tree cut at eps gives DBSCAN's clusters of core points`, () => {
      for (const db of c.dbscan) {
        const cut = cutAt(c.points, c.n, c.dim, db.minSamples, db.eps);
        const core = new Set(db.core);
        expect(cut.map((r, i) => r >= 0 === core.has(i))).not.toContain(false);
        const onCore = (labels: number[]) => canonical(db.core.map((i) => labels[i]));
        expect(onCore(cut)).toEqual(onCore(db.labels));
      }
    });
  }
});

describe('HDBSCAN', () => {
  const { points, n, dim } = ref.cases[0];
  it('numbers clusters by size, largest first, and does not depend on the row order', () => {
    const labels = hdbscan(points, n, dim, { minClusterSize: 10 });
    const sizes = [0, 1, 2].map((c) => labels.filter((l) => l === c).length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const order = Array.from({ length: n }, (_, i) => (i * 37) % n); // 37 and 170 are coprime: a permutation
    const shuffled = order.flatMap((i) => [points[2 * i], points[2 * i + 1]]);
    const again = hdbscan(shuffled, n, dim, { minClusterSize: 10 });
    expect(canonical(order.map((i) => labels[i]))).toEqual(canonical(again));
  });
  it('is the same after rotating, scaling and shifting the layout (what Procrustes alignment does)', () => {
    const moved = Array.from({ length: n }, (_, i) => [3 * points[2 * i + 1] + 5, -3 * points[2 * i] - 2]).flat();
    expect(hdbscan(moved, n, dim, { minClusterSize: 10 })).toEqual(hdbscan(points, n, dim, { minClusterSize: 10 }));
  });
  it('finds no cluster in fewer points than the minimum size, or in one point, and copes with duplicates', () => {
    expect(Array.from(hdbscan(points.slice(0, 8), 4, 2, { minClusterSize: 5 }))).toEqual([-1, -1, -1, -1]);
    expect(Array.from(hdbscan([1, 2], 1, 2, { minClusterSize: 2 }))).toEqual([-1]);
    const dup = [...Array(12).fill([0, 0]).flat(), ...Array(12).fill([9, 9]).flat()];
    expect(canonical(hdbscan(dup, 24, 2, { minClusterSize: 5, minSamples: 3 }))).toEqual([...Array(12).fill(0), ...Array(12).fill(1)]);
  });
  it('refuses bad settings and bad coordinates with a reason', () => {
    expect(() => hdbscan(points, n, dim, { minClusterSize: 1 })).toThrow(/minimum cluster size/);
    expect(() => hdbscan(points, n, dim, { minClusterSize: 5, minSamples: 0 })).toThrow(/min samples/);
    expect(() => hdbscan([0, NaN, 1, 1], 2, 2, { minClusterSize: 2 })).toThrow(/finite/);
    expect(() => hdbscan([0, 1, 1], 2, 2, { minClusterSize: 2 })).toThrow(/2 × 2/);
  });
});
