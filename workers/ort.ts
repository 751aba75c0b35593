/// <reference lib="webworker" />
import type { OrtModule } from '../src/models/lib/embedder';

/**
 * Loads onnxruntime-web in a worker: only the build that will be used (the WebGPU one, or the
 * smaller WASM-only one). onnxruntime-web defaults to half the cores; our workers exist to
 * compute, so they use them all (threads need cross-origin isolation: COOP/COEP headers), unless
 * told fewer (`maxThreads`: workers that already run one per core).
 */
export async function loadOrt(webgpu: boolean, maxThreads = 4): Promise<OrtModule> {
  const ort = webgpu ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  if (self.crossOriginIsolated) ort.env.wasm.numThreads = Math.min(maxThreads, navigator.hardwareConcurrency || 1);
  return ort;
}

/** One of the small graphs `npm run models` writes under public/ (models/graphPaths.ts). */
export async function fetchGraph(path: string): Promise<Uint8Array> {
  const response = await fetch(`${import.meta.env.BASE_URL}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
