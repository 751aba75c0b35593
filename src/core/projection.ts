import { UMAP } from 'umap-js';
import { seededRandom } from './random';

export interface UmapParams {
  nNeighbors: number;
  minDist: number;
  seed: number;
}

export const DEFAULT_UMAP: UmapParams = { nNeighbors: 15, minDist: 0.1, seed: 42 };

export interface ProjectionHooks {
  /** Called now and then with the fraction of epochs done. */
  onProgress?: (fraction: number) => void;
  /** Polled between epochs; returning true abandons the run. */
  shouldStop?: () => boolean;
}

/**
 * 2-D UMAP of row-major vectors. Vectors are L2-normalised first, so Euclidean distances rank
 * neighbours as cosine similarity does, the usual choice for deep embeddings.
 * Returns [x0, y0, x1, y1, …] in input order.
 */
export function projectUmap(vectors: Float32Array, n: number, dim: number, params: UmapParams, hooks: ProjectionHooks = {}): Float32Array {
  if (vectors.length !== n * dim) throw new Error(`expected ${n}×${dim} values, got ${vectors.length}`);
  const coords = new Float32Array(2 * n);
  // UMAP needs a neighbourhood; tiny sets are laid out on a line.
  if (n < 4) {
    for (let i = 0; i < n; i++) coords[2 * i] = i;
    return coords;
  }
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from(vectors.subarray(i * dim, (i + 1) * dim));
    let sq = 0;
    for (const v of row) sq += v * v;
    const norm = Math.sqrt(sq) || 1;
    rows[i] = row.map((v) => v / norm);
  }
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.max(2, Math.min(params.nNeighbors, n - 1)),
    minDist: params.minDist,
    random: seededRandom(params.seed),
  });
  const epochs = umap.initializeFit(rows);
  for (let e = 0; e < epochs; e++) {
    if (hooks.shouldStop?.()) throw new Error('cancelled');
    umap.step();
    if (e % 10 === 0) hooks.onProgress?.(e / epochs);
  }
  hooks.onProgress?.(1);
  umap.getEmbedding().forEach(([x, y], i) => {
    coords[2 * i] = x;
    coords[2 * i + 1] = y;
  });
  return coords;
}
