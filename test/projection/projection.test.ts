import * as ortWeb from 'onnxruntime-web';
import { UMAP } from 'umap-js';
import { describe, expect, it } from 'vitest';
import { buildKnnGraph } from '../../models/build/knnGraph';
import type { OrtModule } from '../../src/models/lib/embedder';
import { trustworthiness } from '../../src/compare/lib/embeddingMetrics';
import { exactKnn, jsTopK, knnRecall, normaliseRows } from '../../src/projection/lib/knn';
import { createOrtTopK } from '../../src/projection/lib/ortKernels';
import { projectUmap, searchDims } from '../../src/projection/lib/projection';
import { findAB, fuzzyGraph } from '../../src/projection/lib/umapLayout';
import { seededRandom } from '../../src/shared/lib/random';

/** Three well-separated Gaussian clusters in 32-d. */
function clusters(perCluster: number, seed: number) {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const dim = 32;
  const centres = [0, 1, 2].map(() => Array.from({ length: dim }, () => gauss() * 5));
  const n = 3 * perCluster;
  const vectors = new Float32Array(n * dim);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels.push(c);
    for (let k = 0; k < dim; k++) vectors[i * dim + k] = centres[c][k] + gauss() * 0.5;
  }
  return { vectors, n, dim, labels };
}

const params = { nNeighbors: 10, minDist: 0.1, seed: 7 };

