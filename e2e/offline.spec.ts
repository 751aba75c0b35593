import { expect, test } from '@playwright/test';
import { snapshot, watchErrors } from './support/app';
import { fitsSample } from './support/data';

// A first visit, with no saved state.
test.use({ storageState: { cookies: [], origins: [] } });

test('with no network, a first visit embeds the demo sky with the default model and shows the projection', async ({ page }) => {
  const errors = watchErrors(page);
  // Workers' console messages reach the page's: a fallback to plain JavaScript would be silent otherwise.
  const fallbacks: string[] = [];
  page.on('console', (m) => /falls back to JavaScript/.test(m.text()) && fallbacks.push(m.text()));
  const blocked: string[] = [];
  await page.route(
    (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
    (route) => {
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    },
  );
  await page.goto('/');

  await expect(page.getByTestId('demo-notice')).toContainText('synthetic');
  await expect(page.getByTestId('image-count')).toContainText('192 loaded');
  const card = page.getByTestId('model-card');
  await expect(card).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(card).toContainText('MobileNetV2 (ImageNet, via nsfwjs)');

  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 180_000 }).toBe(192);
  const s = await snapshot(page);
  expect(s.models[0]).toMatchObject({ registryId: 'mobilenetv2-nsfwjs', status: 'ready', dim: 1280, embedded: 192 });
  expect(new Set(s.images.map((i) => i.label)).size).toBe(8);
  await expect(page.getByTestId('scatter-panel').getByTestId('legend-item').filter({ hasText: 'FR-II (radio)' })).toHaveCount(1);
  await expect(page.getByTestId('zoo-mobilenetv2-nsfwjs')).toHaveAttribute('data-status', 'ready (offline)');
  await expect(page.getByTestId('zoo-mae-base')).toHaveAttribute('data-status', 'needs a local export');
  await page.screenshot({ path: test.info().outputPath('offline-demo-sky.png') });
  expect(fallbacks, 'the projection ran on onnxruntime, with its graphs served locally').toEqual([]);

  // Real files replace the demo sky rather than mixing with it.
  const real = fitsSample();
  await page.getByTestId('file-input').setInputFiles(real.map((f) => f.path));
  await expect(page.getByTestId('image-count')).toContainText(`${real.length} loaded`);
  await expect(page.getByTestId('demo-notice')).toHaveCount(0);

  // A reload starts empty: only the first visit loads the demo by itself.
  await page.reload();
  await expect(page.getByTestId('image-count')).toContainText('0 loaded');
  expect(errors).toEqual([]);
  console.log(`blocked ${blocked.length} non-local requests`);
});
