import { expect, test, type Locator, type Page } from '@playwright/test';
import { fitsSample } from './support/data';
import { fitView } from '../src/projection/lib/camera';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

const box = async (l: Locator) => (await l.boundingBox())!;
const focusInDrawer = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('.side-drawer'));

// The 12 MiraBest FITS cutouts, embedded by the real MobileNetV2: clicking a point opens the
// preview beside the plots (never over them), it resizes from the keyboard and Esc closes it.
test('the preview opens beside the panels, which reflow; it resizes and Esc closes it, giving the focus back', async ({ page }) => {
  const errors = watchErrors(page);
  const fits = fitsSample();
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(fits.map((f) => f.path));
  await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 150_000, intervals: [1000] }).toBe(12);
  const snap = await snapshot(page);

  const panel = page.getByTestId('scatter-panel');
  // The workspace column the panels reflow in (here a latent panel and the sky panel: the FITS have positions).
  const workspace = page.locator('.main');
  const before = await box(workspace);
  // Click image 0 where the panel's initial fit puts it.
  const canvas = panel.locator('canvas').first();
  const c = await box(canvas);
  const coords = Float32Array.from(snap.projections[0].coords as number[]);
  const view = fitView(coords, c.width, c.height);
  const scale = 2 ** view.zoom;
  await expect(async () => {
    await page.mouse.click(c.x + c.width / 2 + (coords[0] - view.target[0]) * scale, c.y + c.height / 2 + (coords[1] - view.target[1]) * scale);
    await expect(page.getByTestId('preview')).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(page.getByTestId('preview')).toContainText(snap.images[0].name);
  expect(await focusInDrawer(page)).toBe(true);

  // Nothing covered: the drawer sits right of every panel; the workspace shrank to make room.
  const drawer = page.locator('.side-drawer');
  const d = await box(drawer);
  for (const p of await page.locator('[data-testid="scatter-panel"], [data-testid="sky-panel"]').all()) {
    const b = await box(p);
    expect(b.x + b.width).toBeLessThanOrEqual(d.x);
  }
  const after = await box(workspace);
  expect(after.width).toBeLessThan(before.width - 200);
  expect(d.x + d.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.screenshot({ path: test.info().outputPath('preview-drawer.png') });

  // The separator widens it by 24 px per ←; the workspace gives way.
  const resizer = page.getByRole('separator', { name: /Resize/ });
  await resizer.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect((await box(drawer)).width).toBeCloseTo(d.width + 48, 0);
  await expect.poll(async () => (await box(workspace)).width).toBeCloseTo(after.width - 48, 0);
  await page.mouse.move(d.x - 48, d.y + 200);
  await page.mouse.down();
  await page.mouse.move(d.x - 48 - 150, d.y + 200, { steps: 4 });
  await page.mouse.up();
  expect((await box(drawer)).width).toBeCloseTo(d.width + 48 + 150, 0);

  // Esc closes it and the workspace takes its width back.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('preview')).toHaveCount(0);
  await expect.poll(async () => (await box(workspace)).width).toBeCloseTo(before.width, 0);

  // Opened from the keyboard's place (here through the API), the preview takes the focus, remembers
  // its width, and gives the focus back on Esc.
  const fit = panel.getByRole('button', { name: 'Fit' });
  await fit.focus();
  await page.evaluate(([name, id]) => window.latentSky.preview(name, id), [snap.images[1].name, snap.pipelines[0].id] as const);
  await expect(page.getByTestId('preview')).toContainText(snap.images[1].name);
  expect(await focusInDrawer(page)).toBe(true);
  expect((await box(drawer)).width).toBeCloseTo(d.width + 48 + 150, 0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('preview')).toHaveCount(0);
  await expect(fit).toBeFocused();
  expect(errors).toEqual([]);
});
