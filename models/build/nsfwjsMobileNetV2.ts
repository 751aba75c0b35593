/**
 * Reads the TF.js (Keras layers) MobileNetV2 that ships inside the `nsfwjs` npm package: its
 * topology and its uint8-quantised weights. Shared by the ONNX converter and by the test that
 * checks the converted graph against TF.js itself.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export interface KerasLayer {
  name: string;
  class_name: string;
  // Keras layer configs are free-form JSON: each converter step reads the fields its layer kind has.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  config: Record<string, any>;
  inbound_nodes: [string, number, number, object][][];
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { min: number; scale: number; dtype: 'uint8' };
}

export interface NsfwjsModel {
  /** The Keras model JSON as TF.js expects it. */
  modelTopology: object;
  layers: KerasLayer[];
  weightSpecs: WeightSpec[];
  /** The raw (still quantised) weight bytes, in weightSpecs order. */
  weightData: Uint8Array;
  version: string;
}

export function loadNsfwjsMobileNetV2(): NsfwjsModel {
  // The package's exports map hides its model files; find them from its entry point.
  const root = join(require.resolve('nsfwjs'), '..', '..', '..');
  const json = require(join(root, 'dist/models/mobilenet_v2/model.min.js'));
  const shard: string = require(join(root, 'dist/models/mobilenet_v2/group1-shard1of1.min.js'));
  const version: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const manifest = json.weightsManifest;
  if (manifest.length !== 1) throw new Error(`expected one weight group, found ${manifest.length}`);
  return {
    modelTopology: json.modelTopology,
    layers: json.modelTopology.model_config.config.layers,
    weightSpecs: manifest[0].weights,
    weightData: new Uint8Array(Buffer.from(shard, 'base64')),
    version,
  };
}

/** Dequantises every weight (value = min + q × scale) into float32 arrays keyed by name. */
export function dequantise(model: NsfwjsModel): Map<string, { shape: number[]; values: Float32Array }> {
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  let offset = 0;
  for (const spec of model.weightSpecs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    if (!q || q.dtype !== 'uint8') throw new Error(`${spec.name}: only uint8-quantised weights are expected`);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = q.min + model.weightData[offset + i] * q.scale;
    offset += n;
    out.set(spec.name, { shape: spec.shape, values });
  }
  if (offset !== model.weightData.byteLength) throw new Error(`weights use ${offset} of ${model.weightData.byteLength} bytes`);
  return out;
}
