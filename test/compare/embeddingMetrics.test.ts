import { describe, expect, it } from 'vitest';
import { comparePipelines } from '../../src/compare/lib/compare';
import { jaccard, looKnn, silhouette, trustworthiness } from '../../src/compare/lib/embeddingMetrics';
import { distanceMatrix, knnFromDistances, nearestByCosine } from '../../src/compare/lib/neighbours';
import ref from '../fixtures/metrics-reference.json';
import cka from '../fixtures/cka-reference.json';

describe('comparison metrics, hand-computed', () => {
  // Four points on a line: 0, 1, 10, 11 (two tight pairs).
  const X = Float64Array.from([0, 1, 10, 11]);
  const D = distanceMatrix(X, 4, 1, 'euclidean');
  it('k-NN lists exclude the point itself', () => {
    expect(Array.from(knnFromDistances(D, 4, 1))).toEqual([1, 0, 3, 2]);
  });
  it('leave-one-out k-NN', () => {
    expect(looKnn(D, 4, Int32Array.from([0, 0, 1, 1]), 2, 1)).toEqual({ accuracy: 1, macroF1: 1 });
    expect(looKnn(D, 4, Int32Array.from([0, 1, 0, 1]), 2, 1).accuracy).toBe(0);
  });
  it('silhouette of two tight pairs', () => {
    // point 0: a = 1, b = mean(10, 11) = 10.5 → s = 9.5 / 10.5; symmetric for the rest (point 1: a = 1, b = 9.5).
    const s = [9.5 / 10.5, 8.5 / 9.5, 8.5 / 9.5, 9.5 / 10.5].reduce((a, b) => a + b) / 4;
    expect(silhouette(D, 4, Int32Array.from([0, 0, 1, 1]))).toBeCloseTo(s, 12);
  });
  it('trustworthiness is 1 for an identical layout', () => {
    expect(trustworthiness(D, D, 4, 1)).toBe(1);
  });
  it('Jaccard overlap of neighbour lists', () => {
    const a = Int32Array.from([1, 2, 0, 2]);
    const b = Int32Array.from([1, 3, 0, 3]);
    expect(jaccard(a, b, 2, 2).perPoint[0]).toBeCloseTo(1 / 3, 12);
    expect(jaccard(a, a, 2, 2).mean).toBe(1);
  });
});

describe('comparison metrics = scikit-learn', () => {
  const { N, D, K } = ref;
  const Dx = distanceMatrix(ref.X, N, D, 'cosine');
  it('leave-one-out k-NN (k = 10, cosine)', () => {
    const r = looKnn(Dx, N, Int32Array.from(ref.y), K, 10);
    expect(r.accuracy).toBeCloseTo(ref.looAccuracy, 12);
    expect(r.macroF1).toBeCloseTo(ref.looMacroF1, 12);
  });
  it('silhouette (cosine)', () => {
    expect(silhouette(Dx, N, Int32Array.from(ref.y))).toBeCloseTo(ref.silhouette, 10);
  });
  it('trustworthiness (k = 15)', () => {
    expect(trustworthiness(Dx, distanceMatrix(ref.Y, N, 2, 'euclidean'), N, 15)).toBeCloseTo(ref.trustworthiness, 10);
  });
  it('mean Jaccard of 10-NN sets between two embeddings', () => {
    const a = knnFromDistances(Dx, N, 10);
    const b = knnFromDistances(distanceMatrix(ref.X2, N, D, 'cosine'), N, 10);
    expect(jaccard(a, b, N, 10).mean).toBeCloseTo(ref.jaccard, 12);
  });
});

describe('comparing pipelines', () => {
  const { N, D, K } = ref;
  const X = Float32Array.from(ref.X),
    X2 = Float32Array.from(ref.X2),
    Y = Float32Array.from(ref.Y);
  it('computes per-pipeline numbers and pairwise overlap on the same rows', () => {
    const r = comparePipelines(
      [
        { id: 'a', X, dim: D, coords: Y },
        { id: 'b', X: X2, dim: D, coords: Y },
      ],
      Int32Array.from(ref.y),
      K,
    );
    expect(r.rows).toHaveLength(N);
    expect(r.perPipeline.a.knnAccuracy).toBeCloseTo(ref.looAccuracy, 12);
    // float32 embeddings, as the app stores them: 1e-6 instead of 1e-10.
    expect(r.perPipeline.a.silhouette).toBeCloseTo(ref.silhouette, 6);
    expect(r.perPipeline.a.trustworthiness).toBeCloseTo(ref.trustworthiness, 6);
    expect(r.pairs).toEqual([{ a: 'a', b: 'b', jaccard: expect.closeTo(ref.jaccard, 6), cka: expect.any(Number), ckaDebiased: expect.any(Number) }]);
    expect(r.perPipeline.a.continuity).toBeGreaterThan(0);
    expect(r.disagreement[0]).toBeGreaterThanOrEqual(0);
    expect(r.disagreement[0]).toBeLessThanOrEqual(1);
  });
  it('measures large sets on a seeded subset', () => {
    const r = comparePipelines([{ id: 'a', X, dim: D, coords: Y }], Int32Array.from(ref.y), K, { maxN: 40 });
    expect(r.rows).toHaveLength(40);
    expect(comparePipelines([{ id: 'a', X, dim: D, coords: Y }], Int32Array.from(ref.y), K, { maxN: 40 }).rows).toEqual(r.rows);
    expect(r.pairs).toEqual([]);
  });
});

describe('comparing pipelines: CKA and continuity (scripts/cka_reference.py)', () => {
  it("the pair's CKA and each layout's continuity equal the NumPy reference on float32 embeddings", () => {
    const r = comparePipelines(
      [
        { id: 'x', X: Float32Array.from(cka.X), dim: cka.DX, coords: Float32Array.from(cka.L) },
        { id: 'y', X: Float32Array.from(cka.Y), dim: cka.DY, coords: Float32Array.from(cka.L) },
        { id: 'z', X: Float32Array.from(cka.Z), dim: cka.DX, coords: Float32Array.from(cka.L) },
      ],
      new Int32Array(cka.N).fill(-1),
      0,
    );
    expect(r.pairs.map((p) => `${p.a}${p.b}`)).toEqual(['xy', 'xz', 'yz']);
    expect(r.pairs[0].cka).toBeCloseTo(cka.ckaXY, 6);
    expect(r.pairs[0].ckaDebiased).toBeCloseTo(cka.ckaXYDebiased, 6);
    expect(r.pairs[1].cka).toBeCloseTo(cka.ckaXZ, 6);
    expect(r.pairs[1].ckaDebiased).toBeCloseTo(cka.ckaXZDebiased, 6);
    expect(r.perPipeline.x.continuity).toBeCloseTo(cka.continuity, 6);
    expect(r.perPipeline.x.trustworthiness).toBeCloseTo(cka.trustworthiness, 6);
  });
});

describe('nearest neighbours of one image', () => {
  it('ranks by cosine similarity, skips itself and missing rows', () => {
    const rows = [Float32Array.from([1, 0]), Float32Array.from([0.9, 0.1]), null, Float32Array.from([0, 1]), Float32Array.from([10, 1])];
    expect(nearestByCosine(rows, 0, 2)).toEqual([4, 1]);
    expect(nearestByCosine(rows, 2, 2)).toEqual([]);
  });
});
