import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FITS_DIR } from './support/data';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

const hasTools = (() => {
  try {
    execFileSync('fpack', ['-V'], { stdio: 'ignore' });
    execFileSync('bzip2', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A MiraBest cutout as fpack (.fits.fz, Rice with dithered quantisation) and bzip2 (.fits.bz2) ship it, made for this test. */
function compressedFiles(): { fz: string; bz2: string; plain: string } {
  const dir = mkdtempSync(join(tmpdir(), 'latent-sky-e2e-compressed-'));
  const [a, b] = readdirSync(FITS_DIR)
    .filter((f) => f.endsWith('.fits'))
    .sort();
  const fzSource = join(dir, a);
  copyFileSync(join(FITS_DIR, a), fzSource);
  execFileSync('fpack', ['-r', '-O', `${fzSource}.fz`, fzSource]);
  const bz2 = join(dir, `${b}.bz2`);
  writeFileSync(bz2, execFileSync('bzip2', ['-c', join(FITS_DIR, b)]));
  return { fz: `${fzSource}.fz`, bz2, plain: join(FITS_DIR, a) };
}

test.skip(!hasTools, 'fpack or bzip2 is not installed (scripts/ensure-fits-references.sh installs them)');

test('a .fits.fz and a .fits.bz2 load as dropped, and the preview shows the image header with its codec', async ({ page }) => {
  const errors = watchErrors(page);
  const files = compressedFiles();
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([files.fz, files.bz2]);
  await expect(page.getByTestId('image-count')).toContainText('2 loaded');
  const snap = await snapshot(page);
  expect(snap.skipped).toEqual([]);
  const fzName = files.fz.split('/').pop()!;
  const fz = snap.images.find((i) => i.name === fzName)!;
  // The WCS comes from the translated image header, as for the uncompressed file.
  expect(fz.ra).toBeCloseTo(10.4509, 4);

  await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await expect.poll(async () => (await snapshot(page)).pipelines.length).toBeGreaterThan(0);
  const pipelineId = (await snapshot(page)).pipelines[0].id;
  await page.evaluate(([name, id]) => window.latentSky.preview(name, id), [fzName, pipelineId] as const);
  // The preview decodes the compressed file again in a worker: its model input is drawn, no error.
  const drawn = await page.getByTestId('preview-model').evaluate(async (canvas: HTMLCanvasElement) => {
    for (let i = 0; i < 200 && canvas.width !== 224; i++) await new Promise((r) => setTimeout(r, 100));
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return data.some((v, i) => i % 4 !== 3 && v > 0);
  });
  expect(drawn).toBe(true);
  await expect(page.locator('.preview [role="alert"]')).toHaveCount(0);
  const viewer = page.getByTestId('header-viewer');
  await expect(page.getByTestId('header-compression')).toHaveText(/tile-compressed, RICE_1/);
  await viewer.locator('summary').click();
  await expect(viewer.locator('tr', { hasText: 'CTYPE1' })).toContainText('RA---TAN');
  await expect(viewer.locator('tr', { hasText: 'BITPIX' })).toContainText('-32');
  await expect(viewer.locator('tr', { hasText: 'TFORM1' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('compressed-fits.png'), fullPage: true });
  expect(errors).toEqual([]);
});
