import type { Dtype } from '../../../models/registry';

/** Where a model's session runs: 'auto' tries WebGPU, then WebAssembly. */
export type BackendChoice = 'auto' | 'wasm' | 'webgpu';

/** How a model is asked for: by the user, the automation API or a permalink (which records these settings). */
export interface AddModelOptions {
  url?: string;
  file?: File;
  /** A model-zoo id (models/registry.ts): its weights, input size, normalisation and output. */
  registry?: string;
  /** Which of a zoo model's weight files (fp32 / fp16 / int8). */
  dtype?: Dtype;
  name?: string;
  output?: string;
  inputSize?: number;
  mean?: [number, number, number];
  std?: [number, number, number];
  backend?: BackendChoice;
}
