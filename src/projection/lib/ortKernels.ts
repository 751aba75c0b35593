/** The projection's two kernels run by onnxruntime: the module and the graph bytes are injected. */
import type { OrtModule } from '../../models/lib/embedder';
import type { TopKRunner } from './knn';
import type { MatMulRunner } from './pca';

/** The k-NN "matrix product + top-k" (models/build/knnGraph.ts). */
export async function createOrtTopK(
  ort: OrtModule,
  graph: Uint8Array,
  executionProviders: string[] = ['wasm'],
): Promise<{ run: TopKRunner; release: () => Promise<void> }> {
  const session = await ort.InferenceSession.create(graph, { executionProviders });
  let dataTensor: InstanceType<OrtModule['Tensor']> | undefined;
  let dataRef: Float32Array | undefined;
  const run: TopKRunner = async (queries, q, dataT, n, dim, k) => {
    // The data matrix is the same for every block: wrap it once.
    if (dataRef !== dataT) {
      dataTensor = new ort.Tensor('float32', dataT, [dim, n]);
      dataRef = dataT;
    }
    const out = await session.run({
      queries: new ort.Tensor('float32', queries, [q, dim]),
      data_t: dataTensor!,
      k: new ort.Tensor('int64', BigInt64Array.from([BigInt(k)]), [1]),
    });
    const idx = out.indices.data as BigInt64Array;
    return { similarities: out.similarities.data as Float32Array, indices: Int32Array.from(idx, Number) };
  };
  return { run, release: () => session.release() };
}

/** The PCA's matrix product run by onnxruntime (the graph bytes are injected: models/build/knnGraph.ts). */
export async function createOrtMatMul(
  ort: OrtModule,
  graph: Uint8Array,
  executionProviders: string[] = ['wasm'],
): Promise<{ run: MatMulRunner; release: () => Promise<void> }> {
  const session = await ort.InferenceSession.create(graph, { executionProviders });
  const run: MatMulRunner = async (a, rows, inner, b, cols) => {
    const out = await session.run({ a: new ort.Tensor('float32', a, [rows, inner]), b: new ort.Tensor('float32', b, [inner, cols]) });
    return out.product.data as Float32Array;
  };
  return { run, release: () => session.release() };
}
