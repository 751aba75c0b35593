import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parquetReadObjects } from 'hyparquet';
import { fitView } from '../src/projection/lib/camera';
import { makeSurvey, MODEL } from '../test/cli/support/survey';
import { datasetParquet } from '../test/embeddings/support/datasetParquet';
import type { ExportColumn } from '../src/export/lib/exportTable';
import { mulberry32 } from '../test/support/seeded';
import { seededSample } from '../src/shared/lib/random';
import { returningVisitor, snapshot, watchErrors } from './support/app';

/**
 * What the cluster made, opened in the browser: the CLI (embed --thumbnails in two shards, merge,
 * project) over 40 MiraBest PNGs, the 12 FITS and two broken files, then the projected Parquet
 * opened in the app by a drop and by ?dataset=<url> from another website.
 */
const ROOT = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'latent-sky-dataset-e2e-'));
const survey = makeSurvey(40, out);
const cli = (...args: string[]) => execFileSync(process.execPath, [join(ROOT, 'src/cli/latent-sky.mjs'), ...args], { cwd: ROOT, stdio: 'pipe' });
let projected: Uint8Array;
let expected: Map<string, [number, number]>;

test.describe('what latent-sky made', () => {
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    const run = join(out, 'run');
    for (const shard of ['0/2', '1/2'])
      cli(
        'embed',
        '--input',
        survey.root,
        '--labels',
        survey.labelsCsv,
        '--model',
        MODEL,
        '--out',
        run,
        '--shard',
        shard,
        '--threads',
        '1',
        '--thumbnails',
        '64',
      );
    cli('merge', run);
    cli('project', join(run, 'merged.parquet'));
    projected = new Uint8Array(readFileSync(join(run, 'merged.projected.parquet')));
    const rows = (await parquetReadObjects({
      file: projected.buffer.slice(projected.byteOffset, projected.byteOffset + projected.byteLength) as ArrayBuffer,
    })) as {
      name: string;
      projection_x: number;
      projection_y: number;
    }[];
    expected = new Map(rows.map((r) => [r.name, [r.projection_x, r.projection_y]]));
  });
  test.afterAll(() => rmSync(out, { recursive: true, force: true }));

  /** One point per row, at the coordinates `latent-sky project` wrote (the app keeps them as float32). */
  async function expectTheRows(page: Page): Promise<void> {
    await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 60_000 }).toBe(survey.images.length);
    const snap = await snapshot(page);
    expect(snap.images).toHaveLength(survey.images.length);
    expect(snap.projections).toHaveLength(1);
    expect(snap.projections[0].imported).toBe(true);
    expect(new Set(snap.images.map((i) => i.name))).toEqual(new Set(expected.keys()));
    snap.images.forEach((img, i) => {
      const [x, y] = expected.get(img.name)!;
      expect([snap.projections[0].coords[2 * i], snap.projections[0].coords[2 * i + 1]]).toEqual([Math.fround(x), Math.fround(y)]);
    });
    await expect(page.getByTestId('imported-projection')).toBeVisible();
  }

  /** Hovers points until one shows its tooltip: the thumbnail is the row's PNG, at most 64 px. */
  async function expectThumbnail(page: Page): Promise<void> {
    const snap = await snapshot(page);
    const coords = Float32Array.from(snap.projections[0].coords as number[]);
    const box = (await page.getByTestId('scatter-panel').locator('canvas').first().boundingBox())!;
    const view = fitView(coords, box.width, box.height);
    const scale = 2 ** view.zoom;
    await expect(async () => {
      for (let i = 0; i < snap.images.length; i += 7) {
        await page.mouse.move(
          box.x + box.width / 2 + (coords[2 * i] - view.target[0]) * scale,
          box.y + box.height / 2 + (coords[2 * i + 1] - view.target[1]) * scale,
        );
        if (await page.getByTestId('tooltip-thumb').isVisible()) break;
      }
      const size = await page
        .getByTestId('tooltip-thumb')
        .evaluate((img: HTMLImageElement) => (img.complete ? Math.max(img.naturalWidth, img.naturalHeight) : 0));
      expect(size).toBe(64);
    }).toPass({ timeout: 30_000 });
  }

  test('a dataset made by latent-sky, dropped on the page: one point per row at the CLI’s coordinates, thumbnails, and the probe runs', async ({
    browser,
    baseURL,
  }) => {
    const page = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
    const errors = watchErrors(page);
    await page.goto('/');
    await page.evaluate((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'merged.projected.parquet'));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, Array.from(projected));
    await expectTheRows(page);
    await expect(page.getByTestId('dataset-status')).toContainText(`${survey.images.length} rows`);
    await expect(page.getByTestId('dataset-status')).toContainText('1280-d');
    await expectThumbnail(page);
    await page.screenshot({ path: test.info().outputPath('dataset-dropped.png') });
    // The embeddings feed the probe (folder and CSV labels: FRI, FRII, hybrid).
    await expect.poll(async () => (await snapshot(page)).probe.results.length, { timeout: 200_000, intervals: [1000] }).toBeGreaterThan(0);
    const snap = await snapshot(page);
    expect(snap.pipelines[0].embedded).toBe(survey.images.length);
    expect(snap.probe.results.every((r) => r.macroF1Mean > 0 && r.macroF1Mean <= 1)).toBe(true);
    expect(errors).toEqual([]);
  });

  test('?dataset=<url> on another website asks first, then opens the same rows; a bad file gets a clear error', async ({ browser, baseURL }) => {
    const page = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
    const errors = watchErrors(page);
    const requested: string[] = [];
    await page.route('https://data.example.org/**', (route) => {
      requested.push(route.request().url());
      const cors = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };
      const path = new URL(route.request().url()).pathname;
      if (path === '/run1/merged.projected.parquet') return route.fulfill({ body: Buffer.from(projected), headers: cors });
      return route.fulfill({ body: 'this is not parquet', headers: cors });
    });
    await page.goto('/?dataset=' + encodeURIComponent('https://data.example.org/run1/merged.projected.parquet'));
    await expect(page.getByTestId('consent-dialog')).toContainText('data.example.org');
    expect(requested).toEqual([]);
    await page.getByTestId('consent-load').click();
    await expectTheRows(page);

    await page.evaluate(() => window.latentSky.openDataset('https://data.example.org/run1/broken.parquet'));
    await expect(page.getByTestId('dataset-error')).toContainText(/broken\.parquet: not a readable Parquet file/);
    // A refused file changes nothing.
    expect((await snapshot(page)).images).toHaveLength(survey.images.length);
    expect(errors).toEqual([]);
  });
});

