import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type Page, type Worker } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '../models/build/graphBuilder';
import { decodeFile, DEFAULT_LIMITS } from '../src/images/lib/decode';
import { IMAGENET_NORM, makeBatch } from '../src/models/lib/modelInput';
import { applyPreprocessing, DEFAULT_PREPROCESSING } from '../src/preprocessing/lib/preprocessing';
import { nodeRaster } from '../test/support/nodeRaster';
import { labelsCsv, mirabestPngs } from './support/data';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

const MOBILENET = 'mobilenet_v2_quant_feat1280';

async function dropAndWait(page: Page, files: string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('image-count')).toContainText(`${files.length} loaded`);
}

const embedded = async (page: Page, pipelineId: string) => (await snapshot(page)).pipelines.find((p) => p.id === pipelineId)?.embedded ?? 0;
const projected = async (page: Page, pipelineId: string) => (await snapshot(page)).projections.find((p) => p.pipelineId === pipelineId)?.n ?? 0;

test('a reload midway through embedding: what was embedded comes back from the session cache, only the rest is computed', async ({ page }) => {
  const errors = watchErrors(page);
  const pngs = mirabestPngs(30).files; // 60 real cutouts
  const files = pngs.map((f) => f.path);
  await serveTestModel(page);
  await page.goto('/');
  await dropAndWait(page, files);
  const model = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  // The permalink carries the model (it is what brings the model back after the reload).
  await expect.poll(() => page.evaluate(() => location.hash), { intervals: [100] }).toMatch(/^#s=/);
  await expect.poll(() => embedded(page, model.pipelineId), { timeout: 120_000, intervals: [50] }).toBeGreaterThanOrEqual(24);
  const before = await page.evaluate(
    (id) => ({ n: window.latentSky.snapshot().pipelines[0].embedded, vectors: window.latentSky.embeddings(id) }),
    model.pipelineId,
  );
  expect(before.n).toBeLessThan(files.length); // midway
  expect(before.vectors.length).toBe(before.n);

  await page.reload();
  // The link brings the model back; the files (which cannot persist) are dropped again once it is
  // ready, in two parts: first those not embedded yet, then, while they embed, those that were.
  await expect.poll(async () => (await snapshot(page)).models.map((m) => m.status), { timeout: 60_000, intervals: [100] }).toEqual(['ready']);
  const done = new Set(before.vectors.map((v) => v.name));
  await dropAndWait(
    page,
    pngs.filter((f) => !done.has(f.name)).map((f) => f.path),
  );
  await expect.poll(() => embedded(page, model.pipelineId), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
  await page.getByTestId('file-input').setInputFiles(pngs.filter((f) => done.has(f.name)).map((f) => f.path));
  await expect(page.getByTestId('image-count')).toContainText(`${files.length} loaded`);
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 180_000, intervals: [500] }).toBe(files.length);
  const snap = await snapshot(page);
  const pipeline = snap.pipelines[0];
  test.info().annotations.push({
    type: 'counts',
    description: `embedded before the reload ${before.n}; after: restored ${pipeline.restored}, computed ${pipeline.computed}`,
  });
  expect(pipeline.embedded).toBe(files.length);
  expect(pipeline.failures).toEqual([]);
  expect(pipeline.restored).toBeGreaterThanOrEqual(before.n);
  expect(pipeline.restored + pipeline.computed).toBe(files.length);
  expect(pipeline.computed).toBeGreaterThan(0);

  const after = new Map((await page.evaluate((id) => window.latentSky.embeddings(id), pipeline.id)).map((r) => [r.name, r.vector]));
  expect(after.size).toBe(files.length);
  // The vectors embedded before the reload are the ones restored, to the bit; every vector is whole and finite.
  for (const { name, vector } of before.vectors) expect(after.get(name)).toEqual(vector);
  for (const vector of after.values()) {
    expect(vector).toHaveLength(1280);
    expect(vector.every(Number.isFinite)).toBe(true);
  }
  expect(snap.projections[0].coords.every((c) => c !== null && Number.isFinite(c))).toBe(true);
  expect(errors).toEqual([]);
});

