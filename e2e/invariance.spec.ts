import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { encode } from 'fast-png';
import Papa from 'papaparse';
import { fitsSample, mirabestPngs } from './support/data';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

/** 150 × 150 grey, unchanged by a half turn but not by a quarter turn: two unequal blobs placed point-symmetrically. */
function halfTurnSymmetricPng(path: string): void {
  const side = 150;
  const data = new Uint8Array(side * side);
  const blob = (r: number, c: number, r0: number, c0: number, sr: number, sc: number) => Math.exp(-(((r - r0) / sr) ** 2 + ((c - c0) / sc) ** 2) / 2);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      // (r, c) ↦ (149 − r, 149 − c) swaps the two lobes: the image is its own half turn.
      const v = blob(r, c, 45, 60, 8, 20) + blob(r, c, 149 - 45, 149 - 60, 8, 20) + 0.5 * blob(r, c, 74.5, 74.5, 4, 4);
      data[r * side + c] = Math.round(255 * Math.min(1, v));
    }
  }
  writeFileSync(path, encode({ width: side, height: side, data, channels: 1, depth: 8 }));
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

// 30 MiraBest PNGs, the 12 FITS and one synthetic point-symmetric cutout; the real MobileNetV2 and the pixels baseline.
test('orientation invariance: turned copies through each pipeline, numbers, colouring, neighbours and export', async ({ page }) => {
  const errors = watchErrors(page);
  const pngs = mirabestPngs(100).files.filter((_, i) => i % 100 < 15);
  const fits = fitsSample();
  const dir = mirabestPngs(100).dir;
  const symmetric = join(dir, 'symmetric_double.png');
  halfTurnSymmetricPng(symmetric);
  const csv = join(dir, 'invariance-labels.csv');
  writeFileSync(csv, ['filename,label', ...[...pngs, ...fits].filter((f) => f.label).map((f) => `${f.name},${f.label}`)].join('\n'));
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...pngs.map((f) => f.path), ...fits.map((f) => f.path), symmetric, csv]);
  await expect(page.getByTestId('image-count')).toContainText('43 loaded');
  const model = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  const pixels = await page.evaluate(() => window.latentSky.addPixelBaseline());
  await expect
    .poll(
      async () => {
        const s = await snapshot(page);
        return s.projections.length === 2 && !!s.compare && !s.probe.running;
      },
      { timeout: 200_000, intervals: [1000] },
    )
    .toBe(true);
  const before = await snapshot(page);
  const embeddedBefore = await page.evaluate((ids) => ids.map((id) => window.latentSky.embeddings(id)), [model.pipelineId, pixels]);

  // The user sets the sample size and asks for the check; it shows its progress.
  const section = page.getByTestId('invariance');
  await section.getByTestId('invariance-sample').fill('20');
  await section.getByTestId('invariance-sample').press('Enter');
  await section.getByTestId('invariance-run').click();
  await expect(section.getByTestId('invariance-progress')).toBeVisible();
  await expect(section.getByTestId('invariance-progress')).toContainText(/Embedding turned copies: \d+ \/ 40 images × 4|Measuring/);
  await expect.poll(async () => (await snapshot(page)).compare?.invariance.running, { timeout: 200_000, intervals: [1000] }).toBe(false);
  let inv = (await snapshot(page)).compare!.invariance;
  expect(inv.error).toBeNull();
  expect(inv.sampleSize).toBe(20);
  expect(inv.results.map((r) => r.pipelineId)).toEqual([model.pipelineId, pixels]);
  // One seeded sample, the same images for both pipelines (paired).
  expect(inv.results[0].images.map((i) => i.name)).toEqual(inv.results[1].images.map((i) => i.name));
  for (const r of inv.results) {
    expect(r).toMatchObject({ n: 20, references: 43, k: 10, failed: 0, current: true, orientations: ['rot90', 'rot180', 'rot270', 'mirror'] });
    expect(r.images).toHaveLength(20);
    for (const img of r.images) {
      for (const c of img.cosine) expect(c >= -1 && c <= 1).toBe(true);
      for (const k of img.kept) expect(Number.isInteger(k) && k >= 0 && k <= 10).toBe(true);
      expect(img.predicted).toMatch(/^FRI{1,2}$/);
    }
    r.perOrientation.forEach((o, t) => {
      expect(o.meanCosine).toBeCloseTo(mean(r.images.map((i) => i.cosine[t])), 12);
      expect(o.meanKept).toBeCloseTo(mean(r.images.map((i) => i.kept[t])), 12);
      // The flip rate is the share of sampled images whose prediction changed for that copy.
      expect(o.flipRate).toBeCloseTo(mean(r.images.map((i) => (i.predictedTurned[t] !== i.predicted ? 1 : 0))), 12);
    });
  }
  const [net, raw] = inv.results;
  // A real network is far from ignoring orientation, but its turned copies stay closer than unrelated galaxies.
  expect(net.perOrientation.every((o) => o.meanCosine > 0.5 && o.meanCosine < 1)).toBe(true);
  expect(raw.perOrientation.every((o) => o.meanCosine < 1)).toBe(true);

  // The copies went nowhere: same images, embeddings, layouts and probe.
  const after = await snapshot(page);
  expect(after.images).toEqual(before.images);
  expect(after.projections).toEqual(before.projections);
  expect(after.pipelines.map((p) => [p.embedded, p.computed, p.restored])).toEqual(before.pipelines.map((p) => [p.embedded, p.computed, p.restored]));
  expect(after.probe.results).toEqual(before.probe.results);
  expect(await page.evaluate((ids) => ids.map((id) => window.latentSky.embeddings(id)), [model.pipelineId, pixels])).toEqual(embeddedBefore);

  // The table per pipeline, with its legend.
  await expect(section.getByTestId('invariance-table')).toHaveCount(2);
  await expect(section.getByTestId('invariance-table').first().locator('tbody tr')).toHaveCount(5);
  await expect(section.getByTestId('invariance-legend')).toContainText('counter-clockwise');

  // The pixels baseline over every image (the API, another sample size, one pipeline): the
  // point-symmetric cutout is its own half turn, so the copy's embedding is the original's.
  await page.evaluate((id) => window.latentSky.runInvariance({ sampleSize: 100, pipelineIds: [id] }), pixels);
  inv = (await snapshot(page)).compare!.invariance;
  const all = inv.results.find((r) => r.pipelineId === pixels)!;
  expect(all.n).toBe(43);
  const sym = all.images.find((i) => i.name === 'symmetric_double.png')!;
  expect(sym.cosine[1]).toBe(1);
  expect(sym.cosine[0]).toBeLessThan(0.999);
  expect(inv.results.find((r) => r.pipelineId === model.pipelineId)!.n).toBe(20);
  expect(
    await page.evaluate(() =>
      window.latentSky.runInvariance({ sampleSize: 3 }).then(
        () => 'ran',
        (e: Error) => e.message,
      ),
    ),
  ).toMatch(/sample size must be/);

  // Points coloured by their own invariance: a colour bar, images outside the sample grey.
  await page.getByTestId('colour-by').selectOption('invariance');
  const panels = page.getByTestId('scatter-panel');
  await expect(panels.nth(0).getByTestId('colour-bar')).toContainText('orientation invariance');
  await expect(panels.nth(0).getByTestId('colour-bar')).toContainText('23 outside the sample');
  await expect(panels.nth(1).getByTestId('colour-bar')).not.toContainText('outside the sample');
  await page.locator('.panels').screenshot({ path: test.info().outputPath('invariance-colouring.png') });

  // The preview shows each turned copy's nearest neighbours.
  const name = net.images[0].name;
  await page.evaluate(([n, id]) => window.latentSky.preview(n, id), [name, model.pipelineId] as const);
  const rows = page.getByTestId('invariance-neighbour-row');
  await expect(rows).toHaveCount(4);
  for (let t = 0; t < 4; t++) {
    await expect(rows.nth(t).locator('figure')).toHaveCount(11);
    await expect(rows.nth(t).locator('figure.same')).toHaveCount(net.images[0].kept[t]);
  }
  await expect(rows.first()).toContainText(`cosine ${net.images[0].cosine[0].toFixed(3)}`);
  await page.screenshot({ path: test.info().outputPath('invariance-page.png'), fullPage: true });
  await section.screenshot({ path: test.info().outputPath('invariance-tables.png') });
  await page.getByTestId('invariance-neighbours').screenshot({ path: test.info().outputPath('invariance-neighbours.png') });

  // The metrics CSV carries the numbers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('metrics-csv').click()]);
  const table = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8'), { header: true, skipEmptyLines: true }).data;
  expect(Number(table[0].invariance_images)).toBe(20);
  expect(Number(table[1].invariance_images)).toBe(43);
  expect(Number(table[0].invariance_cosine_rot180)).toBe(net.perOrientation[1].meanCosine);
  expect(Number(table[0].invariance_knn10_kept_mirror)).toBe(net.perOrientation[3].meanKept);
  expect(Number(table[0].invariance_probe_flips_rot90)).toBe(net.perOrientation[0].flipRate);

  // Cancel stops a run; the results before it stay.
  await section.getByTestId('invariance-run').click();
  await section.getByTestId('invariance-cancel').click();
  await expect(section).toContainText('Cancelled; nothing of that run was kept.');
  inv = (await snapshot(page)).compare!.invariance;
  expect(inv).toMatchObject({ running: false, cancelled: true, error: null });
  expect(inv.results.map((r) => r.n)).toEqual([20, 43]);
  expect(errors).toEqual([]);
});
