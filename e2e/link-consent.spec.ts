import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { decodeState } from '../src/sharing/lib/linkCodec';
import { MODEL_PATH, mirabestPngs } from './support/data';
import { returningVisitor, snapshot, watchErrors } from './support/app';

const FOREIGN_MODEL = 'http://models.example.org/m.onnx';
const CORS = { 'access-control-allow-origin': '*' };
/** What the link carries is shown as text: a model name with markup in it stays a name. */
const NAME = 'Foreign <img src=x onerror="window.__pwned=1"> MobileNet';

/** Serves the real test model from a foreign host, and records every request that reaches that host. */
async function serveForeignModel(page: Page): Promise<string[]> {
  const requests: string[] = [];
  const body = readFileSync(MODEL_PATH);
  await page.route('http://models.example.org/**', (route) => {
    requests.push(route.request().url());
    return route.fulfill({ body, contentType: 'application/octet-stream', headers: CORS });
  });
  return requests;
}

async function newPage(browser: Browser, baseURL: string): Promise<Page> {
  return (await browser.newContext({ storageState: returningVisitor(baseURL) })).newPage();
}

/** The model card of the model with this name. */
const card = (page: Page, name: string) => page.getByTestId('model-card').filter({ hasText: name });

test('a permalink naming a model on another website asks before fetching it; declined, the rest of the link applies; accepted, the model loads', async ({
  browser,
  baseURL,
}) => {
  // The sender adds a model from a URL themselves (no question asked) and the pixel baseline, and changes settings.
  const a = await newPage(browser, baseURL!);
  const sent = await serveForeignModel(a);
  await a.goto('/');
  await a.evaluate(({ url, name }) => window.latentSky.addModel({ url, backend: 'wasm', name }), { url: FOREIGN_MODEL, name: NAME });
  await a.evaluate(async () => {
    await window.latentSky.addPixelBaseline();
    window.latentSky.setProbe({ seeds: 2 });
  });
  expect(sent.length).toBeGreaterThan(0);
  await expect(a.getByTestId('consent-dialog')).toHaveCount(0);
  // The URL follows the choices (debounced): take it once it carries both models and the settings.
  await expect
    .poll(async () => {
      const decoded = await decodeState(a.url().split('#s=')[1] ?? '');
      return decoded.ok ? `${decoded.state.models.map((m) => m.name).join(', ')}; seeds ${decoded.state.probe.seeds}` : '';
    })
    .toBe(`${NAME}, Pixels (no network); seeds 2`);
  const link = a.url();
  await a.context().close();

  // A recipient who declines: nothing reaches the foreign host, the rest of the link applies, the app works.
  const b = await newPage(browser, baseURL!);
  const errorsB = watchErrors(b);
  const requestsB = await serveForeignModel(b);
  await b.goto(link);
  const dialog = b.getByTestId('consent-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('role', 'alertdialog');
  await expect(b.getByTestId('consent-question')).toHaveText('This link loads a model from models.example.org — load it?');
  await expect(b.getByTestId('consent-host')).toHaveText([`models.example.org model “${NAME}”`]);
  expect(await dialog.locator('img').count()).toBe(0);
  await expect(b.getByTestId('consent-decline')).toBeFocused();
  await b.screenshot({ path: `${test.info().project.outputDir}/consent.png` });
  expect(requestsB).toEqual([]);
  // The settings are applied before the question is answered.
  expect((await snapshot(b)).probe.settings).toMatchObject({ seeds: 2 });
  await b.getByTestId('consent-decline').click();
  await expect(dialog).toHaveCount(0);
  await expect(b.getByTestId('consent-declined')).toContainText('models.example.org');
  await b.screenshot({ path: `${test.info().project.outputDir}/consent-declined.png` });
  await expect(card(b, 'Pixels')).toHaveAttribute('data-status', 'ready');
  expect((await snapshot(b)).models.map((m) => m.name)).toEqual(['Pixels (no network)']);
  const pngs = mirabestPngs(100).files.slice(0, 4);
  await b.getByTestId('file-input').setInputFiles(pngs.map((f) => f.path));
  await expect(b.getByTestId('image-count')).toContainText('4 loaded');
  expect((await snapshot(b)).probe.settings).toMatchObject({ seeds: 2 });
  expect(requestsB).toEqual([]);
  // Changing one's mind: the note loads the declined model after all.
  await b.getByTestId('consent-load-later').click();
  await expect(card(b, 'MobileNet')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(b.getByTestId('consent-declined')).toHaveCount(0);
  expect(requestsB).toEqual([FOREIGN_MODEL]);
  expect(await b.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(errorsB).toEqual([]);
  await b.context().close();

  // A recipient who accepts: only then is the model fetched, and it loads.
  const c = await newPage(browser, baseURL!);
  const errorsC = watchErrors(c);
  const requestsC = await serveForeignModel(c);
  await c.goto(link);
  await expect(c.getByTestId('consent-dialog')).toBeVisible();
  expect(requestsC).toEqual([]);
  await c.getByTestId('consent-load').click();
  await expect(c.getByTestId('consent-dialog')).toHaveCount(0);
  await expect(card(c, 'MobileNet')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(card(c, 'Pixels')).toHaveAttribute('data-status', 'ready');
  expect(requestsC).toEqual([FOREIGN_MODEL]);
  await expect(c.getByTestId('consent-declined')).toHaveCount(0);
  expect(errorsC).toEqual([]);
  await c.context().close();
});

test('a manifest link asks for its host, then again for image hosts the manifest names; declined images can be loaded later', async ({ page }) => {
  const errors = watchErrors(page);
  const pngs = mirabestPngs(100)
    .files.filter((_, i) => i % 25 === 0)
    .slice(0, 6);
  const [local, cdn] = [pngs.slice(0, 3), pngs.slice(3)];
  const manifest = {
    images: [
      ...local.map((f) => ({ url: `cutouts/${f.name}`, label: f.label })),
      ...cdn.map((f) => ({ url: `https://cdn.example.net/cutouts/${f.name}`, label: f.label })),
    ],
  };
  const requests: string[] = [];
  const serve = (prefix: string) => (route: Parameters<Parameters<Page['route']>[1]>[0]) => {
    const url = route.request().url();
    requests.push(url);
    if (url.endsWith('/manifest.json')) return route.fulfill({ json: manifest, headers: CORS });
    const png = pngs.find((f) => url === `${prefix}/cutouts/${f.name}`);
    return png
      ? route.fulfill({ body: readFileSync(png.path), contentType: 'image/png', headers: CORS })
      : route.fulfill({ status: 404, body: 'nope', headers: CORS });
  };
  await page.route('https://remote.example.org/**', serve('https://remote.example.org/first'));
  await page.route('https://cdn.example.net/**', serve('https://cdn.example.net'));
  const manifestUrl = 'https://remote.example.org/first/manifest.json';

  // Declined: nothing is fetched, and the app starts empty and usable.
  await page.goto('/?manifest=' + encodeURIComponent(manifestUrl));
  await expect(page.getByTestId('consent-question')).toHaveText('This link loads a dataset from remote.example.org — load it?');
  await expect(page.getByTestId('consent-host')).toHaveText(['remote.example.org the dataset manifest (manifest.json)']);
  await page.getByTestId('consent-decline').press('Enter');
  await expect(page.getByTestId('consent-declined')).toContainText('remote.example.org');
  await expect(page.getByTestId('image-count')).toContainText('0 loaded');
  expect(requests).toEqual([]);

  // Accepted: the manifest and the images on its own host load; the image host it names is asked about first.
  await page.reload();
  await page.getByTestId('consent-load').click();
  await expect(page.getByTestId('consent-question')).toHaveText(`This dataset loads ${cdn.length} images from cdn.example.net — load them?`);
  await expect(page.getByTestId('consent-host')).toHaveText([`cdn.example.net ${cdn.length} images`]);
  expect(requests.filter((u) => u.startsWith('https://cdn.example.net/'))).toEqual([]);
  await page.getByTestId('consent-decline').click();
  await expect(page.getByTestId('image-count')).toContainText(`${local.length} loaded`);
  const skipped = (await snapshot(page)).skipped;
  expect(skipped.map((s) => s.name).sort()).toEqual(cdn.map((f) => f.name).sort());
  expect(skipped[0].reason).toContain('you chose not to load images from cdn.example.net');
  expect(requests.filter((u) => u.startsWith('https://cdn.example.net/'))).toEqual([]);
  // Loaded later from the note: every image is there and nothing is listed as skipped.
  await page.getByTestId('consent-load-later').click();
  await expect(page.getByTestId('image-count')).toContainText(`${pngs.length} loaded`);
  expect((await snapshot(page)).skipped).toEqual([]);
  expect(requests.filter((u) => u.startsWith('https://cdn.example.net/')).length).toBe(cdn.length);
  expect(errors).toEqual([]);
});
