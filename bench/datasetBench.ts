/**
 * A dataset file from the cluster opened in the app at 10⁵ and 10⁶ rows: a synthetic, seeded
 * Parquet file in latent-sky's schema (name, path, hash, label, projection_x / projection_y in 10
 * clusters, the embedding, and at 10⁵ a PNG thumbnail per row) is written once into the temp
 * folder, picked through *Open dataset…* in headless Chromium, and timed from the pick to the
 * first frame of the panel (its header says "imported coordinates", then two animation frames),
 * with the page's JS heap and Chromium's memory. Above 250,000 rows, where the tab holds a seeded
 * sample's embedding only, also the time until the sample is in, and the time to read a clicked
 * row's vector on demand (the preview of a row outside the sample), at once and once the probe on
 * the sample has finished. In Node, the same file read by the app's reader
 * (column projection, typed arrays per row group) and by hyparquet's row objects, for the choice
 * of reader.
 *
 * Part of `npm run bench` (BENCH_PARTS=dataset); on its own: `npx tsx bench/datasetBench.ts [rows…]`.
 */
import { existsSync, renameSync, statSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { encode } from 'fast-png';
import { parquetReadObjects } from 'hyparquet';
import { mulberry32 } from '../test/support/seeded';
import { returningVisitor } from '../e2e/support/app';
import { readDataset } from '../src/embeddings/lib/readDataset';
import { openDatasetSource, readDatasetColumns, type DatasetTable } from '../src/embeddings/lib/datasetFile';
import { readDatasetEmbedding } from '../src/embeddings/lib/datasetLists';
import { parquetColumns, type ExportColumn } from '../src/export/lib/exportTable';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import { runAlone } from './app';
import { chromiumRss, mib } from './ingestBench';

/** 768-d (a ViT-B's embedding) at every size: above 250,000 rows the app reads a sample's vectors, and clicked rows', from it. */
const DIM = 768;
const thumbnailsFor = (rows: number) => rows <= 250_000;
const CLUSTERS = 10;

/** Rows per row group, written one at a time: hyparquet-writer holds a group's values as JS numbers. */
const CHUNK = 5000;

/** A Parquet file of `rows` rows written a row group of CHUNK rows at a time (`columnsOf` the group's row ids), renamed into place when whole. */
export function writeInRowGroups(path: string, rows: number, columnsOf: (ids: number[]) => ExportColumn[]): void {
  const writer = fileWriter(`${path}.tmp`);
  let parquet: ParquetWriter | undefined;
  for (let start = 0; start < rows; start += CHUNK) {
    const { schema, columnData } = parquetColumns(columnsOf(Array.from({ length: Math.min(CHUNK, rows - start) }, (_, k) => start + k)));
    parquet ??= new ParquetWriter({ writer, schema, createdBy: 'Latent Sky benchmark' });
    parquet.write({ columnData, rowGroupSize: CHUNK });
  }
  parquet!.finish();
  renameSync(`${path}.tmp`, path);
}

/** The synthetic dataset of `rows` rows (seed 1), written once into the temp folder, a row group at a time. */
export function syntheticDataset(rows: number): string {
  const dim = DIM;
  const path = join(tmpdir(), `latent-sky-bench-dataset-${rows}-${dim}.parquet`);
  if (existsSync(path)) return path;
  const rand = mulberry32(1);
  const centres = Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: dim }, () => rand() * 2 - 1));
  const thumbSide = 32;
  writeInRowGroups(path, rows, (ids) => {
    const cluster = ids.map(() => Math.floor(rand() * CLUSTERS));
    const names = ids.map((i) => `synthetic_${String(i).padStart(7, '0')}.png`);
    const columns: ExportColumn[] = [
      { name: 'name', kind: 'string', values: names },
      { name: 'path', kind: 'string', values: names.map((n, k) => `class_${cluster[k]}/${n}`) },
      { name: 'hash', kind: 'string', values: ids.map((i) => i.toString(16).padStart(32, '0')) },
      { name: 'label', kind: 'string', values: cluster.map((c) => `class ${c}`) },
      { name: 'projection_x', kind: 'float', values: cluster.map((c) => 10 * Math.cos((2 * Math.PI * c) / CLUSTERS) + (rand() - 0.5) * 4) },
      { name: 'projection_y', kind: 'float', values: cluster.map((c) => 10 * Math.sin((2 * Math.PI * c) / CLUSTERS) + (rand() - 0.5) * 4) },
      { name: 'embedding', kind: 'vector', values: cluster.map((c) => Float32Array.from(centres[c], (v) => v + (rand() - 0.5) * 0.5)) },
    ];
    if (thumbnailsFor(rows))
      columns.push({
        name: 'thumbnail',
        kind: 'bytes',
        values: cluster.map((c) =>
          encode({
            width: thumbSide,
            height: thumbSide,
            channels: 1,
            depth: 8,
            data: Uint8Array.from({ length: thumbSide * thumbSide }, () => c * 20 + rand() * 40),
          }),
        ),
      });
    return columns;
  });
  return path;
}

