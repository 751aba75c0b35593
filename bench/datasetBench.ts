/**
 * A dataset file from the cluster opened in the app at 10⁵ and 10⁶ rows: a synthetic, seeded
 * Parquet file in latent-sky's schema (name, path, hash, label, projection_x / projection_y in 10
 * clusters, the embedding, and at 10⁵ a PNG thumbnail per row) is written once into the temp
 * folder, picked through *Open dataset…* in headless Chromium, and timed from the pick to the
 * first frame of the panel (its header says "imported coordinates", then two animation frames),
 * with the page's JS heap and Chromium's memory. In Node, the same file read by the app's reader
 * (column projection, typed arrays per row group) and by hyparquet's row objects, for the choice
 * of reader.
 *
 * Part of `npm run bench` (BENCH_PARTS=dataset); on its own: `npx tsx bench/datasetBench.ts [rows…]`.
 */
import { existsSync, renameSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { encode } from 'fast-png';
import { parquetReadObjects } from 'hyparquet';
import { mulberry32 } from '../test/support/seeded';
import { returningVisitor } from '../e2e/support/app';
import { readDataset } from '../src/embeddings/lib/readDataset';
import { parquetColumns, type ExportColumn } from '../src/export/lib/exportTable';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import { runAlone } from './app';
import { chromiumRss, mib } from './ingestBench';

/** 768-d (a ViT-B's embedding) where the app keeps embeddings; at 10⁶ rows the column is never read, so 8-d keeps the file writable here. */
const dimFor = (rows: number) => (rows <= 250_000 ? 768 : 8);
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
  const dim = dimFor(rows);
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
}

const screenshotOf = (rows: number) => join(tmpdir(), `latent-sky-bench-dataset-${rows}.png`);
const POLL_MS = 500;
/** Memory keeps being sampled this long after the first frame (the probe and metrics start on the embeddings). */
const SETTLE_MS = 10_000;

async function openInApp(browser: Browser, baseUrl: string, path: string, rows: number): Promise<DatasetFigures> {
  const context = await browser.newContext({ storageState: returningVisitor(baseUrl), viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(baseUrl);
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
    const status = (await page.getByTestId('dataset-status').innerText()).replace(/\s+/g, ' ');
    await page.screenshot({ path: screenshotOf(rows) });
    return { rows, fileBytes: statSync(path).size, shownSeconds, frameSeconds, before, jsHeapAfter, peakJsHeap, peakRssTotal, peakRssRenderer, status };
  } finally {
    await context.close();
  }
}

/** The app's reader (column projection into typed arrays) against hyparquet's row objects, in Node, on the same file. */
async function readers(path: string): Promise<string> {
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const time = async (f: () => Promise<unknown>) => {
    const heap = process.memoryUsage().heapUsed;
    const t = performance.now();
    const result = await f();
    // Measured while the result is still referenced: what holding it costs.
    const figures = `${((performance.now() - t) / 1000).toFixed(1)} s, +${mib(process.memoryUsage().heapUsed - heap)} heap`;
    if (!result) throw new Error('nothing read');
    return figures;
  };
  const app = await time(() => readDataset(file));
  const objects = await time(() => parquetReadObjects({ file, utf8: false }));
  return `the app's reader ${app}; hyparquet row objects (every column) ${objects}`;
}

export async function datasetBench(browser: Browser, baseUrl: string, sizes = [100_000, 1_000_000]): Promise<DatasetFigures[]> {
  const out: DatasetFigures[] = [];
  for (const rows of sizes) {
    const t = performance.now();
    const path = syntheticDataset(rows);
    const made = (performance.now() - t) / 1000;
    const r = await openInApp(browser, baseUrl, path, rows);
    console.log(
      `  ${rows.toLocaleString('en')} rows × ${dimFor(rows)}-d${thumbnailsFor(rows) ? ' + 32 px PNG thumbnails' : ''} (${mib(r.fileBytes)} file, ${made.toFixed(0)} s to find or write it):`,
    );
    console.log(`    pick → panel shows the imported layout ${r.shownSeconds.toFixed(1)} s; → first frame after it ${r.frameSeconds.toFixed(1)} s`);
    console.log(
      `    memory: page JS heap ${mib(r.jsHeapAfter)} at the first frame (${mib(r.before.jsHeap)} before), peak ${mib(r.peakJsHeap)} over the next ${SETTLE_MS / 1000} s; Chromium ${mib(r.peakRssTotal)} peak (${mib(r.before.total)} before), Pss summed; largest renderer's RSS ${mib(r.peakRssRenderer)}`,
    );
    console.log(`    the app says: ${r.status} (screenshot: ${screenshotOf(rows)})`);
    console.log(`    reading it in Node: ${await readers(path)}`);
    out.push(r);
  }
  return out;
}

await runAlone(import.meta.url, 'A dataset file opened in the app (headless Chromium, software WebGL):', datasetBench);
