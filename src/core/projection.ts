import { exactKnn, jsTopK, normaliseRows, type TopKRunner } from './knn';
import { seededRandom } from './random';
import { defaultEpochs, fuzzyGraph, optimiseLayout, pcaInit } from './umapLayout';

/** UMAP's parameters, named as umap-js names them. */
export interface UmapParams {
  nNeighbors: number;
  minDist: number;
  seed: number;
}

export const DEFAULT_UMAP: UmapParams = { nNeighbors: 15, minDist: 0.1, seed: 42 };

export interface ProjectionHooks {
  /** Called now and then with the fraction of the work done. */
  onProgress?: (fraction: number) => void;
  /** Called every few epochs with the layout so far, for progressive display. */
  onFrame?: (coords: Float32Array) => void;
  /** Polled between epochs; returning true abandons the run. */
  shouldStop?: () => boolean;
  /** The k-NN engine (onnxruntime in the app); plain JavaScript by default. */
  topK?: TopKRunner;
  /** Overrides umap-learn's epoch schedule (benchmarks). */
  nEpochs?: number;
}

/** Share of the progress bar given to the neighbour search; the layout epochs take the rest. */
const KNN_SHARE = 0.3;

/**
 * 2-D UMAP of row-major vectors: exact cosine k-NN (rows L2-normalised), the fuzzy simplicial set,
 * a PCA initialisation and umap-learn's layout optimisation, all on typed arrays. Seeded: the same
 * vectors in the same order and the same parameters give the same layout.
 * Returns [x0, y0, x1, y1, …] in input order.
 */
export async function projectUmap(vectors: Float32Array, n: number, dim: number, params: UmapParams, hooks: ProjectionHooks = {}): Promise<Float32Array> {
  if (vectors.length !== n * dim) throw new Error(`expected ${n}×${dim} values, got ${vectors.length}`);
  // UMAP needs a neighbourhood; tiny sets are laid out on a line.
  if (n < 4) return Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0 : i / 2));
  const unit = normaliseRows(vectors, n, dim);
  const k = Math.max(2, Math.min(params.nNeighbors, n - 1));
  const knn = await exactKnn(unit, n, dim, k, hooks.topK ?? jsTopK, (f) => hooks.onProgress?.(KNN_SHARE * f));
  const random = seededRandom(params.seed);
  const graph = fuzzyGraph(knn, n);
  const coords = optimiseLayout(graph, n, {
    minDist: params.minDist,
    nEpochs: hooks.nEpochs ?? defaultEpochs(n),
    random,
    init: pcaInit(unit, n, dim, random),
    onEpoch: (epoch, total, y) => {
      if (hooks.shouldStop?.()) throw new Error('cancelled');
      hooks.onProgress?.(KNN_SHARE + ((1 - KNN_SHARE) * epoch) / total);
      hooks.onFrame?.(y);
    },
  });
  hooks.onProgress?.(1);
  return coords;
}
