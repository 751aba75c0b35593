import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { embeddingsFromCsv, embeddingsFromParquet } from '../src/embeddings/lib/embeddingFile';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';
import { labelsCsv, mirabestPngs } from './support/data';

async function download(page: Page, click: () => Promise<void>, to: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  await file.saveAs(to);
  return readFileSync(to);
}

test('the table exports to Parquet and CSV, re-imports as a model with the same embeddings, and figures save as PNG/SVG', async ({ page }, info) => {
  const errors = watchErrors(page);
  const pngs = mirabestPngs(100);
  const files = pngs.files.filter((_, i) => i % 5 === 0);
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...files.map((f) => f.path), labelsCsv(pngs, 'export-labels.csv')]);
  const model = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 120_000 }).toBe(files.length);
  await expect.poll(async () => (await snapshot(page)).probe.results.length, { timeout: 120_000 }).toBeGreaterThan(0);
  const original = new Map((await page.evaluate((p) => window.latentSky.embeddings(p), model.pipelineId)).map((r) => [r.name, r.vector]));

  await page.getByTestId('export-menu').locator('summary').click();
  const parquet = await download(page, () => page.getByTestId('export-parquet').click(), info.outputPath('table.parquet'));
  await page.getByTestId('export-menu').locator('summary').click();
  const csv = await download(page, () => page.getByTestId('export-csv').click(), info.outputPath('table.csv'));
  expect(parquet.subarray(0, 4).toString()).toBe('PAR1');

  // Read back in Node: the same vectors, names and columns.
  const [set] = await embeddingsFromParquet(new Uint8Array(parquet));
  expect([...set.names].sort()).toEqual([...original.keys()].sort());
  set.names.forEach((name, i) => expect(Array.from(set.vectors.subarray(i * set.dim, (i + 1) * set.dim))).toEqual(original.get(name)!.map(Math.fround)));
  const header = csv.toString().split(/\r?\n/)[0].split(',');
  expect(header.slice(0, 5)).toEqual(['name', 'hash', 'label', 'ra_deg', 'dec_deg']);
  expect(header).toEqual(
    expect.arrayContaining([
      'mobilenet_v2_quant_feat1280_default_prep_x',
      'mobilenet_v2_quant_feat1280_default_prep_predicted',
      'mobilenet_v2_quant_feat1280_default_prep_e1279',
    ]),
  );
  expect(embeddingsFromCsv(csv.toString(), 'table')[0].names.length).toBe(files.length);

  // Import the Parquet: a model of its own, whose embeddings are exactly the exported ones.
  await page.getByTestId('import-embeddings').setInputFiles(info.outputPath('table.parquet'));
  const imported = page.getByTestId('model-card').filter({ hasText: '(imported)' });
  await expect(imported).toHaveAttribute('data-status', 'ready');
  await expect.poll(async () => (await snapshot(page)).projections.length, { timeout: 120_000 }).toBe(2);
  const snap = await snapshot(page);
  const importedPipeline = snap.pipelines.find((p) => p.title.includes('imported'))!;
  const back = await page.evaluate((p) => window.latentSky.embeddings(p), importedPipeline.id);
  expect(back.length).toBe(files.length);
  for (const row of back) expect(row.vector).toEqual(original.get(row.name)!.map(Math.fround));

  // A broken file gets a reason, and nothing else changes.
  const broken = join(info.outputPath(), 'broken.parquet');
  writeFileSync(broken, parquet.subarray(0, 100));
  await page.getByTestId('import-embeddings').setInputFiles(broken);
  await expect(page.locator('.import-embeddings').getByRole('alert')).toContainText('not a readable Parquet');

  // Figures: the first panel as PNG, the F1 chart as SVG.
  const png = await download(page, () => page.getByTestId('panel-png').first().click(), info.outputPath('panel.png'));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(10_000);
  const svg = await download(page, () => page.getByRole('button', { name: 'SVG' }).first().click(), info.outputPath('chart.svg'));
  expect(svg.toString()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  writeFileSync(test.info().outputPath('exported-panel.png'), png);
  expect(errors).toEqual([]);
});
