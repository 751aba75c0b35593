import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { fitView } from '../src/projection/lib/camera';
import { mirabestPngs } from './support/data';
import { MODEL_URL, returningVisitor, serveTestModel, snapshot, watchErrors } from './support/app';

/** The probe's numbers, full precision, per pipeline (by model name), head and budget. */
async function f1s(page: Page): Promise<string[]> {
  const s = await snapshot(page);
  const model = (id: string) => s.models.find((m) => m.id === s.pipelines.find((p) => p.id === id)?.modelId)?.name;
  return s.probe.results
    .map((r) => `${model(r.pipelineId)} ${r.head} ${r.budget} ${r.macroF1Mean.toFixed(12)} ± ${r.macroF1Std.toFixed(12)} n=${r.nTrain}`)
    .sort();
}
/** The probe has results for every pipeline, made from the present labels, and is not running. */
async function settled(page: Page): Promise<boolean> {
  const { probe, pipelines } = await snapshot(page);
  return (
    !probe.running &&
    probe.results.length > 0 &&
    probe.results.every((r) => r.current) &&
    new Set(probe.results.map((r) => r.pipelineId)).size === pipelines.length
  );
}
const labels = async (page: Page) => Object.fromEntries((await snapshot(page)).images.map((i) => [i.name, i.label]));

/** Each class's swatch colour in the data panel's legend (and, per class, every legend's). */
const legendColours = (page: Page) =>
  page
    .getByTestId('legend')
    .first()
    .getByTestId('legend-item')
    .evaluateAll((items) =>
      Object.fromEntries(items.map((li) => [li.querySelector('.legend-name')!.textContent, getComputedStyle(li.querySelector('.swatch')!).borderColor])),
    );

/** Screen position of image `i` in panel `p`, from the panel's fit of its layout. */
async function screenOf(page: Page, p: number, coords: number[], i: number) {
  const box = (await page.getByTestId('scatter-panel').nth(p).locator('.plot').boundingBox())!;
  const view = fitView(Float32Array.from(coords), box.width, box.height);
  const s = 2 ** view.zoom;
  return { x: box.x + box.width / 2 + (coords[2 * i] - view.target[0]) * s, y: box.y + box.height / 2 + (coords[2 * i + 1] - view.target[1]) * s };
}

async function drag(page: Page, points: [number, number][]) {
  await page.mouse.move(...points[0]);
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...p, { steps: 6 });
  await page.mouse.up();
}

