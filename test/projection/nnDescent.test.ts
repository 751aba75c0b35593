import { describe, expect, it } from 'vitest';
import { approximateKnn, exactNeighboursOf, sampleRecall } from '../../src/projection/lib/approximateKnn';
import { exactKnn, jsTopK, normaliseRows } from '../../src/projection/lib/knn';
import { neighbourLists } from '../../src/projection/lib/neighbourLists';
import { nnDescent } from '../../src/projection/lib/nnDescent';
import { seededRandom, seededSample } from '../../src/shared/lib/random';

/**
 * n seeded rows in `clusters` clusters, each a random centre plus a random 4-d subspace and a
 * little noise: neighbours mean something, as in real embeddings (low intrinsic dimension).
 */
function clustered(n: number, dim: number, clusters: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dim }, gauss));
  const spans = Array.from({ length: clusters }, () => Float32Array.from({ length: 4 * dim }, () => 0.4 * gauss()));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    const z = [gauss(), gauss(), gauss(), gauss()];
    for (let t = 0; t < dim; t++) out[i * dim + t] = centres[c][t] + z.reduce((s, v, l) => s + v * spans[c][l * dim + t], 0) + 0.1 * gauss();
  }
  return out;
}

describe('NN-descent', () => {
  it('finds the exact graph on a small set: the same lists as the exact search, self first, the same distances', async () => {
    const n = 120;
    const dim = 16;
    const unit = normaliseRows(clustered(n, dim, 4, 1), n, dim);
    const exact = await exactKnn(unit, n, dim, 10, jsTopK);
    const approx = nnDescent(unit, n, dim, { k: 10, random: seededRandom(7) });
    expect(approx.k).toBe(10);
    for (let i = 0; i < n; i++) {
      expect(approx.indices[i * 10]).toBe(i);
      expect(Array.from(approx.indices.subarray(i * 10, (i + 1) * 10))).toEqual(Array.from(exact.indices.subarray(i * 10, (i + 1) * 10)));
    }
    approx.distances.forEach((d, c) => expect(d).toBeCloseTo(exact.distances[c], 5));
  });

  it('reaches recall ≥ 0.97 on 4,000 clustered rows of 128 values, trees on 16 principal-like coordinates', async () => {
    const n = 4000;
    const dim = 128;
    const unit = normaliseRows(clustered(n, dim, 20, 2), n, dim);
    // Cheap tree rows: the first 16 coordinates (any projection will do for the splits).
    const treeRows = Float32Array.from({ length: n * 16 }, (_, c) => unit[Math.floor(c / 16) * dim + (c % 16)]);
    const graph = approximateKnn({ unit, dim, rows: treeRows, width: 16, n, k: 15 }, { random: seededRandom(3) });
    const sample = seededSample(n, 300, 5);
    const recall = sampleRecall(graph, sample, await exactNeighboursOf(unit, n, dim, sample, 15, jsTopK));
    expect(recall).toBeGreaterThanOrEqual(0.97);
    for (let i = 0; i < n; i++) expect(graph.indices[i * 15]).toBe(i);
  });

  it('is seeded: the same rows and seed give the same graph', () => {
    const n = 600;
    const dim = 24;
    const unit = normaliseRows(clustered(n, dim, 6, 4), n, dim);
    const a = nnDescent(unit, n, dim, { k: 8, random: seededRandom(1), trees: 2, leafSize: 12 });
    const b = nnDescent(unit, n, dim, { k: 8, random: seededRandom(1), trees: 2, leafSize: 12 });
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.distances)).toEqual(Array.from(b.distances));
  });

  it('handles duplicate rows and k as large as the set', () => {
    const n = 30;
    const dim = 4;
    const rows = new Float32Array(n * dim).fill(1);
    const graph = nnDescent(rows, n, dim, { k: 50, random: seededRandom(2) });
    expect(graph.k).toBe(n);
    for (let i = 0; i < n; i++) expect(new Set(graph.indices.subarray(i * n, (i + 1) * n)).size).toBe(n);
  });
});

describe('recall on a sample', () => {
  it("finds each sampled row's exact cosine neighbours by brute force, as the exact search lists them", async () => {
    const n = 500;
    const dim = 32;
    const vectors = clustered(n, dim, 5, 6).map((v, c) => v * (1 + (c % 7)));
    const exact = await exactKnn(normaliseRows(vectors, n, dim), n, dim, 9, jsTopK);
    const sample = seededSample(n, 50, 1);
    const truth = await exactNeighboursOf(vectors, n, dim, sample, 9, jsTopK);
    sample.forEach((i, r) => expect(Array.from(truth[r])).toEqual(Array.from(exact.indices.subarray(i * 9 + 1, (i + 1) * 9))));
    expect(sampleRecall(exact, sample, truth)).toBe(1);
    // A graph that lost one neighbour of every sampled row.
    const damaged = { ...exact, indices: exact.indices.map((j, c) => (c % 9 === 8 ? (c / 9 + 1) % n : j)) };
    expect(sampleRecall(damaged, sample, truth)).toBeCloseTo(7 / 8, 1);
  });
});

describe('neighbour lists (the neighbors column)', () => {
  it('leaves the row itself out and gives cosine distances of the original vectors', () => {
    const vectors = Float32Array.from([1, 0, 2, 0, 0, 3, -1, -1]);
    const graph = { k: 3, indices: Int32Array.from([0, 1, 2, 1, 0, 2, 2, 0, 1, 3, 1, 0]), distances: new Float32Array(12) };
    const lists = neighbourLists(graph, vectors, 4, 2);
    expect(lists.width).toBe(2);
    expect(Array.from(lists.ids)).toEqual([1, 2, 0, 2, 0, 1, 1, 0]);
    expect(lists.distances[0]).toBeCloseTo(0, 6); // (1,0) and (2,0): same direction
    expect(lists.distances[1]).toBeCloseTo(1, 6); // (1,0) and (0,3): orthogonal
    expect(lists.distances[6]).toBeCloseTo(1 + Math.SQRT1_2, 6); // (−1,−1) and (2,0)
  });
});
