import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { MODEL_URL, returningVisitor, serveTestModel, snapshot, watchErrors } from './support/app';
import { mirabestPngs } from './support/data';

const pngs = mirabestPngs(100).files.filter((_, i) => i % 8 === 0);

/** Serves a manifest and its images from a "remote" origin inside the page's network layer. */
async function serveRemote(page: Page) {
  const manifest = {
    images: [
      ...pngs.map((f) => ({ url: `cutouts/${f.name}`, label: f.label, survey: 'FIRST' })),
      { url: 'javascript:alert(1)', label: 'FRI' },
      { url: 'cutouts/missing.png', label: '<img src=x onerror="window.__pwned=1">' },
    ],
  };
  await page.route('https://remote.example.org/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const cors = { 'access-control-allow-origin': '*' };
    if (path === '/first/manifest.json') return route.fulfill({ json: manifest, headers: cors });
    const png = pngs.find((f) => path === `/first/cutouts/${f.name}`);
    return png
      ? route.fulfill({ body: readFileSync(png.path), contentType: 'image/png', headers: cors })
      : route.fulfill({ status: 404, body: 'nope', headers: cors });
  });
}

test('a manifest URL loads a remote dataset, and a link to it reopens with the same layout and no files to drop', async ({ browser, baseURL }) => {
  const a = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
  const errors = watchErrors(a);
  await serveRemote(a);
  await serveTestModel(a);
  await a.goto('/?manifest=' + encodeURIComponent('https://remote.example.org/first/manifest.json'));
  // The manifest is on another website: the link asks first (e2e/link-consent.spec.ts).
  await a.getByTestId('consent-load').click();
  await expect(a.getByTestId('image-count')).toContainText(`${pngs.length} loaded`);
  const skipped = (await snapshot(a)).skipped.map((s) => s.reason).join(' | ');
  expect(skipped).toMatch(/http\(s\)/);
  expect(skipped).toMatch(/HTTP 404/);
  expect((await snapshot(a)).images.find((i) => i.name === pngs[0].name)?.label).toBe(pngs[0].label);
  await a.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await expect.poll(async () => (await snapshot(a)).projections[0]?.n ?? 0, { timeout: 120_000 }).toBe(pngs.length);
  await a.waitForTimeout(1000);
  const link = a.url();
  expect(link).toContain('#s=');
  const coords = (await snapshot(a)).projections[0].coords;
  expect(await a.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  const b = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
  await serveRemote(b);
  await serveTestModel(b);
  await b.goto(link.replace(/\?manifest=[^#]*/, ''));
  await b.getByTestId('consent-load').click();
  await expect(b.getByTestId('image-count')).toContainText(`${pngs.length} loaded`);
  await expect.poll(async () => (await snapshot(b)).projections[0]?.n ?? 0, { timeout: 120_000 }).toBe(pngs.length);
  const byName = async (p: Page) => {
    const s = await snapshot(p);
    return Object.fromEntries(s.images.map((img, i) => [img.name, s.projections[0].coords.slice(2 * i, 2 * i + 2)]));
  };
  expect(await byName(b)).toEqual(await byName(a));
  expect(coords.length).toBe(2 * pngs.length);
  expect(errors).toEqual([]);
});

test('a broken manifest gives a clear message and a usable app', async ({ page }) => {
  const errors = watchErrors(page);
  await page.route('https://remote.example.org/**', (route) =>
    route.fulfill({ body: '<!DOCTYPE html><p>login</p>', contentType: 'text/html', headers: { 'access-control-allow-origin': '*' } }),
  );
  await page.goto('/?manifest=' + encodeURIComponent('https://remote.example.org/bad.json'));
  await page.getByTestId('consent-load').click();
  await expect(page.getByTestId('manifest-error')).toContainText('HTML page');
  await expect(page.getByTestId('image-count')).toContainText('0 loaded');
  expect(errors).toEqual([]);
});