test('the labelling loop on real cutouts: box, lasso, click and queue labels, undo, the probe follows, a reload and a link keep them', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(600_000);
  // 40 real MiraBest cutouts (20 FRI, 20 FRII), dropped without labels: every label is made in the app.
  const pngs = mirabestPngs(100).files.filter((_, i) => i % 5 === 0);
  const truth = new Map(pngs.map((f) => [f.name, f.label]));
  const context = await browser.newContext({ storageState: returningVisitor(baseURL!) });
  const a = await context.newPage();
  const errors = watchErrors(a);
  await serveTestModel(a);
  await a.goto('/');
  await a.getByTestId('file-input').setInputFiles(pngs.map((f) => f.path));
  await expect(a.getByTestId('image-count')).toContainText('40 loaded', { timeout: 120_000 });
  await a.evaluate(async (url) => {
    window.latentSky.setProbe({ seeds: 3, budgets: [{ kind: 'fraction', value: 1 }] });
    await window.latentSky.addModel({ url, backend: 'wasm' });
    await window.latentSky.addPixelBaseline();
  }, MODEL_URL);
  await expect.poll(async () => (await snapshot(a)).projections.filter((p) => p.n === 40).length, { timeout: 150_000, intervals: [1000] }).toBe(2);
  expect(Object.values(await labels(a)).every((l) => l === null)).toBe(true);
  await expect(a.getByTestId('queue-empty')).toContainText('Label images of two classes');

  // Six of each class through the API: the probe runs on the labels made in the app.
  const seed = [...pngs.filter((f) => f.label === 'FRI').slice(0, 6), ...pngs.filter((f) => f.label === 'FRII').slice(0, 6)];
  for (const cls of ['FRI', 'FRII']) {
    await a.evaluate(
      ([names, label]) => window.latentSky.assignLabels(names as string[], label as string),
      [seed.filter((f) => f.label === cls).map((f) => f.name), cls],
    );
  }
  await expect.poll(() => settled(a), { timeout: 120_000, intervals: [500] }).toBe(true);
  const f1Seeded = await f1s(a);

  // The queues propose unlabelled images; a click on the first "least sure" entry selects and previews it.
  await expect.poll(async () => (await a.evaluate(() => window.latentSky.labelQueues(5))).uncertain.length, { timeout: 60_000 }).toBe(5);
  const queues = await a.evaluate(() => window.latentSky.labelQueues(28));
  expect(queues.uncertain).toHaveLength(28);
  expect(queues.uncertain.every((e) => !seed.some((f) => f.name === e.name))).toBe(true);
  expect(queues.uncertain.map((e) => e.score)).toEqual([...queues.uncertain.map((e) => e.score)].sort((x, y) => y - x));
  await expect.poll(async () => (await a.evaluate(() => window.latentSky.labelQueues(5))).disagreement.length, { timeout: 60_000 }).toBe(5);
  const first = a.getByTestId('queue-uncertain').getByTestId('queue-entry').first();
  const queued = (await first.getAttribute('data-name'))!;
  expect(queued).toBe(queues.uncertain[0].name);
  await first.click();
  await expect(a.getByTestId('preview')).toBeVisible();
  await expect(a.getByTestId('selection-count')).toHaveText('1 selected');
  await a
    .getByTestId('label-bar')
    .locator(`[data-testid="label-as"][data-class="${truth.get(queued)}"]`)
    .click();
  expect((await labels(a))[queued]).toBe(truth.get(queued));
  await expect(a.getByTestId('queue-uncertain').locator(`[data-name="${queued}"]`)).toHaveCount(0);
  await a.screenshot({ path: test.info().outputPath('labelling-queue-click.png') });
  // Esc closes the preview (it covers the lower part of the panels).
  await a.locator('h1').click();
  await a.keyboard.press('Escape');
  await expect(a.getByTestId('preview')).toHaveCount(0);

  // One click on an unlabelled point in the MobileNetV2 panel selects it; its class is one key more.
  const snap = await snapshot(a);
  const coords = snap.projections.find((p) => p.modelId === snap.models[0].id)!.coords as number[];
  const room = (i: number) =>
    Math.min(...snap.images.map((_, j) => (j === i ? Infinity : Math.hypot(coords[2 * i] - coords[2 * j], coords[2 * i + 1] - coords[2 * j + 1]))));
  // Away from the edges and the legend (top right), where the click would miss the plot.
  const inner = (i: number) =>
    [0, 1].every((d) => {
      const v = coords.filter((_, k) => k % 2 === d);
      const f = (coords[2 * i + d] - Math.min(...v)) / (Math.max(...v) - Math.min(...v) || 1);
      return f > 0.15 && f < (d === 0 ? 0.6 : 0.85);
    });
  const target = snap.images
    .map((_, i) => i)
    .filter((i) => snap.images[i].label === null && inner(i))
    .sort((i, j) => room(j) - room(i))[0];
  const name = snap.images[target].name;
  const panel = snap.pipelines.findIndex((p) => p.modelId === snap.models[0].id);
  await expect(async () => {
    const { x, y } = await screenOf(a, panel, coords, target);
    await a.mouse.click(x, y);
    expect((await snapshot(a)).view.selection).toEqual([name]);
  }).toPass({ timeout: 60_000 });
  // Its class by key: 1–9 are the label bar's classes in order.
  const keyed = await a
    .getByTestId('label-bar')
    .getByTestId('label-as')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-class')));
  await a.keyboard.press(String(keyed.indexOf(truth.get(name)!) + 1));
  expect((await labels(a))[name]).toBe(truth.get(name));
  // The probe re-runs by itself with the 14 labels, and its numbers move.
  await expect.poll(() => f1s(a), { timeout: 120_000, intervals: [500] }).not.toEqual(f1Seeded);
  // Settled: the probe re-runs 400 ms after the last label change, so a result of the 13 labels can
  // stand idle for a moment before the 14-label run starts; wait for results of the present labels.
  await expect.poll(() => settled(a), { timeout: 120_000, intervals: [500] }).toBe(true);
  const labelsBefore = await labels(a);
  const f1Before = await f1s(a);
  const coloursBefore = await legendColours(a);
  expect(Object.keys(coloursBefore)).toEqual(['FRI', 'FRII', '(unlabelled)']);

  // Box over the left part of the panel: a new class, typed (refused when empty; HTML stays text).
  const plot = a.getByTestId('scatter-panel').nth(panel);
  const box = (await plot.locator('.plot').boundingBox())!;
  await plot.getByTestId('tool-box').click();
  await drag(a, [
    [box.x + box.width * 0.02, box.y + box.height * 0.02],
    [box.x + box.width * 0.5, box.y + box.height * 0.98],
  ]);
  const boxed = (await snapshot(a)).view.selection;
  expect(boxed.length).toBeGreaterThan(2);
  await expect(a.getByTestId('label-bar')).toContainText(`Label ${boxed.length} selected as`);
  await a.getByTestId('new-class').fill('   ');
  await a.getByTestId('assign-new-class').click();
  await expect(a.getByTestId('label-error')).toContainText('a class name cannot be empty');
  await a.getByTestId('new-class').fill('<i>odd</i>');
  await a.getByTestId('new-class').press('Enter');
  const boxedLabels = await labels(a);
  for (const n of boxed) expect(boxedLabels[n]).toBe('<i>odd</i>');
  await expect(a.getByTestId('legend').first()).toContainText('<i>odd</i>');
  expect(await a.getByTestId('legend').first().locator('i').count()).toBe(0);
  // The new class sorts first in the legend but takes the next free colour: no other class changes colour.
  const coloursWithNew = await legendColours(a);
  expect(Object.keys(coloursWithNew)[0]).toBe('<i>odd</i>');
  expect(coloursWithNew).toMatchObject(coloursBefore);
  expect(Object.values(coloursBefore)).not.toContain(coloursWithNew['<i>odd</i>']);
  // Its key is the next one: the others keep theirs.
  const keys = await a
    .getByTestId('label-bar')
    .getByTestId('label-as')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-class')));
  expect(keys).toEqual([...keyed, '<i>odd</i>']);
  await a.screenshot({ path: test.info().outputPath('labelling-box.png') });
  await expect.poll(() => f1s(a), { timeout: 120_000, intervals: [500] }).not.toEqual(f1Before);

  // Ctrl+Z undoes the box's class: labels and probe numbers return exactly; Redo and the Undo button agree.
  await a.locator('h1').click();
  await a.keyboard.press('Control+z');
  expect(await labels(a)).toEqual(labelsBefore);
  await expect.poll(() => f1s(a), { timeout: 120_000, intervals: [500] }).toEqual(f1Before);
  await a.getByTestId('redo-label').first().click();
  expect(await labels(a)).toEqual(boxedLabels);
  await a.getByTestId('undo-label').first().click();
  expect(await labels(a)).toEqual(labelsBefore);

  // Lasso in the pixels panel, "No label", and undone again.
  const other = a.getByTestId('scatter-panel').nth(1 - panel);
  const box2 = (await other.locator('.plot').boundingBox())!;
  await other.getByTestId('tool-lasso').click();
  await drag(
    a,
    (
      [
        [0.1, 0.1],
        [0.9, 0.2],
        [0.5, 0.9],
        [0.1, 0.1],
      ] as const
    ).map(([fx, fy]) => [box2.x + box2.width * fx, box2.y + box2.height * fy] as [number, number]),
  );
  const lassoed = (await snapshot(a)).view.selection;
  expect(lassoed.length).toBeGreaterThan(0);
  await a.getByTestId('remove-label').click();
  const removed = await labels(a);
  for (const n of lassoed) expect(removed[n]).toBeNull();
  await a.locator('h1').click();
  await a.keyboard.press('Control+z');
  expect(await labels(a)).toEqual(labelsBefore);
  await expect.poll(() => f1s(a), { timeout: 120_000, intervals: [500] }).toEqual(f1Before);
  await a.screenshot({ path: test.info().outputPath('labelling-queues.png') });

  // Export → Labels as CSV: every label in use, as filename,label.
  await a.getByTestId('export-menu').locator('summary').click();
  const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('export-labels').click()]);
  const exported = Papa.parse<{ filename: string; label: string }>(readFileSync(await download.path(), 'utf8'), { header: true, skipEmptyLines: true });
  expect(exported.meta.fields).toEqual(['filename', 'label']);
  expect(Object.fromEntries(exported.data.map((r) => [r.filename, r.label]))).toEqual(
    Object.fromEntries(Object.entries(labelsBefore).filter(([, l]) => l !== null)),
  );

  // The link carries the labels; take it once the debounced URL has caught up.
  await a.waitForTimeout(1500);
  const link = a.url();
  expect(link).toContain('#s=');

  // A reload without the link: the labels come back from IndexedDB when the same files are dropped.
  await a.goto('/');
  await expect(a.getByTestId('image-count')).toContainText('0 loaded');
  await a.getByTestId('file-input').setInputFiles([...pngs.map((f) => f.path)].reverse());
  await expect(a.getByTestId('image-count')).toContainText('40 loaded', { timeout: 120_000 });
  await expect.poll(() => labels(a)).toEqual(labelsBefore);
  expect(await legendColours(a)).toEqual(coloursBefore);

  // Another browser context opens the link, drops the same files: same labels, same probe numbers.
  const b = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
  const errorsB = watchErrors(b);
  await serveTestModel(b);
  await b.goto(link);
  await b.getByTestId('file-input').setInputFiles([...pngs.map((f) => f.path)].reverse());
  await expect(b.getByTestId('image-count')).toContainText('40 loaded', { timeout: 120_000 });
  await expect.poll(() => labels(b)).toEqual(labelsBefore);
  expect(await legendColours(b)).toEqual(coloursBefore);
  await expect.poll(() => f1s(b), { timeout: 150_000, intervals: [1000] }).toEqual(f1Before);
  console.log(
    `labelling: ${Object.values(labelsBefore).filter(Boolean).length} labels made in the app; F1 ${f1Before.join(' | ')}; link ${link.split('#s=')[1].length} characters`,
  );
  expect(errors).toEqual([]);
  expect(errorsB).toEqual([]);
});
