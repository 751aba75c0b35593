import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { encode } from 'fast-png';
import { FITS_DIR } from './support/data';
import { snapshot, watchErrors } from './support/app';

const HOSTILE = '<img src=x onerror="window.__pwned=1">.png';

/** A valid FITS file whose only HDU holds no data (NAXIS = 0), as catalogue-only files do. */
function noImageFits(): string {
  const cards = ['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    0', 'END'];
  return cards
    .map((c) => c.padEnd(80))
    .join('')
    .padEnd(2880);
}

/** Good and bad files side by side, written fresh for this test. */
function makeFiles(): string[] {
  const dir = join(tmpdir(), `latent-sky-bad-input-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const png = (n: number) => encode({ width: 32, height: 32, data: new Uint8Array(1024).map((_, i) => (i * n) % 256), channels: 1, depth: 8 });
  const fits = readFileSync(
    join(
      FITS_DIR,
      readdirSync(FITS_DIR)
        .filter((f) => f.endsWith('.fits'))
        .sort()[0],
    ),
  );
  const files: Record<string, Uint8Array | string> = {
    'good-1.png': png(1),
    'good-2.png': png(3),
    [HOSTILE]: png(5),
    'notes.txt': 'these are not pixels',
    'corrupt.png': Uint8Array.from([...png(7).subarray(0, 8), ...new Uint8Array(64).fill(9)]),
    'truncated.fits': fits.subarray(0, 40_000),
    'no-image.fits': noImageFits(),
    'empty.png': new Uint8Array(0),
    'labels.csv': `filename,label\ngood-1.png,<b>bold?</b>\ngood-2.png,Spiral\n"${HOSTILE.replace(/"/g, '""')}",Spiral\n`,
  };
  return Object.entries(files).map(([name, body]) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  });
}

test('bad files are listed with reasons while good files load, and names render as text', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(makeFiles());
  await expect(page.getByTestId('image-count')).toContainText('3 loaded');
  await expect(page.getByTestId('skipped-item')).toHaveCount(5);

  const snap = await snapshot(page);
  expect(snap.images.map((i) => i.name).sort()).toEqual([HOSTILE, 'good-1.png', 'good-2.png'].sort());
  const reasons = Object.fromEntries(snap.skipped.map((s) => [s.name, s.reason]));
  expect(reasons['notes.txt']).toMatch(/not a supported image/);
  expect(reasons['corrupt.png']).toMatch(/PNG/);
  expect(reasons['truncated.fits']).toMatch(/truncated FITS/);
  expect(reasons['no-image.fits']).toMatch(/no 2-D image/);
  expect(reasons['empty.png']).toMatch(/empty file/);

  // Labels and names from files are text, never markup.
  await expect(page.getByTestId('legend-item').filter({ hasText: '<b>bold?</b>' })).toHaveCount(1);
  expect(await page.locator('.legend b').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // A model URL that 404s, and one that is not ONNX: clear errors, app still usable.
  await page.route('**/missing.onnx', (r) => r.fulfill({ status: 404, body: 'not found' }));
  await page.route('**/page.onnx', (r) => r.fulfill({ status: 200, body: '<html>hello</html>' }));
  const failures = await page.evaluate(async () => {
    const tryAdd = (url: string) =>
      window.latentSky.addModel({ url, backend: 'wasm' }).then(
        () => 'ok',
        (e: Error) => e.message,
      );
    return [await tryAdd('/missing.onnx'), await tryAdd('/page.onnx')];
  });
  expect(failures[0]).toMatch(/HTTP 404/);
  expect(failures[1]).toMatch(/HTML\/XML page.*not an ONNX model/);
  await expect(page.getByTestId('model-card')).toHaveCount(2);
  await expect(page.locator('[data-testid="model-card"][data-status="error"]')).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath('bad-input.png') });
  expect(errors).toEqual([]);
});