/**
 * The embed workers (by bundle URL: onnxruntime's own thread workers may sit blocked in
 * Atomics.wait and never answer an evaluate), with their names: `embed:<model id>`.
 */
async function embedWorkers(page: Page): Promise<{ worker: Worker; name: string }[]> {
  const embeds = page.workers().filter((w) => /embed\.worker/.test(w.url()));
  return Promise.all(embeds.map(async (worker) => ({ worker, name: await worker.evaluate(() => self.name).catch(() => '') })));
}

async function embedWorkerOf(page: Page, modelId: string): Promise<Worker> {
  const found = (await embedWorkers(page)).find((w) => w.name === `embed:${modelId}`);
  if (!found)
    throw new Error(
      `no embed worker for ${modelId} among ${page
        .workers()
        .map((w) => w.url())
        .join(', ')}`,
    );
  return found.worker;
}

test('an embed worker that dies: its card says so with Retry, the other model finishes, no image is lost, Retry completes the job', async ({ page }) => {
  const errors = watchErrors(page);
  const files = mirabestPngs(30)
    .files.slice(0, 40)
    .map((f) => f.path);
  await serveTestModel(page);
  await page.goto('/');
  await dropAndWait(page, files);
  const imagesBefore = (await snapshot(page)).images.map((i) => i.name).sort();
  const mobile = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  const pixels = await page.evaluate(() => window.latentSky.addPixelBaseline());

  await expect.poll(() => embedded(page, mobile.pipelineId), { timeout: 120_000, intervals: [50] }).toBeGreaterThanOrEqual(8);
  const worker = await embedWorkerOf(page, mobile.id);
  // Kill it the way the browser would (the worker is gone; comlink calls to it never settle).
  await worker.evaluate(() => void setTimeout(() => self.close(), 0));
  const card = page.getByTestId('model-card').filter({ hasText: MOBILENET });
  await expect(card.getByTestId('model-error')).toContainText("the model's worker stopped (out of memory or crashed)");
  await expect(card.getByRole('button', { name: 'Retry' })).toBeVisible();
  await card.screenshot({ path: test.info().outputPath('worker-died-card.png') });
  let snap = await snapshot(page);
  const stopped = snap.models.find((m) => m.id === mobile.id)!;
  expect(stopped.status).toBe('error');
  expect(snap.pipelines.find((p) => p.id === mobile.pipelineId)!.computed).toBeLessThan(files.length); // it died midway

  // The other model is unaffected: it embeds everything and projects it.
  await expect.poll(() => projected(page, pixels), { timeout: 120_000, intervals: [500] }).toBe(files.length);
  snap = await snapshot(page);
  expect(snap.images.map((i) => i.name).sort()).toEqual(imagesBefore);
  expect(snap.models.find((m) => m.id === mobile.id)!.status).toBe('error');

  // Retry: a new worker, the model again, and only the missing images are embedded.
  await card.getByRole('button', { name: 'Retry' }).click();
  await expect(card.getByTestId('model-error')).toHaveCount(0);
  await expect.poll(() => projected(page, mobile.pipelineId), { timeout: 180_000, intervals: [500] }).toBe(files.length);
  snap = await snapshot(page);
  const done = snap.pipelines.find((p) => p.id === mobile.pipelineId)!;
  expect(done).toMatchObject({ embedded: files.length, dim: 1280, failures: [] });
  // Each image was computed once: nothing embedded before the death was computed again.
  expect(done.restored + done.computed).toBe(files.length);
  expect(snap.models.find((m) => m.id === mobile.id)).toMatchObject({ status: 'ready', error: null });
  expect(snap.images.map((i) => i.name).sort()).toEqual(imagesBefore);
  expect((await embedWorkers(page)).filter((w) => w.name === `embed:${mobile.id}`)).toHaveLength(1);
  expect(errors).toEqual([]);
});

