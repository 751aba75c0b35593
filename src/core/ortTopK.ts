/** The k-NN "matrix product + top-k" run by onnxruntime (the module and the graph bytes are injected). */
import type { OrtModule } from './embedder';
import type { TopKRunner } from './knn';

export async function createOrtTopK(ort: OrtModule, graph: Uint8Array, executionProviders: string[] = ['wasm']): Promise<{ run: TopKRunner; release: () => Promise<void> }> {
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
