/**
 * `--device cuda` needs onnxruntime-node's CUDA execution provider, which its npm package does not
 * ship (too large for the registry): its install script fetches it when asked
 * (`npm rebuild onnxruntime-node --ignore-scripts=false --onnxruntime-node-install=cuda12`; .npmrc turns install scripts off),
 * and the node needs CUDA 12 and cuDNN 9. Each missing piece is named before any model is loaded,
 * so a job fails at once with what to install, never later with a native crash or on the CPU.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

/**
 * `cpu` and `cuda`: onnxruntime-node's providers. `wasm`: onnxruntime-web's WASM build in Node, the
 * browser tab's own kernels — slower than `cpu`, but its embeddings equal the tab's, also for int8
 * models, where the native CPU kernels can round differently (README, *Running at survey scale*).
 */
export type Device = 'cpu' | 'cuda' | 'wasm';

export function parseDevice(value: string | undefined): Device {
  if (value === undefined || value === 'cpu') return 'cpu';
  if (value === 'cuda' || value === 'wasm') return value;
  throw new Error(`--device must be cpu, cuda or wasm, not "${value}"`);
}

/** Folder holding onnxruntime-node's native libraries for this platform. */
function nativeDir(): string {
  const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  const napi = join(dirname(pkg), 'bin');
  const version = existsSync(napi) ? (readdirSync(napi).find((d) => d.startsWith('napi-v')) ?? 'napi-v6') : 'napi-v6';
  return join(napi, version, process.platform, process.arch);
}

/** Which shared libraries the dynamic loader knows (ldconfig's cache), for naming what is missing. */
function loaderKnows(pattern: RegExp): boolean {
  try {
    return pattern.test(execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return false;
  }
}

const inLibraryPath = (pattern: RegExp) =>
  (process.env.LD_LIBRARY_PATH ?? '')
    .split(':')
    .filter(Boolean)
    .some((d) => existsSync(d) && readdirSync(d).some((f) => pattern.test(f)));

/** What `--device cuda` lacks on this machine, in words; empty when everything is in place. */
export function missingForCuda(): string[] {
  const missing: string[] = [];
  if (process.platform !== 'linux' || process.arch !== 'x64')
    missing.push(`onnxruntime-node's CUDA provider exists for linux/x64 only (this is ${process.platform}/${process.arch})`);
  const dir = nativeDir();
  if (!existsSync(join(dir, 'libonnxruntime_providers_cuda.so'))) {
    missing.push(
      `onnxruntime-node's CUDA provider files (libonnxruntime_providers_cuda.so in ${dir}): run \`npm rebuild onnxruntime-node --ignore-scripts=false --onnxruntime-node-install=cuda12\``,
    );
  }
  const has = (re: RegExp) => loaderKnows(re) || inLibraryPath(re);
  if (!has(/libcudart\.so\.12|libcublas\.so\.12/))
    missing.push('CUDA 12 runtime libraries (libcudart.so.12, libcublas.so.12): load the CUDA 12 module or add its lib64 to LD_LIBRARY_PATH');
  if (!has(/libcudnn\.so\.9/)) missing.push('cuDNN 9 (libcudnn.so.9): load the cuDNN 9 module or add it to LD_LIBRARY_PATH');
  return missing;
}

export function checkCudaProvider(): void {
  const missing = missingForCuda();
  if (missing.length)
    throw new Error(`--device cuda cannot run here; missing:\n  - ${missing.join('\n  - ')}\n(no CPU fallback: pass --device cpu to run on the CPU)`);
}
