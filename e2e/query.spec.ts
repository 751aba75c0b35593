import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fitsSample, labelsCsv, mirabestPngs } from './support/data';
import { placeByNeighbours } from '../src/query/lib/placement';
import type { QueryAnswer } from '../src/api';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

const query = (page: Page, path: string, name: string): Promise<QueryAnswer> =>
  page.evaluate(([bytes, n]) => window.latentSky.queryByImage(new File([Uint8Array.from(bytes)], n, { type: 'image/png' }), { k: 8 }), [
    Array.from(readFileSync(path)),
    name,
  ] as const);

// 12 MiraBest FITS and 20 MiraBest PNGs in the set; the query is a MiraBest PNG that is not in it.
test('query by image: neighbours equal a brute-force search of the embeddings, the marker sits at their weighted mean, and the set is unchanged', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const fits = fitsSample();
  const pngs = mirabestPngs(10);
  const outsider = mirabestPngs(12).files.find((f) => !pngs.files.some((p) => p.name === f.name))!;
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...fits.map((f) => f.path), ...pngs.files.map((f) => f.path), labelsCsv(pngs)]);
  await expect(page.getByTestId('image-count')).toContainText('32 loaded');
  await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 150_000, intervals: [1000] }).toBe(32);
  const before = await snapshot(page);
  const pipelineId = before.pipelines[0].id;
  const set = await page.evaluate((id) => window.latentSky.embeddings(id), pipelineId);

  const answer = await query(page, outsider.path, outsider.name);
  expect(answer.pipelines).toHaveLength(1);
  const row = answer.pipelines[0];
  expect(row.error).toBeNull();
  expect(row.vector).toHaveLength(1280);
  // Brute force: cosine distance from the query's embedding to every image's, nearest first.
  const q = row.vector!;
  const norm = (v: number[]) => Math.hypot(...v);
  const brute = set
    .map((r) => ({ name: r.name, distance: 1 - r.vector.reduce((s, x, j) => s + x * q[j], 0) / (norm(r.vector) * norm(q)) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 8);
  expect(row.neighbours.map((n) => n.name)).toEqual(brute.map((n) => n.name));
  row.neighbours.forEach((n, i) => expect(n.distance).toBeCloseTo(brute[i].distance, 5));
  expect(row.neighbours[0].distance).toBeGreaterThan(1e-4); // not in the set

  // The marker: the inverse-distance weighted mean of the 5 nearest neighbours' layout positions.
  const coords = before.projections[0].coords as number[];
  const at = (i: number) => {
    const k = before.images.findIndex((img) => img.name === row.neighbours[i].name);
    return [coords[2 * k], coords[2 * k + 1]] as const;
  };
  const expected = placeByNeighbours(
    row.neighbours.map((n, i) => ({ index: i, distance: n.distance })),
    at,
  )!;
  expect(row.position![0]).toBeCloseTo(expected[0], 4);
  expect(row.position![1]).toBeCloseTo(expected[1], 4);

  // Shown side by side with distances; the query is not in the set, its embeddings or its layout.
  await expect(page.getByTestId('query-row')).toHaveCount(1);
  await expect(page.getByTestId('query-neighbour')).toHaveCount(8);
  await expect(page.getByTestId('query-neighbour').first()).toContainText(row.neighbours[0].distance.toFixed(3));
  const after = await snapshot(page);
  expect(after.images.map((i) => i.name)).toEqual(before.images.map((i) => i.name));
  expect(after.images.some((i) => i.name === outsider.name)).toBe(false);
  expect(after.projections[0].coords).toEqual(before.projections[0].coords);
  expect(await page.evaluate((id) => window.latentSky.embeddings(id).length, pipelineId)).toBe(32);
  await page.screenshot({ path: test.info().outputPath('query-by-image.png') });

  // The same cutout as a set member, under another name, through the file picker: it embeds exactly as
  // the set did (same decode, preprocessing, model input and worker), so its nearest image is that member at distance 0.
  const twin = pngs.files[3];
  await page.getByTestId('query-input').setInputFiles({ name: 'copy-of-a-set-image.png', mimeType: 'image/png', buffer: readFileSync(twin.path) });
  await expect(page.getByTestId('query-panel')).toContainText('copy-of-a-set-image.png');
  await expect(page.getByTestId('query-neighbour')).toHaveCount(8);
  await expect(page.getByTestId('query-neighbour').first()).toHaveAttribute('title', new RegExp(`^${twin.name.replace('.', '\\.')}`));
  await expect(page.getByTestId('query-neighbour').first()).toContainText('0.000');
  expect((await snapshot(page)).images).toHaveLength(32);
  await page.getByTestId('query-clear').click();
  await expect(page.getByTestId('query-row')).toHaveCount(0);
  expect(errors).toEqual([]);
});