describe('UMAP projection', () => {
  it('is reproducible: the same seed and inputs give the same layout', async () => {
    const { vectors, n, dim } = clusters(30, 1);
    const a = await projectUmap(vectors, n, dim, params);
    const b = await projectUmap(vectors, n, dim, params);
    expect(a).toEqual(b);
    expect(await projectUmap(vectors, n, dim, { ...params, seed: 8 })).not.toEqual(a);
  });

  it("keeps clusters apart: each point's nearest 2-D neighbour is of its own cluster", async () => {
    const { vectors, n, dim, labels } = clusters(30, 2);
    const xy = await projectUmap(vectors, n, dim, params);
    let same = 0;
    for (let i = 0; i < n; i++) {
      let best = -1,
        bestD = Infinity;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const d = (xy[2 * i] - xy[2 * j]) ** 2 + (xy[2 * i + 1] - xy[2 * j + 1]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      if (labels[best] === labels[i]) same++;
    }
    expect(same / n).toBeGreaterThan(0.95);
  });

  it('searches all dimensions while that is affordable, 64 principal components beyond', () => {
    expect(searchDims(10_000, 768)).toBe(768);
    expect(searchDims(12_000, 768)).toBe(64);
    expect(searchDims(10_000, 1280)).toBe(64);
    expect(searchDims(1_000_000, 48)).toBe(48); // already narrow
  });

  it('with the neighbour search on a few principal components (large sets), clusters still stay apart', async () => {
    const { vectors, n, dim, labels } = clusters(40, 9);
    const xy = await projectUmap(vectors, n, dim, params, { searchDims: 4 });
    expect(xy).toEqual(await projectUmap(vectors, n, dim, params, { searchDims: 4 }));
    const centroid = (c: number) => [0, 1].map((a) => labels.reduce((s, l, i) => (l === c ? s + xy[2 * i + a] : s), 0) / 40);
    const nearestCentroid = (i: number) =>
      [0, 1, 2].map((c) => Math.hypot(xy[2 * i] - centroid(c)[0], xy[2 * i + 1] - centroid(c)[1])).reduce((b, d, c, all) => (d < all[b] ? c : b), 0);
    expect(labels.filter((l, i) => nearestCentroid(i) === l).length / n).toBeGreaterThan(0.95);
  });

  it('reports progress up to 1, and intermediate layouts as the epochs run', async () => {
    const { vectors, n, dim } = clusters(10, 3);
    const seen: number[] = [];
    const frames: Float32Array[] = [];
    const final = await projectUmap(vectors, n, dim, params, { onProgress: (f) => seen.push(f), onFrame: (y) => frames.push(y.slice()) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.at(-1)).toEqual(final);
  });

  it('handles tiny sets and refuses mismatched sizes', async () => {
    expect(Array.from(await projectUmap(new Float32Array(6), 3, 2, params))).toEqual([0, 0, 1, 0, 2, 0]);
    const { vectors, dim } = clusters(2, 4); // 6 points: fewer than nNeighbors
    expect((await projectUmap(vectors, 6, dim, params)).every(Number.isFinite)).toBe(true);
    await expect(projectUmap(new Float32Array(5), 3, 2, params)).rejects.toThrow(/expected 3×2/);
  });

  it('can be stopped between epochs', async () => {
    const { vectors, n, dim } = clusters(10, 5);
    await expect(projectUmap(vectors, n, dim, params, { shouldStop: () => true })).rejects.toThrow(/cancelled/);
  });
});

describe("the projection's parts", () => {
  it('the k-NN on onnxruntime (MatMul + TopK graph) equals the JavaScript reference: recall 1', async () => {
    const { vectors, n, dim } = clusters(100, 6);
    const unit = normaliseRows(vectors, n, dim);
    const { run } = await createOrtTopK(ortWeb as unknown as OrtModule, buildKnnGraph());
    const [ort, js] = [await exactKnn(unit, n, dim, 15, run), await exactKnn(unit, n, dim, 15, jsTopK)];
    expect(knnRecall(ort, js, n)).toBe(1);
    for (let i = 0; i < n; i++) expect(ort.indices[i * 15]).toBe(i); // self first
    ort.distances.forEach((d, i) => expect(d).toBeCloseTo(js.distances[i], 5));
  });

  it('fits a, b as umap-learn does (min_dist 0.1 → a ≈ 1.577, b ≈ 0.895)', () => {
    const { a, b } = findAB(0.1);
    expect(a).toBeCloseTo(1.577, 2);
    expect(b).toBeCloseTo(0.895, 2);
  });

  it('the fuzzy graph is symmetric with memberships in (0, 1], one edge per neighbour pair', async () => {
    const { vectors, n, dim } = clusters(20, 7);
    const knn = await exactKnn(normaliseRows(vectors, n, dim), n, dim, 10, jsTopK);
    const g = fuzzyGraph(knn, n);
    const pairs = new Set<string>();
    g.weight.forEach((w, e) => {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(1);
      const key = [g.head[e], g.tail[e]].sort((x, y) => x - y).join(',');
      expect(pairs.has(key)).toBe(false);
      pairs.add(key);
    });
  });

  it('the fuzzy graph lists each pair once, from its first row, in list order; a repeated neighbour counts once', () => {
    // Row 0 lists 1 then 2; row 1 lists 0 (mutual with row 0) and 2 twice; row 2 lists 0 and 1. k = 3, self first.
    const knn = {
      k: 3,
      indices: Int32Array.from([0, 1, 2, 1, 2, 2, 2, 0, 1]),
      distances: Float32Array.from([0, 0.1, 0.3, 0, 0.2, 0.25, 0, 0.3, 0.2]),
    };
    const g = fuzzyGraph(knn, 3);
    expect(Array.from(g.head)).toEqual([0, 0, 1]);
    expect(Array.from(g.tail)).toEqual([1, 2, 2]);
    // Nearest neighbours get membership 1 (distance ≤ rho), so the union is 1 wherever one side has it.
    expect(g.weight[0]).toBe(1);
    expect(g.weight[2]).toBe(1);
    expect(g.weight[1]).toBeGreaterThan(0);
    expect(g.weight[1]).toBeLessThanOrEqual(1);
  });

  it('preserves neighbourhoods as well as umap-js does (trustworthiness, k = 10)', async () => {
    const { vectors, n, dim } = clusters(200, 8);
    const unit = normaliseRows(vectors, n, dim);
    const dist = (x: ArrayLike<number>, d: number) => {
      const D = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let c = 0; c < d; c++) s += (x[i * d + c] - x[j * d + c]) ** 2;
          D[i * n + j] = Math.sqrt(s);
        }
      return D;
    };
    const Dx = dist(unit, dim);
    const ours = trustworthiness(Dx, dist(await projectUmap(vectors, n, dim, params), 2), n, 10);
    const reference = new UMAP({ nComponents: 2, nNeighbors: 10, minDist: 0.1, random: seededRandom(7) });
    const ref = reference.fit(Array.from({ length: n }, (_, i) => Array.from(unit.subarray(i * dim, (i + 1) * dim))));
    const theirs = trustworthiness(Dx, dist(ref.flat(), 2), n, 10);
    console.log(`trustworthiness (k = 10, 600 points): Latent Sky ${ours.toFixed(4)}, umap-js ${theirs.toFixed(4)}`);
    expect(ours).toBeGreaterThan(theirs - 0.01);
  });
});
