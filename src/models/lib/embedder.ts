import type * as Ort from 'onnxruntime-web';
import { chooseOutput, splitEmbeddings, type TensorInfo } from './embeddingOutput';
import type { DecodedImage } from '../../images/lib/image';
import { l2NormaliseRows, makeBatch, IMAGENET_NORM, type ModelInputRecipe, type ModelInputSpec } from './modelInput';

/** The part of onnxruntime we use; onnxruntime-web in the browser, its Node build or onnxruntime-node in tests. */
export type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;
/** Where a model runs; 'js' is the built-in pixel baseline, which needs no runtime. */
export type Backend = 'webgpu' | 'wasm' | 'js';

export interface EmbedderOptions {
  /** Tried in order; the first that loads (and runs) the model wins. */
  backends: Backend[];
  output?: string;
  /** Outputs that give the same embedding, tried in order when the graph lacks `output`. */
  alternatives?: string[];
  inputSize?: number;
  /** The model's input recipe (Pillow resize, crop, feature L2); absent: plain bilinear resize. */
  recipe?: ModelInputRecipe;
  mean?: [number, number, number];
  std?: [number, number, number];
  /** Batch size for models with a dynamic batch dimension. */
  batchSize?: number;
}

export interface EmbedderInfo {
  backend: Backend;
  inputName: string;
  outputs: TensorInfo[];
  output: string;
  /** The model's own input (fixed-size models) or the default for dynamic ones. */
  input: ModelInputSpec;
  /** True when the graph fixes H × W: other input sizes are then ignored. */
  fixedSize: boolean;
  batchSize: number;
  /** Tried-and-failed backends with the reason, shown to the user. */
  fallbacks: string[];
}

export interface Embedder {
  info: EmbedderInfo;
  /**
   * Row-major [images.length × dim] embeddings; `size` is the input side for dynamic-size models;
   * `recipe` overrides the model's (a pipeline's choice; null = plain bilinear resize).
   */
  embed(images: readonly DecodedImage[], size?: number, recipe?: ModelInputRecipe | null): Promise<{ vectors: Float32Array; dim: number }>;
  release(): Promise<void>;
}

function explainLoadError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/protobuf|parse|Load model|invalid model|magic/i.test(msg)) return `not a valid ONNX model (${msg.slice(0, 160)})`;
  return msg.slice(0, 300);
}

function describeInput(session: Ort.InferenceSession, opts: EmbedderOptions) {
  const meta = session.inputMetadata[0];
  if (!meta) throw new Error('the model has no inputs');
  const shape = meta.isTensor ? meta.shape : [];
  if (shape.length !== 0 && shape.length !== 4) throw new Error(`the model input has rank ${shape.length}; expected an image batch [N, 3, H, W]`);
  const [batch, channels, h, w] = shape;
  if (typeof channels === 'number' && channels !== 3) throw new Error(`the model input has ${channels} channels; expected 3`);
  const fixed = typeof h === 'number' && h > 0 ? h : undefined;
  if (fixed !== undefined && typeof w === 'number' && w !== fixed) throw new Error(`the model input is ${w}×${h}; only square inputs are supported`);
  if (fixed !== undefined && opts.inputSize !== undefined && opts.inputSize !== fixed) {
    throw new Error(`this model has a fixed ${fixed}×${fixed} input; it cannot take ${opts.inputSize}×${opts.inputSize}`);
  }
  const size = fixed ?? opts.inputSize ?? 224;
  const batchSize = typeof batch === 'number' && batch > 0 ? batch : (opts.batchSize ?? 8);
  return { name: meta.name, size, batchSize, fixed: fixed !== undefined };
}

export async function createEmbedder(ort: OrtModule, model: Uint8Array, opts: EmbedderOptions): Promise<Embedder> {
  if (model.length === 0) throw new Error('the model file is empty');
  const fallbacks: string[] = [];
  let session: Ort.InferenceSession | undefined;
  let backend: Backend | undefined;
  for (const b of opts.backends) {
    try {
      session = await ort.InferenceSession.create(model, { executionProviders: [b], graphOptimizationLevel: 'all' });
      backend = b;
      break;
    } catch (e) {
      fallbacks.push(`${b}: ${explainLoadError(e)}`);
    }
  }
  if (!session || !backend) throw new Error(fallbacks.length ? `could not load the model: ${fallbacks.join('; ')}` : 'no backend to run on');

  const input = describeInput(session, opts);
  const outputs: TensorInfo[] = session.outputMetadata.map((m) => ({ name: m.name, shape: m.isTensor ? m.shape : [] }));
  const output = chooseOutput(outputs, opts.output, opts.alternatives);
  const info: EmbedderInfo = {
    backend,
    inputName: input.name,
    outputs,
    output,
    input: {
      size: input.size,
      mean: opts.mean ?? [...IMAGENET_NORM.mean],
      std: opts.std ?? [...IMAGENET_NORM.std],
      ...(opts.recipe && { recipe: opts.recipe }),
    },
    fixedSize: input.fixed,
    batchSize: input.batchSize,
    fallbacks,
  };

  async function runBatch(batch: readonly DecodedImage[], spec: ModelInputSpec): Promise<Float32Array[]> {
    const { size } = spec;
    // Fixed-batch models get the last partial batch padded by repeating its first image.
    const padded = [...batch];
    while (padded.length < info.batchSize) padded.push(batch[0]);
    const tensor = new ort.Tensor('float32', makeBatch(padded, spec), [padded.length, 3, size, size]);
    const result = await session!.run({ [info.inputName]: tensor }, [info.output]);
    const out = result[info.output];
    const vectors = splitEmbeddings(out.data as Float32Array, out.dims, padded.length).slice(0, batch.length);
    tensor.dispose();
    out.dispose();
    return vectors;
  }

  return {
    info,
    async embed(images, requested, recipeOverride) {
      const size = info.fixedSize || !requested ? info.input.size : requested;
      const recipe = recipeOverride === undefined ? info.input.recipe : (recipeOverride ?? undefined);
      const spec: ModelInputSpec = { size, mean: info.input.mean, std: info.input.std, ...(recipe && { recipe }) };
      const vectors: Float32Array[] = [];
      for (let i = 0; i < images.length; i += info.batchSize) {
        const batch = images.slice(i, i + info.batchSize);
        try {
          vectors.push(...(await runBatch(batch, spec)));
        } catch (e) {
          if (info.backend !== 'webgpu' || !opts.backends.includes('wasm')) throw e;
          // WebGPU loaded the graph but failed to run it: fall back to WASM for good.
          info.fallbacks.push(`webgpu: ${explainLoadError(e)}`);
          await session!.release();
          session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
          info.backend = 'wasm';
          vectors.push(...(await runBatch(batch, spec)));
        }
      }
      const dim = vectors[0]?.length ?? 0;
      const flat = new Float32Array(vectors.length * dim);
      vectors.forEach((v, i) => flat.set(v, i * dim));
      if (recipe?.l2Normalise) l2NormaliseRows(flat, dim);
      return { vectors: flat, dim };
    },
    release: () => session!.release(),
  };
}
