import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decode } from 'fast-png';
import { adjustedRandIndex } from '../src/clusters/lib/adjustedRand';
import { fitsSample, mirabestPngs } from './support/data';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

/** Pixels that differ between two screenshots of the same size. */
function differingPixels(a: Buffer, b: Buffer): number {
  const [x, y] = [decode(a), decode(b)];
  let count = 0;
  for (let k = 0; k < x.data.length; k += x.channels)
    if (Math.abs(x.data[k] - y.data[k]) + Math.abs(x.data[k + 1] - y.data[k + 1]) + Math.abs(x.data[k + 2] - y.data[k + 2]) > 30) count++;
  return count;
}

test('density clusters per pipeline, compared across MobileNetV2 and the pixels baseline, and selected from a panel', async ({ page }) => {
  const errors = watchErrors(page);
  const fits = fitsSample();
  const pngs = mirabestPngs(50).files;
  const csv = join(mirabestPngs(50).dir, 'cluster-labels.csv');
  writeFileSync(csv, ['filename,label', ...[...pngs, ...fits].filter((f) => f.label).map((f) => `${f.name},${f.label}`)].join('\n'));
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...fits.map((f) => f.path), ...pngs.map((f) => f.path), csv]);
  const n = fits.length + pngs.length;
  await expect(page.getByTestId('image-count')).toContainText(`${n} loaded`);
  await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await page.evaluate(() => window.latentSky.addPixelBaseline());
  await expect.poll(async () => (await snapshot(page)).clusters.length, { timeout: 180_000, intervals: [1000] }).toBe(2);
  const snap = await snapshot(page);

  // Every image is in one cluster or noise; purity is the majority class's share of the labelled members, recomputed here.
  for (const c of snap.clusters) {
    expect(c.clusters.length).toBeGreaterThan(0);
    expect(c.labels.every((l) => l !== null && l >= -1 && l < c.clusters.length)).toBe(true);
    expect(c.noise + c.clusters.reduce((t, k) => t + k.size, 0)).toBe(n);
    for (const k of c.clusters) {
      const classes = snap.images.filter((_, i) => c.labels[i] === k.cluster).flatMap((img) => img.label ?? []);
      const counts = new Map<string, number>();
      classes.forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
      const top = Math.max(...counts.values());
      expect(k.labelled).toBe(classes.length);
      expect(k.purity).toBeGreaterThanOrEqual(0);
      expect(k.purity).toBeLessThanOrEqual(1);
      expect(k.purity).toBeCloseTo(top / classes.length, 12);
      expect(counts.get(k.majorityClass!)).toBe(top);
    }
  }

  // The adjusted Rand index between the two clusterings, recomputed from the labels; a symmetric matrix with 1 on its diagonal.
  expect(snap.clusterAgreement).toHaveLength(1);
  const [pair] = snap.clusterAgreement;
  const labelsOf = (id: string) => snap.clusters.find((c) => c.pipelineId === id)!.labels as number[];
  expect(pair.n).toBe(n);
  expect(Math.abs(pair.ari! - adjustedRandIndex(labelsOf(pair.a), labelsOf(pair.b)))).toBeLessThan(1e-12);
  const cell = (a: string, b: string) => page.getByTestId('ari-table').locator(`td[data-a="${a}"][data-b="${b}"]`);
  await expect(cell(pair.a, pair.a)).toHaveText('1.000');
  await expect(cell(pair.b, pair.b)).toHaveText('1.000');
  await expect(cell(pair.a, pair.b)).toHaveText(pair.ari!.toFixed(3));
  await expect(cell(pair.b, pair.a)).toHaveText(pair.ari!.toFixed(3));
  await expect(page.getByTestId('cluster-count')).toHaveCount(2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('metrics-csv').click()]);
  const [header, ...rows] = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split(/\r?\n/);
  const fields = header.split(',');
  expect(fields.slice(-4).map((f) => f.replace(/_.*/, ''))).toEqual(['clusters', 'cluster', 'ari', 'ari']);
  const ariColumn = fields.length - 2;
  expect(rows.map((r) => Number(r.split(',')[ariColumn]))).toContain(1);

  // Click a cluster under the first panel: exactly its members are selected, in every panel.
  const first = snap.clusters[0];
  const panel = page.locator(`[data-testid="scatter-panel"][data-pipeline="${first.pipelineId}"]`);
  const chips = panel.getByTestId('cluster-chip');
  await expect(chips).toHaveCount(first.clusters.length);
  const pick = first.clusters.length > 1 ? 1 : 0;
  await chips.nth(pick).click();
  const members = snap.images.filter((_, i) => first.labels[i] === pick).map((img) => img.name);
  await expect.poll(async () => (await snapshot(page)).view.selection.sort()).toEqual([...members].sort());
  await expect(page.getByTestId('selection-count')).toHaveText(`${members.length} selected`);
  await expect(chips.nth(pick)).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: test.info().outputPath('clusters.png') });
  await page.getByTestId('compare').screenshot({ path: test.info().outputPath('clusters-ari.png') });
  // The same through the API; a second click on the chip clears the selection.
  await page.evaluate((id) => window.latentSky.selectCluster(id, 0), first.pipelineId);
  expect((await snapshot(page)).view.selection.length).toBe(first.clusters[0].size);
  await chips.nth(0).click();
  expect((await snapshot(page)).view.selection).toEqual([]);

  // Density contours: switched on for every panel, drawn under the points, with a legend entry.
  const plot = panel.locator('.plot');
  const before = await plot.screenshot();
  await page.getByTestId('contours-toggle').check();
  expect((await snapshot(page)).view.showContours).toBe(true);
  await expect(page.getByTestId('contour-legend')).toHaveCount(2);
  await expect.poll(async () => differingPixels(before, await plot.screenshot())).toBeGreaterThan(500);
  await page.screenshot({ path: test.info().outputPath('contours.png') });
  await page.getByTestId('contours-toggle').uncheck();
  await expect(page.getByTestId('contour-legend')).toHaveCount(0);

  // Other settings re-cluster: a larger minimum size gives no more clusters.
  await page.evaluate(() => window.latentSky.setClusterSettings({ minClusterSize: 30 }));
  await expect.poll(async () => (await snapshot(page)).clusters.every((c) => c.minClusterSize === 30)).toBe(true);
  for (const c of (await snapshot(page)).clusters) expect(c.clusters.every((k) => k.size >= 30)).toBe(true);

  // Zoomed in on the edge of a cluster: its label stays inside the panel (pulled in from the edge).
  await page.evaluate(() => window.latentSky.setClusterSettings({}));
  const automatic = new Map(snap.clusters.map((c) => [c.pipelineId, c.minClusterSize]));
  await expect.poll(async () => (await snapshot(page)).clusters.every((c) => c.minClusterSize === automatic.get(c.pipelineId))).toBe(true);
  const plotBox = (await plot.boundingBox())!;
  await page.mouse.move(plotBox.x + plotBox.width * 0.9, plotBox.y + plotBox.height * 0.5);
  const fitted = await plot.getAttribute('data-camera');
  for (let k = 0; k < 3; k++) await page.mouse.wheel(0, -500);
  await expect.poll(() => plot.getAttribute('data-camera')).not.toBe(fitted);
  // Dragged left by half the panel: clusters whose mean leaves the panel keep their label at its left edge.
  await page.mouse.move(plotBox.x + plotBox.width * 0.7, plotBox.y + plotBox.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(plotBox.x + plotBox.width * 0.2, plotBox.y + plotBox.height * 0.6, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(500);
  await plot.screenshot({ path: test.info().outputPath('cluster-labels-zoomed.png') });

  // The cluster settings and the contour switch are what the user chose: a link carries them to another page.
  await page.getByTestId('contours-toggle').check();
  await page.getByTestId('cluster-min-samples').fill('3');
  await page.getByTestId('cluster-min-samples').press('Enter');
  await expect.poll(async () => (await snapshot(page)).clusters.every((c) => c.minSamples === 3)).toBe(true);
  await page.waitForTimeout(1500); // the URL follows the choices after a short debounce
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('contours-toggle')).toBeChecked();
  await expect(other.getByTestId('cluster-min-samples')).toHaveValue('3');
  await other.close();
  expect(errors).toEqual([]);
});
