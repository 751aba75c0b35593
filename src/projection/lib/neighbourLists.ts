/**
 * Each row's neighbour list as Embedding Atlas's `neighbors` column holds it: the k-NN graph's
 * rows (0-based row indices), the row itself left out, with cosine distances (1 − cos) of the
 * original vectors, whatever space the graph was searched in (its distances may be between
 * principal components).
 */
import { inverseNorm, type KnnGraph } from './knn';

export interface NeighbourLists {
  /** Entries per row: the graph's k minus the row itself. */
  width: number;
  /** Row-major n × width, nearest first. */
  ids: Int32Array;
  distances: Float32Array;
}

export function neighbourLists(graph: KnnGraph, vectors: Float32Array, n: number, dim: number): NeighbourLists {
  const width = graph.k - 1;
  const inv = Float64Array.from({ length: n }, (_, i) => inverseNorm(vectors, i, dim));
  const ids = new Int32Array(n * width);
  const distances = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    let c = 0;
    let selfSeen = false;
    for (let s = 0; s < graph.k && c < width; s++) {
      const j = graph.indices[i * graph.k + s];
      // The row itself leaves the list (the graph lists it first).
      if (j === i && !selfSeen) {
        selfSeen = true;
        continue;
      }
      let dot = 0;
      for (let t = 0; t < dim; t++) dot += vectors[i * dim + t] * vectors[j * dim + t];
      ids[i * width + c] = j;
      distances[i * width + c] = Math.max(0, 1 - dot * inv[i] * inv[j]);
      c++;
    }
  }
  return { width, ids, distances };
}
