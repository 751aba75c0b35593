import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from '@playwright/test';
import type { Backend } from '../src/models/lib/embedder';
import { returningVisitor, snapshot } from '../e2e/support/app';
import { describeThreadTimes, watchChromiumThreads } from './threadCpu';

/**
 * Serves model bytes over real HTTP (with CORS) for the duration of `fn`. Playwright's
 * route.fulfill cannot carry a body of ~100 MB: the browser process dies.
 */
export async function withModelServer<T>(bytes: Uint8Array, fn: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-length': bytes.byteLength, 'content-type': 'application/octet-stream' });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/model.onnx`);
  } finally {
    server.close();
  }
}

/**
 * Images per second of the whole browser pipeline (decode → preprocess → inference) for one model
 * at `url`. The model is added first, so the clock covers every image's path.
 */
export async function browserThroughput(
  browser: Browser,
  baseUrl: string,
  files: string[],
  model: { url: string; backend: Backend; deadlineSeconds?: number },
): Promise<{ perSecond: number; seconds: number; isolated: boolean; backend: string; embedded: number; cpu: string }> {
  const context = await browser.newContext({ storageState: returningVisitor(baseUrl) });
  const page = await context.newPage();
  await page.goto(baseUrl);
  const added = await page.evaluate(({ url, backend }) => window.latentSky.addModel({ url, backend: backend as 'wasm' | 'webgpu' }), model);
  const isolated = await page.evaluate(() => crossOriginIsolated);
  const threads = watchChromiumThreads();
  const start = performance.now();
  await page.locator('[data-testid="file-input"]').setInputFiles(files);
  let embedded = 0;
  // A deadline lets a very slow backend (software WebGPU) be reported as a rate over what finished.
  const deadline = start + (model.deadlineSeconds ?? Infinity) * 1000;
  while (embedded < files.length && performance.now() < deadline) {
    const snap = await snapshot(page);
    if (snap.models[0]?.error) throw new Error(snap.models[0].error);
    embedded = snap.models[0]?.embedded ?? 0;
    // Each poll is a DevTools round trip that costs the page's main thread ~20 ms: poll rarely.
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = describeThreadTimes(threads.stop());
  await context.close();
  return { perSecond: embedded / seconds, seconds, isolated, backend: added.backend, embedded, cpu };
}