/**
 * A synthetic dataset of `n` rows in 10 contiguous clusters (rows 0–n/10 are cluster 0, …), each
 * with a 768-d embedding near its cluster's centre and coordinates around a circle; with
 * `shiftedNeighbours`, an Embedding Atlas `neighbors` column whose lists are deliberately not the
 * cosine neighbours: row i lists itself, then rows i + n/2, i + n/2 + 1, … (another cluster).
 * The embedding is 768-d unless `dim` says otherwise.
 */
function syntheticDataset(n: number, shiftedNeighbours: boolean, dim = 768): Buffer {
  const rand = mulberry32(7);
  const centres = Array.from({ length: 10 }, () => Float32Array.from({ length: dim }, () => rand() * 2 - 1));
  const cluster = (i: number) => Math.floor((i * 10) / n);
  const names = Array.from({ length: n }, (_, i) => `row_${String(i).padStart(5, '0')}.png`);
  const columns: ExportColumn[] = [
    { name: 'name', kind: 'string', values: names },
    { name: 'label', kind: 'string', values: names.map((_, i) => `class ${cluster(i)}`) },
    { name: 'projection_x', kind: 'float', values: names.map((_, i) => 10 * Math.cos((2 * Math.PI * cluster(i)) / 10) + rand()) },
    { name: 'projection_y', kind: 'float', values: names.map((_, i) => 10 * Math.sin((2 * Math.PI * cluster(i)) / 10) + rand()) },
    { name: 'embedding', kind: 'vector', values: names.map((_, i) => Float32Array.from(centres[cluster(i)], (v) => v + (rand() - 0.5) * 0.3)) },
  ];
  const lists = shiftedNeighbours
    ? names.map((_, i) => {
        const ids = [i, ...Array.from({ length: 10 }, (_, k) => (i + n / 2 + k + 1) % n)];
        return { ids, distances: ids.map((_, k) => k / 10) };
      })
    : undefined;
  return Buffer.from(datasetParquet(columns, lists, 1000));
}

