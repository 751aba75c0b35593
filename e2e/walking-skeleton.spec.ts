import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fitsSample, mirabestPngs } from './support/data';
import { fitView } from '../src/projection/lib/camera';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

// 100 FR-I + 100 FR-II MiraBest PNGs, the 12 original FITS cutouts and a labels CSV, through
// the file input; the real ImageNet MobileNetV2 embeds them on WASM; UMAP lays them out.
test('drop real MiraBest cutouts, embed with MobileNetV2, see the classes', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const pngs = mirabestPngs(100);
  const fits = fitsSample();
  const csvPath = join(pngs.dir, 'labels.csv');
  const rows = [...pngs.files, ...fits].filter((f) => f.label).map((f) => `${f.name},${f.label},mirabest`);
  writeFileSync(csvPath, ['filename,label,source', ...rows].join('\n'));

  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...pngs.files.map((f) => f.path), ...fits.map((f) => f.path), csvPath]);
  await expect(page.getByTestId('image-count')).toContainText('212 loaded', { timeout: 60_000 });

  const model = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  expect(model.output).toBe('542');
  expect(model.backend).toBe('wasm');

  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 200_000, intervals: [1000] }).toBe(212);
  const snap = await snapshot(page);
  expect(snap.images).toHaveLength(212);
  expect(snap.skipped).toEqual([]);
  expect(snap.models[0]).toMatchObject({ status: 'ready', backend: 'wasm', dim: 1280, embedded: 212 });
  expect(snap.projections[0].coords).toHaveLength(424);
  expect(snap.projections[0].coords.every((c) => typeof c === 'number' && Number.isFinite(c))).toBe(true);
  const labels = new Set(snap.images.map((i) => i.label));
  expect(labels).toEqual(new Set(['FRI', 'FRII', null])); // the two hybrid FITS (3xx) are unlabelled

  const legend = page.getByTestId('scatter-panel').getByTestId('legend-item');
  await expect(legend).toHaveCount(3);
  await expect(legend.nth(0)).toContainText('FRI');
  await expect(legend.nth(1)).toContainText('FRII');
  await expect(legend.nth(2)).toContainText('unlabelled');

  // Hover image 0: its screen position follows from the panel's initial fit of the layout.
  const canvas = page.getByTestId('scatter-panel').locator('canvas').first();
  await expect(canvas).toBeVisible();
  const box = (await canvas.boundingBox())!;
  const coords = Float32Array.from(snap.projections[0].coords as number[]);
  const view = fitView(coords, box.width, box.height);
  const scale = 2 ** view.zoom;
  await page.mouse.move(box.x + box.width / 2 + (coords[0] - view.target[0]) * scale, box.y + box.height / 2 + (coords[1] - view.target[1]) * scale);
  await expect(page.getByTestId('tooltip')).toBeVisible();
  await expect(page.getByTestId('tooltip-thumb')).toBeVisible();
  await expect(page.getByTestId('tooltip')).toContainText(/\.(png|fits)/);
  const thumbLoaded = await page.getByTestId('tooltip-thumb').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
  expect(thumbLoaded).toBe(true);

  await page.screenshot({ path: testInfo.outputPath('walking-skeleton.png') });
  expect(errors).toEqual([]);
});
