import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { mirabestPngs } from './support/data';
import { snapshot, watchErrors } from './support/app';

test('zoomed in, points become their cutouts framed in their class colour; zoomed out, dots again', async ({ page }) => {
  const errors = watchErrors(page);
  const { dir, files } = mirabestPngs(150);
  const csv = join(dir, 'thumbnail-labels.csv');
  writeFileSync(csv, ['filename,label', ...files.map((f) => `${f.name},${f.label}`)].join('\n'));
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...files.map((f) => f.path), csv]);
  await expect(page.getByTestId('image-count')).toContainText(`${files.length} loaded`);
  await page.evaluate(() => window.latentSky.addPixelBaseline());
  await expect.poll(async () => (await snapshot(page)).projections.length, { timeout: 150_000, intervals: [1000] }).toBe(1);
  const panel = page.getByTestId('scatter-panel');
  const plot = panel.locator('.plot');
  await expect(panel.locator('canvas').first()).toBeVisible();

  // 300 points fitted into the panel: too many to show as thumbnails, so dots.
  await page.waitForTimeout(1000);
  await expect(panel.getByTestId('thumbnail-mode')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('dots.png') });

  // Zoom in (mouse wheel at the panel's centre) until the points in view have room for their cutouts.
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(async () => {
    await page.mouse.wheel(0, -400);
    await expect(panel.getByTestId('thumbnail-mode')).toHaveCount(1, { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  const mode = panel.getByTestId('thumbnail-mode');
  expect(Number(await mode.getAttribute('data-count'))).toBeGreaterThan(0);
  expect(Number(await mode.getAttribute('data-size'))).toBeGreaterThanOrEqual(28);
  await page.waitForTimeout(500);
  await page.screenshot({ path: test.info().outputPath('thumbnails.png') });

  // A thumbnail is a point: hovering one shows that image's tooltip. Its place on screen follows
  // from the region the panel shows (its data-camera, world x0, y0, x1, y1).
  const [x0, y0, x1, y1] = (await plot.getAttribute('data-camera'))!.split(',').map(Number);
  const coords = (await snapshot(page)).projections[0].coords as number[];
  const onScreen = (i: number) => ({
    x: box.x + ((coords[2 * i] - x0) / (x1 - x0)) * box.width,
    y: box.y + ((coords[2 * i + 1] - y0) / (y1 - y0)) * box.height,
  });
  const target = files.findIndex((_, i) => {
    const p = onScreen(i);
    return p.x > box.x + 80 && p.x < box.x + box.width - 200 && p.y > box.y + 80 && p.y < box.y + box.height - 80;
  });
  expect(target).toBeGreaterThanOrEqual(0);
  // 20 px off the point's centre: still on its thumbnail, though far beyond its dot.
  await page.mouse.move(onScreen(target).x + 20, onScreen(target).y + 20);
  await expect(page.getByTestId('tooltip')).toBeVisible();

  // Fit: every point in view again, dots.
  await panel.getByRole('button', { name: 'Fit' }).click();
  await expect(panel.getByTestId('thumbnail-mode')).toHaveCount(0);
  expect(errors).toEqual([]);
});
