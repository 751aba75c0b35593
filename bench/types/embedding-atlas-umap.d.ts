// The part of embedding-atlas's standalone UMAP (dist/umap.js) the benchmark uses.
declare module 'embedding-atlas-umap' {
  export interface UMAP {
    readonly embedding: Float32Array;
    readonly knnIndices: Int32Array;
    run(): Promise<void>;
    destroy(): void;
  }
  export function createUMAP(
    count: number,
    inputDim: number,
    outputDim: number,
    data: Float32Array,
    options?: { metric?: 'euclidean' | 'cosine'; seed?: number; nEpochs?: number },
  ): Promise<UMAP>;
}
