import { describe, expect, it } from 'vitest';
import { projectUmap } from '../src/core/projection';
import { seededRandom } from '../src/core/random';

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
  it('is reproducible: the same seed and inputs give the same layout', () => {
    const { vectors, n, dim } = clusters(30, 1);
    const a = projectUmap(vectors, n, dim, params);
    const b = projectUmap(vectors, n, dim, params);
    expect(a).toEqual(b);
    expect(projectUmap(vectors, n, dim, { ...params, seed: 8 })).not.toEqual(a);
  });

  it('keeps clusters apart: each point\'s nearest 2-D neighbour is of its own cluster', () => {
    const { vectors, n, dim, labels } = clusters(30, 2);
    const xy = projectUmap(vectors, n, dim, params);
    let same = 0;
    for (let i = 0; i < n; i++) {
      let best = -1, bestD = Infinity;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const d = (xy[2 * i] - xy[2 * j]) ** 2 + (xy[2 * i + 1] - xy[2 * j + 1]) ** 2;
        if (d < bestD) { bestD = d; best = j; }
      }
      if (labels[best] === labels[i]) same++;
    }
    expect(same / n).toBeGreaterThan(0.95);
  });

  it('reports progress up to 1', () => {
    const { vectors, n, dim } = clusters(10, 3);
    const seen: number[] = [];
    projectUmap(vectors, n, dim, params, { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
  });

  it('handles tiny sets and refuses mismatched sizes', () => {
    expect(Array.from(projectUmap(new Float32Array(6), 3, 2, params))).toEqual([0, 0, 1, 0, 2, 0]);
    const { vectors, dim } = clusters(2, 4); // 6 points: fewer than nNeighbors
    expect(projectUmap(vectors, 6, dim, params).every(Number.isFinite)).toBe(true);
    expect(() => projectUmap(new Float32Array(5), 3, 2, params)).toThrow(/expected 3×2/);
  });

  it('can be stopped between epochs', () => {
    const { vectors, n, dim } = clusters(10, 5);
    expect(() => projectUmap(vectors, n, dim, params, { shouldStop: () => true })).toThrow(/cancelled/);
  });
});