export interface DatasetFigures {
  rows: number;
  fileBytes: number;
  /** Seconds from the pick to the panel showing the imported layout, and to the frame after it. */
  shownSeconds: number;
  frameSeconds: number;
  before: { jsHeap: number; total: number; renderer: number };
  jsHeapAfter: number;
  peakJsHeap: number;
  peakRssTotal: number;
  peakRssRenderer: number;
  status: string;
  /** Above 250,000 rows: seconds from the pick to the sample's vectors being in, and a clicked row's vector read on demand. */
  onDemand?: { sampleSeconds: number; first: ClickFigures; settled: ClickFigures & { probeDone: boolean } };
}

/** A click on a row outside the sample: seconds to the status saying its vector is read, and to its neighbour row; the status's words. */
interface ClickFigures {
  rowSeconds: number;
  neighboursSeconds: number;
  demand: string;
}

const screenshotOf = (rows: number) => join(tmpdir(), `latent-sky-bench-dataset-${rows}.png`);
const POLL_MS = 500;
/** Memory keeps being sampled this long after the first frame (the probe and metrics start on the embeddings). */
const SETTLE_MS = 10_000;

async function openInApp(browser: Browser, baseUrl: string, path: string, rows: number): Promise<DatasetFigures> {
  const context = await browser.newContext({ storageState: returningVisitor(baseUrl), viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    page.on('crash', () => console.log(`    the tab crashed (out of memory?) ${((performance.now() - start) / 1000).toFixed(0)} s after the pick`));
    // ?bench exposes the store, to open a clicked row's preview by its image id.
    await page.goto(`${baseUrl}/?bench`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const jsHeap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    const before = { jsHeap: await jsHeap(), ...chromiumRss() };
    let { jsHeap: peakJsHeap, total: peakRssTotal, renderer: peakRssRenderer } = before;
    const sample = async () => {
      peakJsHeap = Math.max(peakJsHeap, await jsHeap());
      const rss = chromiumRss();
      peakRssTotal = Math.max(peakRssTotal, rss.total);
      peakRssRenderer = Math.max(peakRssRenderer, rss.renderer);
    };
    const start = performance.now();
    await page.getByTestId('dataset-input').setInputFiles(path);
    for (;;) {
      const state = await page.evaluate(() => ({
        shown: !!document.querySelector('[data-testid="imported-projection"]'),
        error: document.querySelector('[data-testid="dataset-error"]')?.textContent ?? null,
      }));
      if (state.error) throw new Error(state.error);
      if (state.shown) break;
      await sample();
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const shownSeconds = (performance.now() - start) / 1000;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const frameSeconds = (performance.now() - start) / 1000;
    const jsHeapAfter = await jsHeap();
    for (let t = 0; t < SETTLE_MS; t += POLL_MS) {
      await sample();
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const onDemand = rows > 250_000 ? await readOnDemand(page, start, sample) : undefined;
    const status = (await page.getByTestId('dataset-status').innerText()).replace(/\s+/g, ' ');
    await page.screenshot({ path: screenshotOf(rows) });
    return {
      rows,
      fileBytes: statSync(path).size,
      shownSeconds,
      frameSeconds,
      before,
      jsHeapAfter,
      peakJsHeap,
      peakRssTotal,
      peakRssRenderer,
      status,
      onDemand,
    };
  } finally {
    await context.close();
  }
}

/**
 * Waits for the sample's vectors (memory sampled meanwhile), then opens the preview of the first
 * row outside the sample, as a click does, and times its vector's reading and its neighbour row.
 */
async function readOnDemand(page: Page, start: number, sample: () => Promise<void>): Promise<NonNullable<DatasetFigures['onDemand']>> {
  const status = page.getByTestId('dataset-status');
  while (!/of a seeded sample/.test((await status.innerText()).replace(/\s+/g, ' ')) || (await page.getByTestId('dataset-progress').count()) > 0) {
    const error = (await status.innerText()).match(/embedding not loaded: .*/);
    if (error) throw new Error(error[0]);
    await sample();
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const sampleSeconds = (performance.now() - start) / 1000;
  const first = await clickOutsideSample(page);
  // The probe and the metrics start on the sample: memory is sampled while they run.
  for (let t = 0; t < SETTLE_MS; t += POLL_MS) {
    await sample();
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  // Up to 5 minutes for the probe on the sample to finish (10⁵ × 768 on two shared cores may take longer).
  const probeDone = await page
    .getByTestId('probe-progress')
    .waitFor({ state: 'detached', timeout: 300_000 })
    .then(() => true)
    .catch(() => false);
  const settled = await clickOutsideSample(page);
  return { sampleSeconds, first, settled: { ...settled, probeDone } };
}

/** Opens the preview of the first row whose vector is not held, as a click does; times its vector's reading (the status) and its neighbour row. */
async function clickOutsideSample(page: Page): Promise<ClickFigures> {
  const clicked = performance.now();
  await page.evaluate(() => {
    type State = { images: { id: string; hash: string }[]; pipelines: { id: string }[]; embeddings: Map<string, Map<string, unknown>> };
    const store = (window as unknown as { __latentSkyStore: { getState: () => State; setState: (patch: object) => void } }).__latentSkyStore;
    const s = store.getState();
    const vectors = [...s.embeddings.values()][0];
    const outside = s.images.find((img) => vectors.get(img.hash) === null)!;
    store.setState({ preview: { imageId: outside.id, pipelineId: s.pipelines[0].id } });
  });
  const demand = page.getByTestId('dataset-demand');
  const before = (await demand.count()) ? await demand.innerText() : '';
  await page.waitForFunction(
    (was) => {
      // While the row is read the line is gone; it comes back with the new row.
      const now = document.querySelector('[data-testid="dataset-demand"]')?.textContent ?? '';
      return now !== '' && now !== was;
    },
    before,
    {
      timeout: 600_000,
      polling: 200,
    },
  );
  const rowSeconds = (performance.now() - clicked) / 1000;
  await page.getByTestId('neighbour-row').locator('img').first().waitFor({ timeout: 600_000 });
  return { rowSeconds, neighboursSeconds: (performance.now() - clicked) / 1000, demand: await demand.innerText() };
}

const clickText = (what: string, c: ClickFigures) =>
  `${what}: ${c.demand} (${c.rowSeconds.toFixed(1)} s from the click to the status, ${c.neighboursSeconds.toFixed(1)} s to its neighbour row)`;

/** The app's reader (column projection into typed arrays) against hyparquet's row objects, in Node, on the same file. */
async function readers(path: string, rows: number): Promise<string> {
  const time = async (f: () => Promise<unknown>) => {
    const heap = process.memoryUsage().heapUsed;
    const t = performance.now();
    const result = await f();
    // Measured while the result is still referenced: what holding it costs.
    const figures = `${((performance.now() - t) / 1000).toFixed(1)} s, +${mib(process.memoryUsage().heapUsed - heap)} heap`;
    if (!result) throw new Error('nothing read');
    return figures;
  };
  if (rows > 250_000) {
    // Too large to hold as one buffer (or as row objects): read from the file as the browser reads a File, range by range.
    const handle = await open(path);
    try {
      const size = (await handle.stat()).size;
      const file = { byteLength: size, slice: (a: number, b?: number) => fileRange(handle, a, b ?? size) };
      const source = await openDatasetSource(file);
      let table: DatasetTable | undefined;
      const columns = await time(async () => (table = await readDatasetColumns(source)));
      const sampleRows = table!.embeddingSample!.rows;
      const sampled = await time(() => readDatasetEmbedding(source, table!, { rows: sampleRows }));
      const one = await time(() => readDatasetEmbedding(source, table!, { rows: Int32Array.of(rows - 1) }));
      return `the app's reader: columns ${columns}; the sample's ${sampleRows.length.toLocaleString('en')} vectors ${sampled}; one row's vector ${one} (hyparquet's row objects of every column do not fit in Node's heap here)`;
    } finally {
      await handle.close();
    }
  }
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const app = await time(() => readDataset(file));
  const objects = await time(() => parquetReadObjects({ file, utf8: false }));
  return `the app's reader ${app}; hyparquet row objects (every column) ${objects}`;
}

/** Bytes [start, end) of an open file, as an ArrayBuffer of their own. */
async function fileRange(handle: FileHandle, start: number, end: number): Promise<ArrayBuffer> {
  const out = new Uint8Array(end - start);
  for (let at = 0; at < out.length;) {
    const { bytesRead } = await handle.read(out, at, out.length - at, start + at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return out.buffer;
}

export async function datasetBench(browser: Browser, baseUrl: string, sizes = [100_000, 1_000_000]): Promise<DatasetFigures[]> {
  const out: DatasetFigures[] = [];
  for (const rows of sizes) {
    console.log(
      `  ${new Date().toISOString()}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} (1, 5, 15 min)`,
    );
    const t = performance.now();
    const path = syntheticDataset(rows);
    const made = (performance.now() - t) / 1000;
    const r = await openInApp(browser, baseUrl, path, rows);
    console.log(
      `  ${rows.toLocaleString('en')} rows × ${DIM}-d${thumbnailsFor(rows) ? ' + 32 px PNG thumbnails' : ''} (${mib(r.fileBytes)} file, ${made.toFixed(0)} s to find or write it):`,
    );
    console.log(`    pick → panel shows the imported layout ${r.shownSeconds.toFixed(1)} s; → first frame after it ${r.frameSeconds.toFixed(1)} s`);
    console.log(
      `    memory: page JS heap ${mib(r.jsHeapAfter)} at the first frame (${mib(r.before.jsHeap)} before), peak ${mib(r.peakJsHeap)} over the next ${SETTLE_MS / 1000} s; Chromium ${mib(r.peakRssTotal)} peak (${mib(r.before.total)} before), Pss summed; largest renderer's RSS ${mib(r.peakRssRenderer)}`,
    );
    if (r.onDemand)
      console.log(
        `    the sample's vectors in ${r.onDemand.sampleSeconds.toFixed(1)} s from the pick; ${clickText('a clicked row outside it at once', r.onDemand.first)}; ${clickText(r.onDemand.settled.probeDone ? 'another once the probe had finished' : 'another while the probe still ran (5 min later)', r.onDemand.settled)}`,
      );
    console.log(`    the app says: ${r.status} (screenshot: ${screenshotOf(rows)})`);
    console.log(`    reading it in Node: ${await readers(path, rows)}`);
    out.push(r);
  }
  return out;
}

await runAlone(import.meta.url, 'A dataset file opened in the app (headless Chromium, software WebGL):', datasetBench);
