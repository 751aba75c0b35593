import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { decodeFile, DEFAULT_LIMITS } from '../src/images/lib/decode';
import { makeBatch, IMAGENET_NORM } from '../src/models/lib/modelInput';
import { applyPreprocessing, DEFAULT_PREPROCESSING, type Preprocessing } from '../src/preprocessing/lib/preprocessing';
import { PRESET_DEFAULTS } from '../src/preprocessing/lib/presets';
import { fitsSample, mirabestPngs } from './support/data';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

const RADIO: Preprocessing = { ...DEFAULT_PREPROCESSING, preset: PRESET_DEFAULTS['radio-mirabest'], crop: { kind: 'fraction', fraction: 0.6 } };

/** What the model sees for a FITS file under a pipeline, computed in Node with the same core modules. */
async function expectedModelInput(path: string, prep: Preprocessing): Promise<Uint8Array> {
  const decoded = await decodeFile(path, new Uint8Array(readFileSync(path)), DEFAULT_LIMITS, () => Promise.reject(new Error('no rasters here')));
  const img = applyPreprocessing(decoded.raw, prep);
  const spec = { size: 224, mean: [...IMAGENET_NORM.mean] as [number, number, number], std: [...IMAGENET_NORM.std] as [number, number, number] };
  const tensor = makeBatch([img], spec);
  const plane = 224 * 224;
  return Uint8Array.from({ length: 3 * plane }, (_, i) => Math.round(255 * (tensor[i] * spec.std[Math.floor(i / plane)] + spec.mean[Math.floor(i / plane)])));
}

test('two pipelines of one model side by side, and a preview of the real model input', async ({ page }) => {
  const errors = watchErrors(page);
  const fits = fitsSample();
  const pngs = mirabestPngs(100).files.slice(0, 14).concat(mirabestPngs(100).files.slice(100, 114));
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...fits.map((f) => f.path), ...pngs.map((f) => f.path)]);
  await expect(page.getByTestId('image-count')).toContainText('40 loaded');

  const model = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  const radioId = await page.evaluate(([modelId, prep]) => window.latentSky.addPipeline({ modelId, preprocessing: prep }), [model.id, RADIO] as const);

  await expect.poll(async () => (await snapshot(page)).projections.length, { timeout: 150_000, intervals: [1000] }).toBe(2);
  const snap = await snapshot(page);
  expect(snap.pipelines.map((p) => p.embedded)).toEqual([40, 40]);
  expect(snap.pipelines[1].steps[0]).toMatch(/radio preset \(MiraBest\)/);
  // Same model, different input: different embeddings, so different layouts.
  expect(snap.projections[0].coords).not.toEqual(snap.projections[1].coords);
  await expect(page.getByTestId('scatter-panel')).toHaveCount(2);
  await expect(page.locator(`[data-pipeline="${radioId}"] .panel-prep`)).toContainText('radio preset · crop 60 %');
  // FITS sky positions come from the WCS.
  const first = snap.images.find((i) => i.name === fits[0].name)!;
  expect(first.ra).toBeCloseTo(10.4509, 4);
  expect(first.dec).toBeCloseTo(-9.28422, 4);

  // The preview's third image is the exact model input.
  await page.evaluate(([name, id]) => window.latentSky.preview(name, id), [fits[0].name, radioId] as const);
  await expect(page.getByTestId('preview-steps')).toContainText('crop to the central 60 %');
  await expect(page.getByTestId('preview-steps')).toContainText('normalise');
  const shown = await page.getByTestId('preview-model').evaluate(async (canvas: HTMLCanvasElement) => {
    for (let i = 0; i < 100 && canvas.width !== 224; i++) await new Promise((r) => setTimeout(r, 100));
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return { width: canvas.width, rgba: Array.from(data) };
  });
  expect(shown.width).toBe(224);
  const expected = await expectedModelInput(fits[0].path, RADIO);
  const plane = 224 * 224;
  let maxDiff = 0;
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) maxDiff = Math.max(maxDiff, Math.abs(shown.rgba[4 * i + c] - expected[c * plane + i]));
  expect(maxDiff).toBeLessThanOrEqual(1);
  await expect(page.getByTestId('header-viewer')).toContainText('FITS header');
  await page.screenshot({ path: test.info().outputPath('pipelines.png') });
  expect(errors).toEqual([]);
});
