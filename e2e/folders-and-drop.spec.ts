import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadMiraBestBasic, mirabestImage } from './support/data';
import { snapshot, watchErrors } from './support/app';
import { encode } from 'fast-png';

/** FRI/ and FRII/ subfolders with three real MiraBest cutouts each. */
function classFolders(): string {
  const root = join(tmpdir(), `latent-sky-folders-${process.pid}`);
  const data = loadMiraBestBasic();
  for (const cls of ['FRI', 'FRII']) {
    mkdirSync(join(root, cls), { recursive: true });
    data.labels
      .flatMap((l, i) => (l === cls ? [i] : []))
      .slice(0, 3)
      .forEach((i) => {
        writeFileSync(join(root, cls, `mb${i}.png`), encode({ width: 150, height: 150, data: mirabestImage(data, i), channels: 1, depth: 8 }));
      });
  }
  return root;
}

test('a picked folder labels images by subfolder; files dropped on the page load too', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('folder-input').setInputFiles(classFolders());
  await expect(page.getByTestId('image-count')).toContainText('6 loaded');
  const labels = (await snapshot(page)).images.map((i) => i.label).sort();
  expect(labels).toEqual(['FRI', 'FRI', 'FRI', 'FRII', 'FRII', 'FRII']);

  // A real drop event on the page, carrying two files.
  await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(16, 16);
    canvas.getContext('2d')!.fillRect(4, 4, 8, 8);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'dropped-1.png', { type: 'image/png' }));
    dt.items.add(new File(['not an image'], 'dropped-2.txt', { type: 'text/plain' }));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
  });
  await expect(page.getByTestId('image-count')).toContainText('7 loaded');
  await expect(page.getByTestId('skipped-item')).toContainText('dropped-2.txt');
  expect(errors).toEqual([]);
});
