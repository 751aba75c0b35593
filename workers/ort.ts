/// <reference lib="webworker" />
import type { OrtModule } from '../src/models/lib/embedder';

/**
 * Loads onnxruntime-web in a worker: only the build that will be used (the WebGPU one, or the
 * smaller WASM-only one). onnxruntime-web defaults to half the cores; our workers exist to
 * compute, so they use them all (threads need cross-origin isolation: COOP/COEP headers).
 */
export async function loadOrt(webgpu: boolean): Promise<OrtModule> {
  const ort = webgpu ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  if (self.crossOriginIsolated) ort.env.wasm.numThreads = Math.min(4, navigator.hardwareConcurrency || 1);
  return ort;
}