/** Picks a file through *Open dataset…* (its bytes go to the page as a file, not as a JS array). */
async function pickFile(page: Page, buffer: Buffer, name: string): Promise<void> {
  await page.getByTestId('dataset-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

test('a file with Embedding Atlas’s neighbors column, read in the dataset worker: the neighbour lists are the file’s, not recomputed', async ({
  browser,
  baseURL,
}) => {
  const n = 2000;
  const page = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
  const errors = watchErrors(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('/');
  await pickFile(page, syntheticDataset(n, true), 'atlas.parquet');
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 60_000 }).toBe(n);
  expect(workers.some((u) => /dataset\.worker/.test(u))).toBe(true);
  await expect(page.getByTestId('dataset-status')).toContainText('neighbour lists: neighbors (11 per row, from the file)', { timeout: 60_000 });
  await expect(page.getByTestId('dataset-status')).toContainText('embedding: embedding, 768-d', { timeout: 60_000 });
  const snap = await snapshot(page);
  const query = 10;
  await page.evaluate(([name, id]) => window.latentSky.preview(name, id), [snap.images[query].name, snap.pipelines[0].id] as const);
  const row = page.getByTestId('neighbour-row');
  await expect(row).toHaveAttribute('data-source', 'file');
  await expect(row).toContainText("the file's neighbour lists");
  // The file's lists (itself left out), in the file's order: rows 1011…1018, another cluster than
  // the cosine neighbours the app would have computed from the embedding (rows 0–199).
  const expected = Array.from({ length: 8 }, (_, k) => `row_${String(query + n / 2 + k + 1).padStart(5, '0')}.png`);
  await expect.poll(() => row.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))).toEqual(expected);
  await page.screenshot({ path: test.info().outputPath('dataset-neighbours.png') });
  expect(errors).toEqual([]);
});

test('Cancel while a dataset is being opened changes nothing: the dataset shown before stays', async ({ browser, baseURL }) => {
  const n = 2000;
  const bytes = syntheticDataset(n, false);
  const page = await (await browser.newContext({ storageState: returningVisitor(baseURL!) })).newPage();
  const errors = watchErrors(page);
  await page.goto('/');
  await pickFile(page, bytes, 'first.parquet');
  await expect(page.getByTestId('dataset-status')).toContainText('embedding: embedding, 768-d', { timeout: 60_000 });
  const shown = await snapshot(page);
  // The next opening's reader worker is held back, so the opening is under way when Cancel is pressed.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/dataset.worker*', async (route) => {
    await held;
    await route.continue();
  });
  const secondWorkerClosed = new Promise<void>((resolve) => page.on('worker', (w) => /dataset\.worker/.test(w.url()) && w.on('close', () => resolve())));
  await pickFile(page, bytes, 'second.parquet');
  await expect(page.getByTestId('dataset-progress')).toContainText('Opening second.parquet');
  await page.screenshot({ path: test.info().outputPath('dataset-opening.png') });
  await page.getByTestId('dataset-cancel').click();
  release();
  await expect(page.getByTestId('dataset-progress')).toHaveCount(0);
  await expect(page.getByTestId('dataset-status')).toContainText('first.parquet: 2,000 rows');
  // The worker, once loaded, is ended without reading anything into the session: the first dataset's rows stay.
  await secondWorkerClosed;
  const after = await snapshot(page);
  expect(after.images).toHaveLength(shown.images.length);
  expect(after.pipelines.map((p) => p.id)).toEqual(shown.pipelines.map((p) => p.id));
  expect(errors).toEqual([]);
});

