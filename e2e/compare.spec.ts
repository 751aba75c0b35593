import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { pointsInPolygon } from '../src/projection/lib/geometry';
import { PRESET_DEFAULTS } from '../src/preprocessing/lib/presets';
import { DEFAULT_PREPROCESSING } from '../src/preprocessing/lib/preprocessing';
import { fitView } from '../src/projection/lib/camera';
import { fitsSample, mirabestPngs } from './support/data';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

/** Screen position of image `i` in panel `p`, from the panel's initial fit of its layout. */
async function screenOf(page: Page, p: number, coords: number[], i: number) {
  const box = (await page.getByTestId('scatter-panel').nth(p).locator('.plot').boundingBox())!;
  const view = fitView(Float32Array.from(coords), box.width, box.height);
  const s = 2 ** view.zoom;
  return { box, x: box.x + box.width / 2 + (coords[2 * i] - view.target[0]) * s, y: box.y + box.height / 2 + (coords[2 * i + 1] - view.target[1]) * s, view };
}

test('linked hover, lasso selection, metrics, neighbours and colouring across two pipelines', async ({ page }) => {
  const errors = watchErrors(page);
  const fits = fitsSample();
  const pngs = mirabestPngs(100).files.filter((_, i) => i % 5 === 0);
  const csv = join(mirabestPngs(100).dir, 'compare-labels.csv');
  writeFileSync(csv, ['filename,label', ...[...pngs, ...fits].filter((f) => f.label).map((f) => `${f.name},${f.label}`)].join('\n'));
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...fits.map((f) => f.path), ...pngs.map((f) => f.path), csv]);
  await expect(page.getByTestId('image-count')).toContainText('52 loaded');
  const model = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await page.evaluate(([id, prep]) => window.latentSky.addPipeline({ modelId: id, preprocessing: prep }), [
    model.id,
    { ...DEFAULT_PREPROCESSING, preset: PRESET_DEFAULTS['radio-mirabest'] },
  ] as const);
  await expect.poll(async () => (await snapshot(page)).projections.length, { timeout: 150_000, intervals: [1000] }).toBe(2);
  const snap = await snapshot(page);
  const [a, b] = snap.projections.map((p) => p.coords as number[]);

  // Hover an image in the left panel (the one with the most room around it in both layouts, so no
  // other point covers it): the right panel rings the same image.
  const extent = (c: number[]) => Math.max(...c) - Math.min(...c) || 1;
  const room = (c: number[], i: number) =>
    Math.min(...snap.images.map((_, j) => (j === i ? Infinity : Math.hypot(c[2 * i] - c[2 * j], c[2 * i + 1] - c[2 * j + 1])))) / extent(c);
  // …and away from the panels' edges, where the ring would be clipped.
  const inner = (c: number[], i: number) =>
    [0, 1].every((d) => {
      const v = c.filter((_, k) => k % 2 === d);
      const f = (c[2 * i + d] - Math.min(...v)) / (Math.max(...v) - Math.min(...v) || 1);
      return f > 0.1 && f < 0.9;
    });
  const candidates = snap.images.map((_, i) => i).filter((i) => inner(a, i) && inner(b, i));
  const target = candidates.sort((i, j) => Math.min(room(a, j), room(b, j)) - Math.min(room(a, i), room(b, i)))[0];
  // The panel fits its view to the finished layout a frame after the store has it: until then a
  // hover lands beside the point, so the pointer is moved onto it again until the tooltip shows.
  await expect(async () => {
    const left = await screenOf(page, 0, a, target);
    await page.mouse.move(left.x - 20, left.y - 20);
    await page.mouse.move(left.x, left.y);
    await expect(page.getByTestId('tooltip')).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 60_000 });
  expect((await snapshot(page)).view.hovered).toBe(snap.images[target].name);
  const right = await screenOf(page, 1, b, target);
  await page.waitForTimeout(500);
  const shot = decode(await page.screenshot({ clip: { x: right.x - 12, y: right.y - 12, width: 24, height: 24 } }));
  let white = 0;
  for (let k = 0; k < shot.data.length; k += shot.channels) if (shot.data[k] > 240 && shot.data[k + 1] > 240 && shot.data[k + 2] > 240) white++;
  expect(white).toBeGreaterThan(10);

  // Lasso in the right panel (a triangle drawn point by point): the same images are selected everywhere.
  await page.getByTestId('scatter-panel').nth(1).getByTestId('tool-lasso').click();
  const { box, view } = right;
  const corners = [
    [0.15, 0.15],
    [0.8, 0.25],
    [0.45, 0.85],
  ].map(([fx, fy]) => [box.x + box.width * fx, box.y + box.height * fy]);
  await page.mouse.move(corners[0][0], corners[0][1]);
  await page.mouse.down();
  for (const [x, y] of [...corners.slice(1), corners[0]]) await page.mouse.move(x, y, { steps: 5 });
  await page.mouse.up();
  const s = 2 ** view.zoom;
  const toWorld = ([x, y]: number[]) => [view.target[0] + (x - box.x - box.width / 2) / s, view.target[1] + (y - box.y - box.height / 2) / s];
  const expected = pointsInPolygon(b, corners.flatMap(toWorld))
    .map((i) => snap.images[i].name)
    .sort();
  expect(expected.length).toBeGreaterThan(0);
  await expect.poll(async () => (await snapshot(page)).view.selection.sort()).toEqual(expected);
  await expect(page.getByTestId('selection-count')).toHaveText(`${expected.length} selected`);

  // The metrics table: every pipeline measured on all 52 images, and their neighbourhood overlap.
  await expect.poll(async () => (await snapshot(page)).compare?.n ?? 0, { timeout: 60_000 }).toBe(52);
  const compare = (await snapshot(page)).compare!;
  for (const m of Object.values(compare.perPipeline)) {
    expect(m.knnAccuracy).toBeGreaterThan(0.3);
    expect(m.trustworthiness).toBeGreaterThan(0.5);
    expect(m.silhouette).toBeGreaterThanOrEqual(-1);
    expect(m.continuity).toBeGreaterThan(0.5);
  }
  expect(compare.pairs).toHaveLength(1);
  expect(compare.pairs[0].jaccard).toBeGreaterThan(0);
  // Linear CKA of one model under two preprocessings: related (> 0), at most 1; the debiased form is smaller.
  expect(compare.pairs[0].cka).toBeGreaterThan(0);
  expect(compare.pairs[0].cka).toBeLessThanOrEqual(1);
  expect(compare.pairs[0].ckaDebiased).toBeLessThanOrEqual(compare.pairs[0].cka);
  await expect(page.getByTestId('cka-heatmap').locator('svg').first()).toBeVisible();
  await page.getByTestId('cka-kind').selectOption('debiased');
  await expect(page.getByTestId('cka-heatmap').locator('svg').first()).toBeVisible();
  await page.getByTestId('compare').screenshot({ path: test.info().outputPath('compare-metrics.png') });
  await expect(page.getByTestId('metrics-table').locator('tbody tr')).toHaveCount(2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('metrics-csv').click()]);
  const metricsLines = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(metricsLines[0]).toMatch(
    /^pipeline,images,knn_accuracy,knn_macro_f1,silhouette,trustworthiness,continuity,jaccard10_.+,jaccard10_.+,cka_.+,cka_.+,cka_debiased_.+,cka_debiased_.+$/,
  );
  expect(metricsLines.slice(1).map((l) => l.split(',')[1])).toEqual(['52', '52']);

  // Colour by neighbour disagreement between the two pipelines: a continuous scale with a colour bar.
  await page.getByTestId('colour-by').selectOption('disagreement');
  await expect(page.getByTestId('colour-bar').first()).toBeVisible();
  await page.getByTestId('colour-by').selectOption('class');

  // The detail view lists the image's nearest neighbours in every pipeline.
  await page.evaluate(([name, id]) => window.latentSky.preview(name, id), [snap.images[0].name, snap.pipelines[0].id] as const);
  await expect(page.getByTestId('neighbour-row')).toHaveCount(2);
  await expect(page.getByTestId('neighbour-row').first().locator('img')).toHaveCount(8);

  // Legend entries switch a class off in every panel.
  await page.getByTestId('scatter-panel').nth(0).getByTestId('legend-item').filter({ hasText: 'FRII' }).getByRole('button').click();
  expect((await snapshot(page)).view.hiddenClasses).toEqual(['FRII']);
  // Align the right panel onto the left one (Procrustes); the view follows without errors.
  await page.getByTestId('align-to').selectOption(snap.pipelines[0].id);
  await page.screenshot({ path: test.info().outputPath('compare.png') });
  // Esc closes the preview first, then clears the selection.
  await expect(page.getByTestId('preview')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('preview')).toHaveCount(0);
  expect((await snapshot(page)).view.selection.length).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  expect((await snapshot(page)).view.selection).toEqual([]);
  expect(errors).toEqual([]);
});
