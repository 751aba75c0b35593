/**
 * `latent-sky project <dataset>`: the app's UMAP (src/projection/lib/projection.ts, same
 * parameters, same seed) over a merged dataset's embeddings, with the app's k-NN and PCA kernels
 * on the app's own runtime: onnxruntime-web's WASM build, which runs in Node too. UMAP's layout
 * is not stable under last-bit changes of the distances (onnxruntime-node's CPU GEMM, or the
 * JavaScript fallback, move points by whole units on 300 points), so only the same runtime gives
 * the same layout as the tab. Writes the dataset again with `projection_x` and `projection_y`
 * columns (Embedding Atlas's names).
 */
import * as ortWeb from 'onnxruntime-web';
import { KNN_GRAPH_PATH, MATMUL_GRAPH_PATH } from '../../models/graphPaths';
import type { OrtModule } from '../models/lib/embedder';
import { jsTopK, type TopKRunner } from '../projection/lib/knn';
import { createOrtMatMul, createOrtTopK } from '../projection/lib/ortKernels';
import { jsMatMul, type MatMulRunner } from '../projection/lib/pca';
import { projectUmap, type UmapParams } from '../projection/lib/projection';
import { writeAtomic } from './atomicWrite';
import { readGeneratedGraph } from './generatedGraph';
import { readRows, rowsToParquet } from './rows';

/** The app's onnxruntime kernels where `npm run models` has built their graphs, else its JavaScript fallback. */
async function kernels(): Promise<{ topK: TopKRunner; matMul: MatMulRunner; engine: string }> {
  const [knn, product] = [KNN_GRAPH_PATH, MATMUL_GRAPH_PATH].map(readGeneratedGraph);
  if (!knn || !product)
    return {
      topK: jsTopK,
      matMul: jsMatMul,
      engine: "the JavaScript fallback (run `npm run models` for the app's onnxruntime kernels; layouts then differ from the app's)",
    };
  const runtime = ortWeb as unknown as OrtModule;
  const [topK, matMul] = await Promise.all([createOrtTopK(runtime, knn), createOrtMatMul(runtime, product)]);
  return { topK: topK.run, matMul: matMul.run, engine: "onnxruntime-web's WASM, as in the app" };
}

export async function projectDataset(input: string, params: UmapParams, out: string, log: (line: string) => void): Promise<{ rows: number; out: string }> {
  const rows = await readRows(input);
  const dims = new Set(rows.map((r) => r.embedding?.length ?? 0));
  if (rows.length === 0) throw new Error(`${input} has no rows`);
  if (dims.has(0) || dims.size !== 1) throw new Error(`${input}: every row needs an embedding of one length (found lengths ${[...dims].join(', ')})`);
  const dim = rows[0].embedding!.length;
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => vectors.set(r.embedding!, i * dim));
  const { topK, matMul, engine } = await kernels();
  log(`UMAP of ${rows.length} × ${dim} (n_neighbors ${params.nNeighbors}, min_dist ${params.minDist}, seed ${params.seed}); k-NN and PCA on ${engine}`);
  const coords = await projectUmap(vectors, rows.length, dim, params, { topK, matMul });
  writeAtomic(
    out,
    rowsToParquet(rows, false, [
      { name: 'projection_x', kind: 'float', values: rows.map((_, i) => coords[2 * i]) },
      { name: 'projection_y', kind: 'float', values: rows.map((_, i) => coords[2 * i + 1]) },
    ]),
  );
  return { rows: rows.length, out };
}
