import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { labelsCsv, mirabestPngs } from './support/data';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

// 100 FR-I + 100 FR-II MiraBest cutouts: MobileNetV2 against the raw-pixels baseline, live.
test('the probe compares a model with the pixels baseline as labels grow', async ({ page }) => {
  const errors = watchErrors(page);
  // The probe workers run the linear head's loss on onnxruntime-web: they fetch its graph and do not fall back to JavaScript.
  const lossGraph = page.waitForResponse((r) => r.url().endsWith('/softmax-loss.onnx') && r.ok(), { timeout: 200_000 });
  const fallbacks: string[] = [];
  page.on('console', (m) => m.text().includes('falls back to JavaScript') && fallbacks.push(m.text()));
  const pngs = mirabestPngs(100);
  const csv = labelsCsv(pngs, 'probe-labels.csv');
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...pngs.files.map((f) => f.path), csv]);
  await expect(page.getByTestId('image-count')).toContainText('200 loaded', { timeout: 60_000 });
  await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await page.getByTestId('add-pixels').click();

  await expect.poll(async () => (await snapshot(page)).probe.results.length, { timeout: 200_000, intervals: [1000] }).toBe(8);
  await lossGraph;
  expect(fallbacks).toEqual([]);
  const snap = await snapshot(page);
  const [model, pixels] = snap.pipelines.map((p) => snap.probe.results.filter((r) => r.pipelineId === p.id));
  expect(model.map((r) => r.budget)).toEqual(['10 %', '30 %', '50 %', '100 %']);
  // 20 % of 200 held out per seed: 160 training images, of which each budget labels a share.
  expect(model.map((r) => r.nTrain)).toEqual([16, 48, 80, 160]);
  for (const r of [...model, ...pixels]) {
    expect(r.macroF1Mean).toBeGreaterThan(0.3);
    expect(r.macroF1Mean).toBeLessThanOrEqual(1);
    expect(r.macroF1Std).toBeGreaterThanOrEqual(0);
  }
  // With every label, the ImageNet network separates FR-I from FR-II better than chance by far.
  expect(model[3].macroF1Mean).toBeGreaterThan(0.65);

  await expect(page.getByTestId('probe-table').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('f1-curve').locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('confusion').locator('svg').first()).toBeVisible();

  // Is the model really better than the pixels? Paired over the default 10 seeds, Holm-corrected.
  expect(snap.probe.settings.seeds).toBe(10);
  expect(snap.probe.comparisons.map((c) => c.budget)).toEqual(['10 %', '30 %', '50 %', '100 %']);
  for (const c of snap.probe.comparisons) {
    expect(c).toMatchObject({ a: snap.pipelines[0].id, b: snap.pipelines[1].id, n: 10, sameImages: true, head: 'linear' });
    expect(c.ciLow!).toBeLessThanOrEqual(c.meanDiff!);
    expect(c.pTHolm!).toBeGreaterThanOrEqual(c.pT!); // one pair: Holm changes nothing, but never lowers p
  }
  await expect(page.getByTestId('probe-comparison')).toHaveCount(1);
  await expect(page.getByTestId('probe-verdict')).toHaveText(/ > .*, p (= 0\.\d{3}|< 0\.001) \(Holm\)$|^no significant difference \(p = [01]\.\d{3}, Holm\)$/);
  await expect(page.getByTestId('probe-comparison-matrix').locator('svg').first()).toBeVisible();
  await page.getByTestId('probe-comparison-matrix').screenshot({ path: test.info().outputPath('probe-paired-matrix.png') });
  await page.getByTestId('probe-comparisons').screenshot({ path: test.info().outputPath('probe-paired-table.png') });

  // Colour the scatter by correctness of the probe's predictions.
  await page.getByTestId('colour-by').selectOption('correct');
  await expect(page.getByTestId('scatter-panel').first().getByTestId('legend-item').first()).toContainText('correct');

  // Changing the protocol re-runs it by itself.
  await page.evaluate(() =>
    window.latentSky.setProbe({
      budgets: [
        { kind: 'perClass', value: 5 },
        { kind: 'perClass', value: 20 },
      ],
      seeds: 3,
    }),
  );
  await expect
    .poll(async () => (await snapshot(page)).probe.results.map((r) => r.budget).join(), { timeout: 120_000 })
    .toBe('5/class,20/class,5/class,20/class');
  expect(
    await page.evaluate(() => {
      try {
        window.latentSky.setProbe({ seeds: 0 });
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    }),
  ).toMatch(/seeds must be/);

  // The numbers for a paper: every pipeline × budget as CSV.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('probe-csv').click()]);
  const csvText = readFileSync((await download.path())!, 'utf8');
  const lines = csvText.trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'pipeline,head,budget,n_train,seeds,macro_f1_mean,macro_f1_std,accuracy_mean,accuracy_std,f1_FRI,f1_FRII,macro_f1_seed1,macro_f1_seed2,macro_f1_seed3',
  );
  expect(lines).toHaveLength(1 + 4);
  expect(lines[1]).toMatch(/,linear,5\/class,10,3,0\.\d{6,}/);
  const [paired] = await Promise.all([page.waitForEvent('download'), page.getByTestId('probe-comparisons-csv').click()]);
  const pairedLines = readFileSync((await paired.path())!, 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(pairedLines[0]).toMatch(/^pipeline_a,pipeline_b,head,budget,seeds,same_images,mean_diff,ci95_low,ci95_high,t,p_t,p_t_holm,wilcoxon_w/);
  expect(pairedLines).toHaveLength(1 + 2);

  // Typed settings apply on Enter; an out-of-range value is refused and the field shows the old one.
  const seeds = page.getByTestId('probe-seeds');
  await seeds.fill('2');
  await seeds.press('Enter');
  await expect.poll(async () => (await snapshot(page)).probe.settings.seeds).toBe(2);
  await seeds.fill('0');
  await seeds.press('Enter');
  await expect(seeds).toHaveValue('2');
  expect((await snapshot(page)).probe.settings.seeds).toBe(2);

  await page.getByTestId('probe').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('probe.png') });
  expect(errors).toEqual([]);
});
