/// <reference lib="webworker" />
// Thin comlink adapter around the core embedder: one worker per model, so models run side by side.
import * as Comlink from 'comlink';
import { createEmbedder, type Backend, type Embedder, type EmbedderInfo, type EmbedderOptions } from '../src/models/lib/embedder';
import type { DecodedImage } from '../src/images/lib/image';
import type { ModelInputRecipe } from '../src/models/lib/modelInput';
import { createPixelEmbedder } from '../src/models/lib/pixelEmbedder';
import { loadOrt } from './ort';

let embedder: Embedder | undefined;
// Kept so the model can be re-created with other settings without another download.
let modelBytes: Uint8Array | undefined;

async function hasWebGpu(): Promise<boolean> {
  try {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return !!gpu && !!(await gpu.requestAdapter());
  } catch {
    return false;
  }
}

const api = {
  /**
   * Takes a Web Lock under `name` and never releases it: the main thread's request for the same
   * lock is granted only when this worker is gone, which is how it learns of a crash or an
   * out-of-memory kill. Resolves once the lock is held.
   */
  holdLock(name: string): Promise<void> {
    return new Promise((held) => {
      void navigator.locks.request(name, () => {
        held();
        return new Promise<never>(() => undefined);
      });
    });
  },
  /** The built-in pixel baseline: no model file, no runtime. */
  loadPixels(): EmbedderInfo {
    embedder = createPixelEmbedder();
    return embedder.info;
  },
  /** Loads a model (or, with `model` null, re-creates the last one with new options). */
  async load(model: Uint8Array | null, options: EmbedderOptions): Promise<EmbedderInfo> {
    modelBytes = model ?? modelBytes;
    if (!modelBytes) throw new Error('no model to load');
    await embedder?.release();
    embedder = undefined;
    let backends: Backend[] = options.backends;
    const notes: string[] = [];
    if (backends.includes('webgpu') && !(await hasWebGpu())) {
      backends = backends.filter((b) => b !== 'webgpu');
      notes.push('webgpu: no WebGPU adapter in this browser');
    }
    const ort = await loadOrt(backends.includes('webgpu'));
    embedder = await createEmbedder(ort, modelBytes, { ...options, backends });
    embedder.info.fallbacks.unshift(...notes);
    return embedder.info;
  },
  /** `recipe`: the pipeline's model-input recipe when it overrides the model's (null = plain bilinear). */
  async embed(images: DecodedImage[], size?: number, recipe?: ModelInputRecipe | null): Promise<{ vectors: Float32Array; dim: number; backend: Backend }> {
    if (!embedder) throw new Error('model not loaded');
    const result = await embedder.embed(images, size, recipe);
    return Comlink.transfer({ ...result, backend: embedder.info.backend }, [result.vectors.buffer as ArrayBuffer]);
  },
};

export type EmbedWorkerApi = typeof api;
Comlink.expose(api);