/**
 * A tiny ONNX model whose embedding is not finite for some images: `[N, 3, 32, 32]` →
 * 4 × 4 average pools (48 values) + 0 · log(m − dark), then 1e-3 / relu(bright − m), where m is the
 * image's mean input. Images darker than `dark` give NaN everywhere, brighter than `bright` an
 * infinity in the last value, the others a finite 49-d vector.
 */
function nonFiniteModel(dark: number, bright: number): Uint8Array {
  const g = new GraphBuilder();
  const x = g.input('input', ['N', 3, 32, 32]);
  const feat = g.op('Flatten', [g.op('AveragePool', [x], { kernel_shape: [8, 8], strides: [8, 8] })], { axis: 1 });
  const m = g.op('Flatten', [g.op('ReduceMean', [x], { axes: [1, 2, 3], keepdims: 1 })], { axis: 1 });
  const nanTerm = g.op('Mul', [g.op('Log', [g.op('Sub', [m, g.scalar('dark', dark)])]), g.scalar('zero', 0)]);
  const infTerm = g.op('Div', [g.scalar('eps', 1e-3), g.op('Relu', [g.op('Sub', [g.scalar('bright', bright), m])])]);
  g.op('Concat', [g.op('Add', [feat, nanTerm]), infTerm], { axis: 1 }, 'embedding');
  g.output('embedding', ['N', 49]);
  return g.toBytes('non_finite', 'NaN for dark inputs, Inf for bright ones (Latent Sky fault test)');
}

/** The model input of a PNG under the default pipeline, computed in Node with the app's own core modules. */
async function modelInput(path: string): Promise<Float32Array> {
  const decoded = await decodeFile(basename(path), new Uint8Array(readFileSync(path)), DEFAULT_LIMITS, nodeRaster);
  const img = applyPreprocessing(decoded.raw, DEFAULT_PREPROCESSING);
  return makeBatch([img], { size: 32, mean: [...IMAGENET_NORM.mean], std: [...IMAGENET_NORM.std] });
}

/** A threshold in the middle of the widest gap between sorted values ranks lo..hi: far from every image. */
function splitAt(sorted: number[], lo: number, hi: number): number {
  let best = lo;
  for (let i = lo; i <= hi; i++) if (sorted[i + 1] - sorted[i] > sorted[best + 1] - sorted[best]) best = i;
  return (sorted[best] + sorted[best + 1]) / 2;
}

