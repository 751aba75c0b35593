import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { buildMatMulGraph } from '../../models/build/knnGraph';
import type { OrtModule } from '../../src/models/lib/embedder';
import { exactKnn, jsTopK } from '../../src/projection/lib/knn';
import { createOrtMatMul } from '../../src/projection/lib/ortKernels';
import { jsMatMul, principalAxes, projectOntoAxes, symmetricEigen } from '../../src/projection/lib/pca';
import { seededRandom } from '../../src/shared/lib/random';

const rand = seededRandom(3);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

/** Rows = mean + Σ sᵢ·gᵢ·uᵢ along orthonormal directions uᵢ (random rotation), plus a little isotropic noise. */
function knownSpectrum(n: number, dim: number, sd: number[]) {
  const dirs: Float64Array[] = [];
  for (const _ of sd) {
    const v = Float64Array.from({ length: dim }, gauss);
    for (const u of dirs) {
      const d = v.reduce((s, x, j) => s + x * u[j], 0);
      for (let j = 0; j < dim; j++) v[j] -= d * u[j];
    }
    const norm = Math.hypot(...v);
    dirs.push(v.map((x) => x / norm));
  }
  const rows = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) rows[i * dim + j] = 3 + 0.01 * gauss();
    sd.forEach((s, c) => {
      const g = s * gauss();
      for (let j = 0; j < dim; j++) rows[i * dim + j] += g * dirs[c][j];
    });
  }
  return { rows, dirs };
}

