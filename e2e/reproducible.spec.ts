import { expect, test } from '@playwright/test';
import { mirabestPngs } from './support/data';
import { MODEL_URL, serveTestModel, snapshot } from './support/app';

/** Coordinates by file name, once the projection of `files` (in that order) is done, in a fresh page. */
async function layout(page: import('@playwright/test').Page, files: string[]): Promise<Map<string, number[]>> {
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('image-count')).toContainText(`${files.length} loaded`);
  await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 120_000, intervals: [1000] }).toBe(files.length);
  const snap = await snapshot(page);
  return new Map(snap.images.map((img, i) => [img.name, snap.projections[0].coords.slice(2 * i, 2 * i + 2) as number[]]));
}

// The groundwork of permalinks: the same files give the same layout whatever order they arrive in.
test('the same cutouts dropped in another order, in a new browser context, give the same layout', async ({ browser }) => {
  const files = mirabestPngs(100)
    .files.filter((_, i) => i % 7 === 0)
    .map((f) => f.path);
  const first = await layout(await (await browser.newContext()).newPage(), files);
  const second = await layout(await (await browser.newContext()).newPage(), [...files].reverse());
  expect(first.size).toBe(files.length);
  for (const [name, xy] of first) expect(second.get(name)).toEqual(xy);
});

test('a reload recomputes nothing: embeddings and the layout come from the session cache', async ({ page }) => {
  const files = mirabestPngs(100)
    .files.filter((_, i) => i % 9 === 0)
    .map((f) => f.path);
  const before = await layout(page, files);
  expect((await snapshot(page)).pipelines[0].restored).toBe(0);
  await page.reload();
  const after = await layout(page, files);
  const snap = await snapshot(page);
  expect(snap.pipelines[0]).toMatchObject({ restored: files.length, embedded: files.length, dim: 1280 });
  expect(snap.projections[0].fromCache).toBe(true);
  for (const [name, xy] of before) expect(after.get(name)).toEqual(xy);

  // Clearing the cache makes the next visit compute again.
  await page.getByTestId('storage-panel').locator('summary').click();
  await expect(page.getByTestId('storage-usage')).toContainText('MiB');
  await page.getByTestId('clear-session-cache').click();
  await page.reload();
  await layout(page, files);
  expect((await snapshot(page)).pipelines[0].restored).toBe(0);
});
