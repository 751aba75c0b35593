/**
 * The CLI's embedding throughput beside the browser's, measured in one run on the same model
 * (MobileNetV2-int8 from ../shared) and the same files (200 MiraBest PNGs and the 12 FITS):
 * `latent-sky embed` as 1 task with 1 thread, 1 task with 2 threads, and 2 tasks with 1 thread
 * each running at once (two shards, as two SLURM array tasks on one node would), on the native CPU
 * kernels (`--device cpu`) and on the browser's (`--device wasm`), against the app in headless
 * Chromium (WASM, decode → preprocess → inference; bench/throughput.ts).
 *
 * Two rates per CLI run: the wall clock from starting the process(es) to the last exit (Node and
 * tsx start-up, model load, Parquet writes included), and the CLI's own final progress line (the
 * embedding loop only), which is what a long shard runs at. Part of `npm run bench`
 * (`BENCH_PARTS=cli`), or on its own: `npx tsx bench/cliThroughput.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { FITS_DIR, MODEL_PATH, fitsSample, mirabestPngs } from '../e2e/support/data';
import { prepareImage } from '../src/cli/prepareImage';
import { IMAGENET_NORM, makeBatch } from '../src/models/lib/modelInput';
import { DEFAULT_PREPROCESSING } from '../src/preprocessing/lib/preprocessing';
import { runAlone } from './app';
import { browserThroughput, withModelServer } from './throughput';

const CLI = resolve(import.meta.dirname, '../src/cli/latent-sky.mjs');
const fmt = (x: number, d = 1) => x.toFixed(d);

interface CliRun {
  /** bytes of the Parquet parts written, per image */
  bytesPerRow: number;
  /** images / wall-clock seconds of the whole run (every task started at once, until the last exits) */
  wall: number;
  seconds: number;
  /** the sum over tasks of each task's own embedding-loop rate (its last progress line) */
  loop: number;
}

/** One `latent-sky embed` process; resolves with its final progress rate (images/s). */
function embedTask(list: string, out: string, device: string, threads: number, shard: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [CLI, 'embed', '--input', list, '--model', MODEL_PATH, '--out', out, '--shard', shard, '--threads', String(threads), '--device', device],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LATENT_SKY_PROGRESS_SECONDS: '3600' } },
    );
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      const rates = [...log.matchAll(/ images · ([\d.]+) images\/s/g)];
      if (code !== 0 || !rates.length) fail(new Error(`latent-sky embed --shard ${shard} exited ${code}:\n${log}`));
      else done(Number(rates.at(-1)![1]));
    });
  });
}

async function cliRun(list: string, images: number, device: string, tasks: number, threads: number): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'latent-sky-cli-bench-'));
  try {
    const start = performance.now();
    const loops = await Promise.all(Array.from({ length: tasks }, (_, i) => embedTask(list, out, device, threads, `${i}/${tasks}`)));
    const seconds = (performance.now() - start) / 1000;
    const bytes = readdirSync(out)
      .filter((f) => /^part-.*\.parquet$/.test(f))
      .reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
    return { wall: images / seconds, seconds, loop: loops.reduce((a, b) => a + b, 0), bytesPerRow: bytes / images };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * What feeding a model costs on one core without the model: the CLI's decode → preprocess → model
 * input (JavaScript, one thread) — the ceiling per core when a GPU does the inference — and the
 * mean size of a 64 px display thumbnail (`--thumbnails 64`), for storage plans.
 */
async function feedOnly(files: string[]): Promise<{ perSecond: number; thumbnailBytes: number }> {
  const spec = { size: 224, mean: [...IMAGENET_NORM.mean] as [number, number, number], std: [...IMAGENET_NORM.std] as [number, number, number] };
  const start = performance.now();
  for (const path of files) makeBatch([(await prepareImage(basename(path), readFileSync(path), DEFAULT_PREPROCESSING)).image], spec);
  const perSecond = files.length / ((performance.now() - start) / 1000);
  let thumbnailBytes = 0;
  for (const path of files) thumbnailBytes += (await prepareImage(basename(path), readFileSync(path), DEFAULT_PREPROCESSING, 64)).thumbnail!.byteLength;
  return { perSecond, thumbnailBytes: thumbnailBytes / files.length };
}

export async function cliThroughputBench(browser: Browser, baseUrl: string): Promise<void> {
  const files = [...mirabestPngs(100).files.map((f) => f.path), ...fitsSample().map((f) => f.path)];
  const dir = mkdtempSync(join(tmpdir(), 'latent-sky-cli-bench-list-'));
  const list = join(dir, 'inputs.txt');
  writeFileSync(list, files.join('\n'));
  const load = () =>
    loadavg()
      .map((l) => fmt(l, 2))
      .join(' ');
  console.log(`  ${files.length} files (${files.length - fitsSample().length} MiraBest PNGs + the FITS of ${FITS_DIR}); load average at start ${load()}`);
  try {
    const web = await withModelServer(readFileSync(MODEL_PATH), (url) => browserThroughput(browser, baseUrl, files, { url, backend: 'wasm' }));
    console.log(`  browser (Chromium, WASM, cross-origin isolated: ${web.isolated}): ${fmt(web.perSecond)} img/s (${fmt(web.seconds)} s)`);
    const runs: [string, number, number][] = [
      ['1 task × 1 thread ', 1, 1],
      ['1 task × 2 threads', 1, 2],
      ['2 tasks × 1 thread', 2, 1],
    ];
    for (const device of ['cpu', 'wasm'])
      for (const [title, tasks, threads] of runs) {
        const r = await cliRun(list, files.length, device, tasks, threads);
        console.log(
          `  CLI --device ${device.padEnd(4)}, ${title}: ${fmt(r.wall)} img/s wall (${fmt(r.seconds)} s, start-up and writes included), ${fmt(r.loop)} img/s in the embedding loop · ratio CLI / browser ${fmt(r.wall / web.perSecond, 2)} wall, ${fmt(r.loop / web.perSecond, 2)} loop · ${fmt(r.bytesPerRow, 0)} Parquet bytes per row`,
        );
      }
    const feed = await feedOnly(files);
    console.log(
      `  decode + preprocess + model input only (the CLI's libs, 1 thread, no inference): ${fmt(feed.perSecond)} img/s; mean 64 px thumbnail ${fmt(feed.thumbnailBytes, 0)} bytes`,
    );
    console.log(`  load average at the end ${load()} (other processes on the machine share its cores)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await runAlone(import.meta.url, 'The CLI (latent-sky embed) beside the browser, MobileNetV2-int8:', cliThroughputBench);