test('a model that returns NaN or Inf for some images: they are listed with a reason and left out of the projection, the probe and the comparison', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const pngs = mirabestPngs(10);
  const files = pngs.files; // 20 real cutouts, 10 FRI and 10 FRII
  const inputs = await Promise.all(files.map((f) => modelInput(f.path)));
  const means = inputs.map((t) => t.reduce((a, b) => a + b, 0) / t.length);
  const sorted = [...means].sort((a, b) => a - b);
  const dark = splitAt(sorted, 2, 6);
  const bright = splitAt(sorted, 14, 17);
  const bytes = nonFiniteModel(dark, bright);

  // The expectation: the same graph on onnxruntime-node, on the same inputs.
  const session = await ort.InferenceSession.create(bytes);
  const expected = new Map<string, 'nan' | 'inf' | 'finite'>();
  for (const [i, f] of files.entries()) {
    const out = (await session.run({ input: new ort.Tensor('float32', inputs[i], [1, 3, 32, 32]) })).embedding.data as Float32Array;
    expected.set(f.name, out.some(Number.isNaN) ? 'nan' : out.every(Number.isFinite) ? 'finite' : 'inf');
  }
  const bad = files
    .filter((f) => expected.get(f.name) !== 'finite')
    .map((f) => f.name)
    .sort();
  const good = files.length - bad.length;
  expect([...expected.values()].filter((v) => v === 'nan').length).toBeGreaterThanOrEqual(3);
  expect([...expected.values()].filter((v) => v === 'inf').length).toBeGreaterThanOrEqual(2);
  expect(good).toBeGreaterThanOrEqual(8);

  const url = '/test-models/non-finite.onnx';
  await page.route(`**${url}`, (route) => route.fulfill({ body: Buffer.from(bytes), contentType: 'application/octet-stream' }));
  await page.goto('/');
  await page.evaluate(() => window.latentSky.setProbe({ heads: ['linear'], budgets: [{ kind: 'fraction', value: 1 }], seeds: 1 }));
  await page.getByTestId('file-input').setInputFiles([...files.map((f) => f.path), labelsCsv(pngs, 'faults-labels.csv')]);
  await expect(page.getByTestId('image-count')).toContainText(`${files.length} loaded`);
  const model = await page.evaluate((u) => window.latentSky.addModel({ url: u, backend: 'wasm' }), url);
  await expect.poll(() => projected(page, model.pipelineId), { timeout: 120_000, intervals: [250] }).toBe(good);

  const snap = await snapshot(page);
  const pipeline = snap.pipelines.find((p) => p.id === model.pipelineId)!;
  expect(pipeline.failures.map((f) => f.name).sort()).toEqual(bad);
  for (const f of pipeline.failures)
    expect(f.reason).toMatch(expected.get(f.name) === 'nan' ? /^the model returned NaN in 48 of 49 values/ : /^the model returned ±Inf in 1 of 49 values/);
  expect(pipeline).toMatchObject({ embedded: good, computed: good, dim: 49 });
  // Failed images have no point; every other point has finite coordinates.
  const projection = snap.projections.find((p) => p.pipelineId === model.pipelineId)!;
  snap.images.forEach((img, i) => {
    const xy = projection.coords.slice(2 * i, 2 * i + 2);
    if (bad.includes(img.name)) expect(xy).toEqual([null, null]);
    else expect(xy.every((c) => c !== null && Number.isFinite(c))).toBe(true);
  });
  const rows = await page.evaluate((id) => window.latentSky.embeddings(id), model.pipelineId);
  expect(rows.map((r) => r.name).sort()).toEqual(
    files
      .map((f) => f.name)
      .filter((n) => !bad.includes(n))
      .sort(),
  );

  // The probe and the comparison see the finite images only: the probe's training set is the
  // stratified 80 % of them (per class: all but max(1, round(20 %)) test images).
  await expect.poll(async () => (await snapshot(page)).probe.results.length, { timeout: 60_000, intervals: [250] }).toBe(1);
  const probe = (await snapshot(page)).probe;
  expect(probe.error).toBeNull();
  const perClass = ['FRI', 'FRII'].map((c) => files.filter((f) => f.label === c && !bad.includes(f.name)).length);
  expect(probe.results[0].nTrain).toBe(perClass.reduce((n, g) => n + g - (g < 2 ? 0 : Math.min(g - 1, Math.max(1, Math.round(g * 0.2)))), 0));
  expect(Number.isFinite(probe.results[0].macroF1Mean)).toBe(true);
  await expect.poll(async () => (await snapshot(page)).compare?.n ?? 0, { timeout: 60_000, intervals: [250] }).toBe(good);
  const compare = (await snapshot(page)).compare!;
  const { knnAccuracy, knnMacroF1, silhouette } = compare.perPipeline[model.pipelineId];
  expect([knnAccuracy, knnMacroF1, silhouette].every(Number.isFinite)).toBe(true); // (trustworthiness needs n > 31)

  const row = page.getByTestId('pipeline-row').first();
  await expect(row.getByTestId('pipeline-failures')).toContainText(`${bad.length} images skipped by this pipeline`);
  await expect(row.getByTestId('pipeline-failure')).toHaveCount(bad.length);
  await expect(row.getByTestId('pipeline-failure').first()).toContainText('the model returned');

  // A reload restores the finite vectors from the session cache and computes the failed ones again (never cached).
  await page.reload();
  await dropAndWait(
    page,
    files.map((f) => f.path),
  );
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 120_000, intervals: [250] }).toBe(good);
  const again = (await snapshot(page)).pipelines[0];
  expect(again).toMatchObject({ restored: good, computed: 0 });
  expect(again.failures.map((f) => f.name).sort()).toEqual(bad);
  expect(errors).toEqual([]);
});
