/**
 * What real VFM inference costs: DINOv2-S/14 and ViT-B/16 graphs with the exact topology and random
 * weights, through the app's whole pipeline in Chromium (WASM, and WebGPU when the browser has an
 * adapter), against onnxruntime-node on the same graph and inputs.
 */
import * as ort from 'onnxruntime-node';
import type { Browser } from '@playwright/test';
import { buildVit, DINOV2_S14, VIT_B16 } from '../models/build/vitGraph';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/browser';
import { chromium } from '@playwright/test';
import { browserThroughput, withModelServer } from './throughput';

const IMAGES: Record<string, number> = { 'dinov2-s14': 16, 'vit-b16': 6 };
const GPU_SECONDS = 120;
const fmt = (x: number, d = 2) => x.toFixed(d);

async function nodePerSecond(bytes: Uint8Array, n: number): Promise<number> {
  const session = await ort.InferenceSession.create(bytes);
  const input = new ort.Tensor('float32', new Float32Array(3 * 224 * 224).fill(0.5), [1, 3, 224, 224]);
  await session.run({ pixel_values: input }); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) await session.run({ pixel_values: input });
  await session.release();
  return n / ((performance.now() - start) / 1000);
}

async function webGpuAvailable(baseUrl: string): Promise<Browser | undefined> {
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] });
  const page = await browser.newPage();
  await page.goto(baseUrl);
  const ok = await page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
  await page.close();
  if (ok) return browser;
  await browser.close();
  return undefined;
}

export async function vitInferenceBench(browser: Browser, baseUrl: string, pngs: string[]): Promise<void> {
  const gpuBrowser = process.env.BENCH_WEBGPU === '0' ? undefined : await webGpuAvailable(baseUrl);
  let gpuTooSlow = false;
  try {
    for (const config of [DINOV2_S14, VIT_B16]) {
      const bytes = buildVit(config);
      const n = IMAGES[config.name];
      const files = pngs.slice(0, n);
      const node = await nodePerSecond(bytes, n);
      const { wasm, gpuText } = await withModelServer(bytes, async (url) => {
        const wasm = await browserThroughput(browser, baseUrl, files, { url, backend: 'wasm' });
        if (!gpuBrowser) return { wasm, gpuText: 'no WebGPU adapter' };
        if (gpuTooSlow) return { wasm, gpuText: 'skipped (the smaller model finished nothing in time)' };
        // Software WebGPU (SwiftShader) on a machine without a GPU is very slow: give it a fixed time.
        const gpu = await browserThroughput(gpuBrowser, baseUrl, files.slice(0, 2), { url, backend: 'webgpu', deadlineSeconds: GPU_SECONDS });
        gpuTooSlow = gpu.embedded === 0;
        const text = gpu.embedded === 0 ? `no image finished in ${GPU_SECONDS} s` : `${fmt(gpu.perSecond, 3)} img/s`;
        return { wasm, gpuText: `${text} (${gpu.backend})` };
      });
      console.log(
        `  ${config.name} (${(bytes.byteLength / 2 ** 20).toFixed(0)} MiB): browser WASM ${fmt(wasm.perSecond)} img/s · WebGPU ${gpuText} · onnxruntime-node ${fmt(node)} img/s · WASM / node ${fmt(wasm.perSecond / node)}`,
      );
    }
  } finally {
    await gpuBrowser?.close();
  }
}
