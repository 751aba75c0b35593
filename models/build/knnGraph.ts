/**
 * The projection's two ONNX graphs (no weights; written by `npm run models`).
 *
 * The exact k-nearest-neighbour search: dot products of a block of queries against every row as
 * one matrix product, then TopK (src/projection/lib/knn.ts adds one column to each side so the largest
 * products are the nearest rows). Written as ONNX so onnxruntime runs it with its SIMD,
 * multi-threaded GEMM (WASM, or WebGPU) rather than a JavaScript loop.
 *
 * Inputs: `queries` [q, d], `data_t` [d, n] (all rows, transposed once), `k` int64 [1].
 * Outputs: `similarities` [q, k] descending, `indices` [q, k] int64.
 */
import { GraphBuilder } from './graphBuilder';

export function buildKnnGraph(): Uint8Array {
  const g = new GraphBuilder();
  const queries = g.input('queries', ['q', 'd']);
  const dataT = g.input('data_t', ['d', 'n']);
  const k = g.input('k', [1], 'int64');
  const sims = g.op('MatMul', [queries, dataT]);
  g.opWithOutputs('TopK', [sims, k], ['similarities', 'indices'], { axis: -1, largest: 1, sorted: 1 });
  g.output('similarities', ['q', 'k']);
  g.output('indices', ['q', 'k'], 'int64');
  return g.toBytes('knn_topk', 'k-NN: MatMul + TopK, written by Latent Sky (models/build/knnGraph.ts).');
}

/**
 * A plain matrix product for the projection's PCA (covariance, subspace iteration, coordinates
 * along the axes): JavaScript does ~3 ns per multiply-add here, onnxruntime's GEMM a fraction of that.
 * Inputs `a` [m, k], `b` [k, n]; output `product` [m, n].
 */
export function buildMatMulGraph(): Uint8Array {
  const g = new GraphBuilder();
  const a = g.input('a', ['m', 'k']);
  const b = g.input('b', ['k', 'n']);
  g.opWithOutputs('MatMul', [a, b], ['product']);
  g.output('product', ['m', 'n']);
  return g.toBytes('matmul', 'Matrix product, written by Latent Sky (models/build/knnGraph.ts).');
}
