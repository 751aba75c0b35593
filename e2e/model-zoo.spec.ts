import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { buildVit, DINOV2_S14 } from '../models/build/vitGraph';
import { snapshot, watchErrors } from './support/app';
import { CHROMIUM_ARGS, findChromium } from './support/browser';
import { mirabestPngs } from './support/data';

// WebGPU only where asked for: everything else in the suite runs on WASM.
test.use({ launchOptions: { executablePath: findChromium(), args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] } });

// DINOv2-S/14's topology, one block deep: small enough for SwiftShader's software WebGPU.
const TINY_DINO = buildVit({ ...DINOV2_S14, depth: 1 }, 5);
const DINO_FILE = '/Xenova/dinov2-small/resolve/main/onnx/model_quantized.onnx';

/** A local hub with the Hugging Face URL layout; the first download drips slowly so progress shows. */
async function startHub(): Promise<{ server: Server; endpoint: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const cors = { 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, { ...cors, 'access-control-allow-headers': '*' }).end();
    if (req.url !== DINO_FILE) return void res.writeHead(404, 'Not Found', cors).end('Entry not found');
    res.writeHead(200, { ...cors, 'content-length': TINY_DINO.byteLength, 'content-type': 'application/octet-stream' });
    const step = Math.ceil(TINY_DINO.byteLength / 20);
    let at = 0;
    const drip = () => {
      if (at >= TINY_DINO.byteLength) return void res.end();
      res.write(TINY_DINO.subarray(at, at + step));
      at += step;
      setTimeout(drip, requests.filter((r) => r === DINO_FILE).length === 1 ? 100 : 0);
    };
    drip();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

let hub: Awaited<ReturnType<typeof startHub>>;
test.beforeAll(async () => {
  hub = await startHub();
});
test.afterAll(() => hub.server.close());

test('a zoo model downloads from the hub with progress, is cached, and loads from the cache on the next visit', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.evaluate((endpoint) => window.latentSky.setHub(endpoint), hub.endpoint);
  await expect(page.getByTestId('zoo-dinov2-small')).toHaveAttribute('data-status', 'downloadable');
  await page.getByTestId('zoo-dinov2-small').getByRole('combobox').selectOption('int8');
  await page.getByTestId('zoo-dinov2-small').getByTestId('zoo-add').click();
  await expect(page.getByTestId('model-card').getByText(/Downloading [\d.]+ MiB of [\d.]+ MiB/)).toBeVisible();
  await expect(page.getByTestId('model-card')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('zoo-dinov2-small')).toHaveAttribute('data-status', 'ready (cached)');
  const cached = await page.evaluate(() => window.latentSky.cachedModels());
  expect(cached).toEqual([expect.objectContaining({ url: hub.endpoint + DINO_FILE, bytes: TINY_DINO.byteLength })]);
  const first = (await snapshot(page)).models[0];
  expect(first).toMatchObject({ registryId: 'dinov2-small', dtype: 'int8', fromCache: false });

  // The next visit (a fresh URL, not this session's permalink): same model, no request reaches the hub.
  const before = hub.requests.length;
  await page.goto('/');
  await page.evaluate((endpoint) => window.latentSky.setHub(endpoint), hub.endpoint);
  await page.evaluate(() => window.latentSky.addModel({ registry: 'dinov2-small', dtype: 'int8', backend: 'wasm' }));
  expect((await snapshot(page)).models[0]).toMatchObject({ fromCache: true, status: 'ready' });
  expect(hub.requests.length).toBe(before);
  await expect(page.getByTestId('model-card').getByText('cached', { exact: true })).toBeVisible();

  // A file missing on the hub: a clear error on the card and a Retry button; deleting the cache empties it.
  await page.evaluate(() => window.latentSky.addModel({ registry: 'siglip-base', dtype: 'fp16' }).catch(() => undefined));
  const failed = page.getByTestId('model-card').filter({ hasText: 'SigLIP' });
  await expect(failed).toHaveAttribute('data-status', 'error');
  await expect(failed.getByRole('alert')).toContainText('HTTP 404');
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible();
  await page.getByTestId('model-zoo').locator('summary', { hasText: 'Cached model files' }).click();
  await page.getByTestId('model-cache').getByRole('button').click();
  await expect.poll(() => page.evaluate(() => window.latentSky.cachedModels())).toEqual([]);
  await expect(page.getByTestId('zoo-dinov2-small')).toHaveAttribute('data-status', 'downloadable');
  expect(errors).toEqual([]);
});

test('the same ViT graph gives the same embeddings on WebGPU and on WASM', async ({ page }) => {
  await page.goto('/');
  const hasWebGpu = await page.evaluate(
    async () => !!(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()),
  );
  test.skip(!hasWebGpu, 'this Chromium exposes no WebGPU adapter');
  await page.evaluate((endpoint) => window.latentSky.setHub(endpoint), hub.endpoint);
  const wasm = await page.evaluate(() => window.latentSky.addModel({ registry: 'dinov2-small', dtype: 'int8', backend: 'wasm' }));
  const gpu = await page.evaluate(() => window.latentSky.addModel({ registry: 'dinov2-small', dtype: 'int8', backend: 'webgpu' }));
  expect([wasm.backend, gpu.backend]).toEqual(['wasm', 'webgpu']);
  const pngs = mirabestPngs(2).files;
  await page.getByTestId('file-input').setInputFiles(pngs.map((f) => f.path));
  const done = async (id: string) => (await page.evaluate((p) => window.latentSky.embeddings(p), id)).length;
  await expect.poll(() => done(wasm.pipelineId), { timeout: 120_000 }).toBe(pngs.length);
  await expect.poll(() => done(gpu.pipelineId), { timeout: 120_000 }).toBe(pngs.length);
  const a = await page.evaluate((p) => window.latentSky.embeddings(p), wasm.pipelineId);
  const b = await page.evaluate((p) => window.latentSky.embeddings(p), gpu.pipelineId);
  let worst = 0;
  for (const row of a) {
    const other = b.find((r) => r.name === row.name)!.vector;
    row.vector.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - other[i]))));
  }
  console.log(`max |WebGPU − WASM| over ${a.length} × 384 = ${worst.toExponential(2)}`);
  expect(a[0].vector.length).toBe(384);
  expect(worst).toBeLessThan(1e-3);
});