describe('principal axes', () => {
  it('Jacobi: A·v = λ·v for each eigenpair of a random symmetric matrix', () => {
    const p = 12;
    const a = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = i; j < p; j++) a[i * p + j] = a[j * p + i] = gauss();
    const { values, vectors } = symmetricEigen(a, p);
    for (let e = 0; e < p; e++) {
      for (let i = 0; i < p; i++) {
        let av = 0;
        for (let j = 0; j < p; j++) av += a[i * p + j] * vectors[j * p + e];
        expect(av).toBeCloseTo(values[e] * vectors[i * p + e], 9);
      }
    }
  });

  it('finds the directions and variances of data with a known spectrum, in order', async () => {
    const sd = [5, 4, 3, 2, 1.5, 1];
    const { rows, dirs } = knownSpectrum(2000, 40, sd);
    const pca = await principalAxes(rows, 2000, 40, 4, seededRandom(1));
    expect(pca.axes.length).toBe(4 * 40);
    for (let c = 0; c < 4; c++) {
      const cos = dirs[c].reduce((s, x, j) => s + x * pca.axes[c * 40 + j], 0);
      expect(Math.abs(cos)).toBeGreaterThan(0.99);
      expect(Math.sqrt(pca.variance[c]) / sd[c]).toBeGreaterThan(0.9);
      expect(Math.sqrt(pca.variance[c]) / sd[c]).toBeLessThan(1.1);
    }
    const all = sd.reduce((s, x) => s + x * x, 0);
    expect(pca.totalVariance / all).toBeGreaterThan(0.9);
    expect(pca.totalVariance / all).toBeLessThan(1.1);
  });

  it('projections are centred and reproduce the distances of data lying in the subspace', async () => {
    const { rows } = knownSpectrum(500, 30, [4, 3, 2]);
    const pca = await principalAxes(rows, 500, 30, 3, seededRandom(2));
    const coords = await projectOntoAxes(pca, rows, 500);
    for (let c = 0; c < 3; c++) expect(Math.abs(coords.reduce((s, x, i) => (i % 3 === c ? s + x : s), 0) / 500)).toBeLessThan(0.05);
    const d = (x: ArrayLike<number>, w: number, i: number, j: number) => Math.hypot(...Array.from({ length: w }, (_, c) => x[i * w + c] - x[j * w + c]));
    for (const [i, j] of [
      [0, 1],
      [5, 400],
      [123, 321],
    ])
      expect(d(coords, 3, i, j)).toBeCloseTo(d(rows, 30, i, j), 1);
    // So the neighbour search on the components finds the same neighbours as on the full rows.
    const [full, reduced] = [await exactKnn(rows, 500, 30, 10, jsTopK), await exactKnn(coords, 500, 3, 10, jsTopK)];
    let same = 0;
    for (let i = 0; i < full.indices.length; i++)
      if (reduced.indices.subarray(Math.floor(i / 10) * 10, Math.floor(i / 10) * 10 + 10).includes(full.indices[i])) same++;
    expect(same / full.indices.length).toBeGreaterThan(0.95);
  });

  it('is seeded, and copes with rank-deficient and constant data', async () => {
    const { rows } = knownSpectrum(300, 20, [3, 2]);
    expect((await principalAxes(rows, 300, 20, 2, seededRandom(5))).axes).toEqual((await principalAxes(rows, 300, 20, 2, seededRandom(5))).axes);
    const pca = await principalAxes(rows, 300, 20, 8, seededRandom(5)); // only 2 real directions
    expect(Array.from(pca.axes).every(Number.isFinite)).toBe(true);
    const constant = await principalAxes(new Float32Array(50 * 6).fill(1), 50, 6, 2, seededRandom(1));
    expect(Array.from(constant.axes).every(Number.isFinite)).toBe(true);
    expect(Array.from(await projectOntoAxes(constant, new Float32Array(50 * 6).fill(1), 50)).every((x) => Math.abs(x) < 1e-6)).toBe(true);
  });

  it("gives the same axes and coordinates with the products on onnxruntime (the app's engine) as in JavaScript", async () => {
    const { run } = await createOrtMatMul(ortWeb as unknown as OrtModule, buildMatMulGraph());
    const a = Float32Array.from({ length: 7 * 5 }, gauss);
    const b = Float32Array.from({ length: 5 * 3 }, gauss);
    const [ort, js] = [await run(a, 7, 5, b, 3), await jsMatMul(a, 7, 5, b, 3)];
    ort.forEach((x, i) => expect(x).toBeCloseTo(js[i], 5));
    const { rows } = knownSpectrum(9000, 48, [5, 4, 3, 2, 1.5]); // more rows than the sample: the sampling path
    const [viaOrt, viaJs] = [await principalAxes(rows, 9000, 48, 5, seededRandom(4), run), await principalAxes(rows, 9000, 48, 5, seededRandom(4))];
    for (let c = 0; c < 5; c++) {
      const cos = Array.from({ length: 48 }, (_, j) => viaOrt.axes[c * 48 + j] * viaJs.axes[c * 48 + j]).reduce((x, y) => x + y);
      expect(Math.abs(cos)).toBeGreaterThan(0.9999);
    }
    const [pOrt, pJs] = [await projectOntoAxes(viaOrt, rows, 9000, run), await projectOntoAxes(viaOrt, rows, 9000)];
    pOrt.forEach((x, i) => expect(Math.abs(x - pJs[i])).toBeLessThan(1e-3));
  });
});

describe('exact k-NN on rows of any length', () => {
  it('ranks by Euclidean distance and reports it, as brute force does', async () => {
    const n = 120,
      dim = 7;
    const rows = Float32Array.from({ length: n * dim }, () => gauss() * (1 + rand() * 3));
    const knn = await exactKnn(rows, n, dim, 5, jsTopK);
    for (let i = 0; i < n; i++) {
      const d = Array.from({ length: n }, (_, j) => Math.hypot(...Array.from({ length: dim }, (_, c) => rows[i * dim + c] - rows[j * dim + c])));
      const order = Array.from(d.keys())
        .sort((a, b) => d[a] - d[b])
        .slice(0, 5);
      expect(Array.from(knn.indices.subarray(i * 5, i * 5 + 5))).toEqual(order);
      order.forEach((j, c) => expect(knn.distances[i * 5 + c]).toBeCloseTo(d[j], 3));
    }
  });
});
