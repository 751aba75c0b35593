import { expect, test, type Page } from '@playwright/test';
import { MODEL_URL, returningVisitor, serveTestModel, snapshot, watchErrors } from './support/app';
import { labelsCsv, mirabestPngs } from './support/data';

const coordsByName = async (page: Page) => {
  const s = await snapshot(page);
  return new Map(s.images.map((img, i) => [img.name, s.projections[0].coords.slice(2 * i, 2 * i + 2)]));
};
const f1s = async (page: Page) =>
  (await snapshot(page)).probe.results.map((r) => `${r.head} ${JSON.stringify(r.budget)} ${r.macroF1Mean.toFixed(12)} ± ${r.macroF1Std.toFixed(12)}`).sort();

async function waitForResults(page: Page, n: number, probeRows: number) {
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 120_000, intervals: [1000] }).toBe(n);
  await expect.poll(async () => (await snapshot(page)).probe.results.length, { timeout: 120_000, intervals: [1000] }).toBe(probeRows);
}

test('a permalink made in one browser context reproduces the coordinates and the F1 in another', async ({ browser, baseURL }) => {
  const pngs = mirabestPngs(100);
  const csv = labelsCsv(pngs, 'permalink-labels.csv');
  const files = pngs.files.filter((_, i) => i % 3 === 0).map((f) => f.path);

  const a = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
  await serveTestModel(a);
  await a.goto('/');
  await a.getByTestId('file-input').setInputFiles([...files, csv]);
  await a.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await a.evaluate(() => {
    window.latentSky.setUmap({ seed: 7, nNeighbors: 12 });
    window.latentSky.setProbe({
      seeds: 2,
      budgets: [
        { kind: 'fraction', value: 0.5 },
        { kind: 'fraction', value: 1 },
      ],
    });
  });
  await waitForResults(a, files.length, 2);
  // The user zooms into part of the layout: the link carries that framing too.
  const plotA = a.getByTestId('scatter-panel').locator('.plot');
  const fitted = await plotA.getAttribute('data-camera');
  const box = (await plotA.boundingBox())!;
  await a.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await a.mouse.wheel(0, -400);
  await expect.poll(() => plotA.getAttribute('data-camera')).not.toBe(fitted);
  await expect.poll(() => a.url()).toContain('#s=');
  // Let the debounced URL catch up with the last change, then take it as the recipient would.
  await a.waitForTimeout(1000);
  const link = a.url();
  const linkChars = link.split('#s=')[1].length;
  console.log(`permalink: ${linkChars} characters for ${files.length} files, 1 model, UMAP and probe settings`);
  expect(linkChars).toBeLessThan(2048);
  const copied = await a.getByTestId('copy-link').isEnabled();
  expect(copied).toBe(true);
  const [coordsA, f1A] = [await coordsByName(a), await f1s(a)];
  const cameraA = (await plotA.getAttribute('data-camera'))!.split(',').map(Number);

  const b = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
  const errors = watchErrors(b);
  await serveTestModel(b);
  await b.goto(link);
  await expect(b.getByTestId('link-files')).toContainText(`0 of ${files.length} present`);
  await expect(b.getByTestId('model-card')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  expect((await snapshot(b)).probe.settings).toMatchObject({ seeds: 2 });
  await b.getByTestId('file-input').setInputFiles([csv, ...[...files].reverse()]);
  await expect(b.getByTestId('link-banner')).toHaveCount(0);
  await waitForResults(b, files.length, 2);
  const [coordsB, f1B] = [await coordsByName(b), await f1s(b)];
  expect(coordsB.size).toBe(files.length);
  for (const [name, xy] of coordsA) expect(coordsB.get(name)).toEqual(xy);
  expect(f1B).toEqual(f1A);
  // Same viewport, same framed region (the link rounds it to 1/10,000 of its width).
  const cameraB = (await b.getByTestId('scatter-panel').locator('.plot').getAttribute('data-camera'))!.split(',').map(Number);
  cameraB.forEach((v, i) => expect(Math.abs(v - cameraA[i])).toBeLessThan(1e-3 * (cameraA[2] - cameraA[0])));
  console.log(`reproduced ${coordsB.size} coordinates exactly; F1: ${f1B.join(' | ')}`);
  expect(errors).toEqual([]);
});

test('a damaged or hand-edited link gives a clear message and a usable app', async ({ page }) => {
  const errors = watchErrors(page);
  for (const bad of ['#s=not-a-real-link', '#s=' + 'A'.repeat(70_000), '#s=%E2%80%AE<img src=x onerror=alert(1)>']) {
    await page.goto('/' + bad);
    await expect(page.getByTestId('link-banner')).toContainText('could not be opened');
    expect(await page.getByTestId('link-banner').locator('img').count()).toBe(0);
  }
  await page.getByTestId('link-banner').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('link-banner')).toHaveCount(0);
  await expect(page.getByTestId('image-count')).toContainText('0 loaded');
  expect(errors).toEqual([]);
});
