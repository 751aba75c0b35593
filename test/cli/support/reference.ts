/**
 * Reference embeddings for the CLI tests: each file decoded and preprocessed by the app's libs
 * (with the tests' own PNG decoder, not the CLI's), batched by the app's model input and run by
 * onnxruntime-node directly (or, for `--device wasm` runs, onnxruntime-web's WASM build), one
 * image per session.run — no CLI code involved.
 */
import { readFileSync } from 'node:fs';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { decodeFile, DEFAULT_LIMITS } from '../../../src/images/lib/decode';
import { applyPreprocessing, DEFAULT_PREPROCESSING } from '../../../src/preprocessing/lib/preprocessing';
import { IMAGENET_NORM, makeBatch } from '../../../src/models/lib/modelInput';
import { nodeRaster } from '../../support/nodeRaster';
import { MODEL } from './survey';

export async function referenceEmbeddings(files: { name: string; location: string }[], runtime: 'node' | 'wasm' = 'node'): Promise<Map<string, Float32Array>> {
  // The two packages share one API; only the runtime behind it differs.
  const ort = (runtime === 'node' ? ortNode : ortWeb) as typeof ortNode;
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(MODEL)));
  const out = new Map<string, Float32Array>();
  for (const f of files) {
    const decoded = await decodeFile(f.name, new Uint8Array(readFileSync(f.location)), DEFAULT_LIMITS, nodeRaster);
    const image = applyPreprocessing(decoded.raw, DEFAULT_PREPROCESSING);
    const input = new ort.Tensor('float32', makeBatch([image], { size: 224, mean: [...IMAGENET_NORM.mean], std: [...IMAGENET_NORM.std] }), [1, 3, 224, 224]);
    out.set(f.location, Float32Array.from((await session.run({ input }, ['542']))['542'].data as Float32Array));
  }
  await session.release();
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