test('above the rows the tab holds every embedding of: a seeded sample for the probe and metrics, and a clicked point’s vector read from the file', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  // 3,000 rows with the threshold lowered to 1,000 (the test-only ?bench&datasetDetailRows knob; 250,000 in the app): a sample of 1,000 rows.
  const n = 3000;
  const page = await (await browser.newContext({ storageState: returningVisitor(baseURL!), viewport: { width: 1400, height: 1000 } })).newPage();
  const errors = watchErrors(page);
  await page.goto('/?bench&datasetDetailRows=1000');
  await pickFile(page, syntheticDataset(n, false, 64), 'survey.parquet');
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 60_000 }).toBe(n);
  const status = page.getByTestId('dataset-status');
  await expect(status).toContainText('embedding: embedding, 64-d, of a seeded sample of 1,000 of 3,000 rows', { timeout: 60_000 });
  await expect(status).toContainText('the probe and metrics run on the sample');
  await expect(page.getByTestId('dataset-progress')).toHaveCount(0);

  // The probe and the metrics run, on the sample only, and say so.
  await expect(page.getByTestId('probe').getByTestId('sample-note')).toHaveText(/Trained and tested on a seeded sample of 1,000 of 3,000 rows/);
  await expect.poll(async () => (await snapshot(page)).probe.results.length, { timeout: 180_000 }).toBeGreaterThan(0);
  const probe = (await snapshot(page)).probe.results;
  expect(Math.max(...probe.map((r) => r.nTrain))).toBeLessThan(1000);
  await expect.poll(async () => (await snapshot(page)).compare?.n ?? 0, { timeout: 120_000 }).toBe(1000);
  await expect(page.getByTestId('compare').getByTestId('sample-note')).toHaveText(/Measured on a seeded sample of 1,000 of 3,000 rows/);

  // A point outside the sample: its vector is read from the file, and its neighbours are computed among the rows held.
  const sample = new Set(seededSample(n, 1000, 1));
  const query = Array.from({ length: n }, (_, i) => i).find((i) => !sample.has(i) && i % 300 === 150)!;
  const snap = await snapshot(page);
  const name = `row_${String(query).padStart(5, '0')}.png`;
  await page.evaluate(([q, id]) => window.latentSky.preview(q, id), [name, snap.pipelines[0].id] as const);
  await expect(page.getByTestId('dataset-demand')).toContainText(`read on demand: the embedding of row ${query + 1}`, { timeout: 60_000 });
  const row = page.getByTestId('neighbour-row');
  await expect(row).toHaveAttribute('data-source', 'computed');
  await expect(row.getByTestId('neighbours-among-sample')).toContainText('among the 1,000 sampled rows and those read since, of 3,000');
  const shown = () => row.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')!));
  await expect.poll(async () => (await shown()).length).toBe(8);
  // Its cluster's rows (rows of one cluster are contiguous, n/10 each), and every one of them a sampled row.
  for (const alt of await shown()) {
    const r = Number(/row_(\d+)/.exec(alt)![1]);
    expect(Math.floor((r * 10) / n)).toBe(Math.floor((query * 10) / n));
    expect(sample.has(r)).toBe(true);
  }
  const vectors = await page.evaluate(([id]) => window.latentSky.embeddings(id), [snap.pipelines[0].id] as const);
  expect(vectors).toHaveLength(1001); // the sample and the clicked row
  await page.screenshot({ path: test.info().outputPath('dataset-on-demand.png') });
  await page.getByTestId('compare').getByTestId('sample-note').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('dataset-on-demand-metrics.png') });
  expect(errors).toEqual([]);
});
