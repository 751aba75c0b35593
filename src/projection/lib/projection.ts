import { exactKnn, jsTopK, normaliseRows, type KnnGraph, type TopKRunner } from './knn';
import { seededRandom } from '../../shared/lib/random';
import { jsMatMul, principalAxes, projectOntoAxes, type MatMulRunner } from './pca';
import { defaultEpochs, fuzzyGraph, optimiseLayout } from './umapLayout';

/** UMAP's parameters, named as umap-js names them. */
export interface UmapParams {
  nNeighbors: number;
  minDist: number;
  seed: number;
}

export const DEFAULT_UMAP: UmapParams = { nNeighbors: 15, minDist: 0.1, seed: 42 };

/** Bumped whenever the same inputs would give a different layout, so cached layouts are not reused across versions. */
export const PROJECTION_VERSION = 2;

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
  /** The PCA's matrix product (onnxruntime in the app); plain JavaScript by default. */
  matMul?: MatMulRunner;
  /** Called once with the neighbour graph and the width it was searched at (benchmarks report its recall). */
  onNeighbours?: (knn: KnnGraph, width: number) => void;
  /**
   * Replaces the exact neighbour search (`latent-sky project`'s NN-descent at 10⁶ rows): given the
   * unit rows and the rows the exact search would rank (their principal components when reduced).
   */
  search?: (input: { unit: Float32Array; dim: number; rows: Float32Array; width: number; n: number; k: number }) => Promise<KnnGraph>;
  /** Dimensions of the neighbour search: the input's, or fewer leading principal components (default: `searchDims`). */
  searchDims?: number;
}

/**
 * Past this many multiply-adds (n²·d; ~7 s on two cores here, e.g. 11,000 rows of 768 values or
 * 9,000 of 1280) the exact neighbour search runs on the leading principal components instead:
 * the cost drops by d / 64, and on real embeddings most neighbours survive (recall 0.88 on
 * MobileNetV2 features of MiraBest, with no loss of trustworthiness: `npm run bench`).
 */
export const EXACT_SEARCH_BUDGET = 1e11;
export const PCA_SEARCH_DIMS = 64;

/** The search width projectUmap uses by default for n rows of `dim` values. */
export function searchDims(n: number, dim: number): number {
  return dim > PCA_SEARCH_DIMS && n * n * dim > EXACT_SEARCH_BUDGET ? PCA_SEARCH_DIMS : dim;
}

/** Share of the progress bar given to the neighbour search; the layout epochs take the rest. */
const KNN_SHARE = 0.3;

/**
 * 2-D UMAP of row-major vectors: exact cosine k-NN (rows L2-normalised; for large sets, exact
 * Euclidean k-NN on their leading principal components), the fuzzy simplicial set, a PCA
 * initialisation and umap-learn's layout optimisation, all on typed arrays. Seeded: the same
 * vectors in the same order and the same parameters give the same layout.
 * Returns [x0, y0, x1, y1, …] in input order.
 */
export async function projectUmap(vectors: Float32Array, n: number, dim: number, params: UmapParams, hooks: ProjectionHooks = {}): Promise<Float32Array> {
  if (vectors.length !== n * dim) throw new Error(`expected ${n}×${dim} values, got ${vectors.length}`);
  // UMAP needs a neighbourhood; tiny sets are laid out on a line.
  if (n < 4) return Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0 : i / 2));
  const unit = normaliseRows(vectors, n, dim);
  const k = Math.max(2, Math.min(params.nNeighbors, n - 1));
  const random = seededRandom(params.seed);
  const width = Math.min(dim, hooks.searchDims ?? searchDims(n, dim));
  const reduce = width < dim;
  // One PCA serves both the initial layout (its first two axes) and, when reducing, the search.
  const matMul = hooks.matMul ?? jsMatMul;
  const components = await projectOntoAxes(await principalAxes(unit, n, dim, reduce ? width : 2, random, matMul), unit, n, matMul);
  const m = components.length / n;
  const [rows, searchWidth] = reduce ? [components, m] : [unit, dim];
  const knn = hooks.search
    ? await hooks.search({ unit, dim, rows, width: searchWidth, n, k })
    : await exactKnn(rows, n, searchWidth, k, hooks.topK ?? jsTopK, (f) => hooks.onProgress?.(KNN_SHARE * f));
  hooks.onNeighbours?.(knn, searchWidth);
  const graph = fuzzyGraph(knn, n);
  const coords = optimiseLayout(graph, n, {
    minDist: params.minDist,
    nEpochs: hooks.nEpochs ?? defaultEpochs(n),
    random,
    init: initialLayout(components, n, m, random),
    onEpoch: (epoch, total, y) => {
      if (hooks.shouldStop?.()) throw new Error('cancelled');
      hooks.onProgress?.(KNN_SHARE + ((1 - KNN_SHARE) * epoch) / total);
      hooks.onFrame?.(y);
    },
  });
  hooks.onProgress?.(1);
  return coords;
}

/**
 * The first two principal coordinates, scaled to ±10 as umap-learn scales its spectral
 * initialisation, with a little jitter to split duplicates: the same data give the same starting
 * layout, so layouts are stable across runs and comparable across models.
 */
function initialLayout(components: Float32Array, n: number, m: number, random: () => number): Float32Array {
  const out = new Float32Array(2 * n);
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 2; c++) {
      const v = c < m ? components[i * m + c] : 0;
      out[2 * i + c] = v;
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = (10 * out[i]) / (maxAbs || 1) + 1e-4 * (random() - 0.5);
  return out;
}
