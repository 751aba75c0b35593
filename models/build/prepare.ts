/**
 * `npm run models`: writes the offline default model (nsfwjs's MobileNetV2 as ONNX) and the
 * small graphs of the projection (k-NN, matrix product) and of the probe (loss gradient) into
 * public/models/generated/, so the app serves them with no network. The model is skipped when its
 * file is newer than its inputs. Runs before `npm start`, `npm run build` and the tests.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertNsfwjsMobileNetV2 } from './convertNsfwjs';
import { KNN_GRAPH_PATH, MATMUL_GRAPH_PATH, SOFTMAX_LOSS_GRAPH_PATH } from '../graphPaths';
import { buildKnnGraph, buildMatMulGraph } from './knnGraph';
import { buildSoftmaxLossGraph } from './softmaxLossGraph';
import { BUNDLED_MODEL_PATH } from '../registry';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', '..', 'public', BUNDLED_MODEL_PATH);
const inputs = [
  join(here, 'convertNsfwjs.ts'),
  join(here, 'nsfwjsMobileNetV2.ts'),
  join(here, 'graphBuilder.ts'),
  createRequire(import.meta.url).resolve('nsfwjs'),
];
const newest = Math.max(...inputs.map((f) => statSync(f).mtimeMs));

if (existsSync(target) && statSync(target).mtimeMs >= newest) {
  console.log(`models: ${BUNDLED_MODEL_PATH} is up to date`);
} else {
  const { bytes, version } = convertNsfwjsMobileNetV2();
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
  console.log(`models: wrote ${BUNDLED_MODEL_PATH} (${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB) from nsfwjs ${version}`);
}

// The projection's graphs (k-NN: MatMul + TopK; PCA: MatMul) and the probe's (loss gradient; no weights): tiny, rewritten every time.
for (const [path, bytes] of [
  [KNN_GRAPH_PATH, buildKnnGraph()],
  [MATMUL_GRAPH_PATH, buildMatMulGraph()],
  [SOFTMAX_LOSS_GRAPH_PATH, buildSoftmaxLossGraph()],
] as const) {
  const target = join(here, '..', '..', 'public', path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}
