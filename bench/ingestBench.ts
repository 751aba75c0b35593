/**
 * Ingest at scale: 10k and 50k distinct real cutouts (MiraBest, made distinct by a few pixels:
 * e2e/support/data.ts distinctMirabestPngs) dropped on the app at once in headless Chromium, no
 * model. Prints files per second from the drop to `ingest.done === ingest.queued`, peak memory
 * (the page's JS heap from DevTools' Performance.getMetrics, and the memory of Chromium's
 * processes from /proc on Linux) and the page main thread's long tasks (> 50 ms) during the ingest.
 *
 * Part of `npm run bench`; on its own: `npx tsx bench/ingestBench.ts [sizes…]` (default 10000 50000;
 * BENCH_PORT / BENCH_OUT_DIR as for every bench part that builds the app). Files go through the
 * real file input; if that fails, through the in-page route (see Route), and the output says which.
 * BENCH_INGEST_ROUTE=input|api forces one.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { returningVisitor } from '../e2e/support/app';
import { distinctMirabestPngs } from '../e2e/support/data';
import { runAlone } from './app';
import { describeThreadTimes, playwrightChromium, watchChromiumThreads } from './threadCpu';

const POLL_MS = 1000; // each poll is a DevTools round trip on the page's main thread: keep them rare
const HAND_OVER_TIMEOUT_MS = 10 * 60_000;
const STAGE_CHUNK = 500;

/**
 * How the files reach the app. 'input': the real file input, given the paths (Playwright hands a
 * local browser the paths through DOM.setFileInputFiles and Chromium reads the files itself, as
 * for a user's pick). 'api': the bytes are sent to the page in chunks beforehand and kept there as
 * File objects, then given to `window.latentSky.addFiles` in one call (the app's own entry for
 * files, the one a drop goes through), for when the file input cannot take that many.
 */
type Route = 'input' | 'api';
const ROUTE_NAMES: Record<Route, string> = {
  input: 'file input (setInputFiles with paths)',
  api: 'in-page route (bytes sent in chunks of 500, File objects given to latentSky.addFiles at once)',
};

/** Long tasks since `since` (page time, ms): how many, their total and longest duration, and when the longest began (ms after `since`). */
interface LongTasks {
  count: number;
  total: number;
  max: number;
  maxAt: number;
  since: number;
}

/** Installed before the app's scripts: counts long tasks after `since` (set when the files are dropped). */
const LONG_TASK_OBSERVER = `
  globalThis.__name = (f) => f;
  globalThis.__longTasks = { count: 0, total: 0, max: 0, maxAt: NaN, since: Infinity };
  new PerformanceObserver((list) => {
    const s = globalThis.__longTasks;
    for (const e of list.getEntries()) {
      if (e.startTime < s.since) continue;
      s.count++;
      s.total += e.duration;
      if (e.duration > s.max) {
        s.max = e.duration;
        s.maxAt = e.startTime - s.since;
      }
    }
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * Memory of the Chromium Playwright started, in bytes: the sum over its processes of their
 * proportional set size (Pss: pages shared between processes split among them, so the sum is what
 * the browser holds), and the resident memory (VmRSS) of the largest renderer.
 */
export function chromiumRss(): { total: number; renderer: number } {
  let total = 0;
  let renderer = 0;
  let processes: Map<string, string>;
  try {
    processes = playwrightChromium();
  } catch {
    return { total: NaN, renderer: NaN }; // no /proc
  }
  for (const [pid, cmdline] of processes) {
    try {
      total += 1024 * Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      if (cmdline.includes('--type=renderer'))
        renderer = Math.max(renderer, 1024 * Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // The process ended while being read.
    }
  }
  return { total, renderer };
}

export interface IngestFigures {
  files: number;
  route: Route;
  /** Seconds spent sending the bytes to the page before the drop (the 'api' route only; not in `seconds`). */
  stagingSeconds: number;
  seconds: number;
  handOverSeconds: number;
  perSecond: number;
  images: number;
  skipped: number;
  /** Memory when the files are dropped (the app loaded, empty). */
  before: { jsHeap: number; total: number; renderer: number };
  peakJsHeap: number;
  peakRssTotal: number;
  peakRssRenderer: number;
  longTasks: LongTasks;
  cpu: string;
}

/** Sends the files' bytes to the page in chunks and keeps them there as File objects (globalThis.__staged). */
async function stageInPage(page: Page, paths: string[]): Promise<void> {
  for (let i = 0; i < paths.length; i += STAGE_CHUNK) {
    const chunk = paths.slice(i, i + STAGE_CHUNK).map((p) => ({ name: basename(p), base64: readFileSync(p).toString('base64') }));
    await page.evaluate((files) => {
      const g = globalThis as unknown as { __staged?: File[] };
      g.__staged ??= [];
      for (const f of files) g.__staged.push(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: 'image/png' }));
    }, chunk);
  }
}

/** Drops `paths` on a fresh page by `route` and waits until every file is ingested. */
async function dropAndWait(page: Page, paths: string[], route: Route): Promise<IngestFigures> {
  const staging = performance.now();
  if (route === 'api') await stageInPage(page, paths);
  const stagingSeconds = (performance.now() - staging) / 1000;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const jsHeap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  };
  const before = { jsHeap: await jsHeap(), ...chromiumRss() };
  let { jsHeap: peakJsHeap, total: peakRssTotal, renderer: peakRssRenderer } = before;
  const threads = watchChromiumThreads();
  await page.evaluate(() => {
    (globalThis as unknown as { __longTasks: LongTasks }).__longTasks.since = performance.now();
  });
  const start = performance.now();
  if (route === 'input') await page.getByTestId('file-input').setInputFiles(paths, { timeout: HAND_OVER_TIMEOUT_MS });
  else {
    await page.evaluate(() => {
      const g = globalThis as unknown as { __staged: File[] };
      void window.latentSky.addFiles(g.__staged);
      g.__staged = [];
    });
  }
  const handOverSeconds = (performance.now() - start) / 1000;
  let ingest: { queued: number; done: number };
  let longTasks: LongTasks;
  for (;;) {
    const poll = await page.evaluate(() => ({
      ingest: window.latentSky.snapshot().ingest,
      longTasks: { ...(globalThis as unknown as { __longTasks: LongTasks }).__longTasks },
    }));
    ingest = poll.ingest;
    longTasks = poll.longTasks;
    peakJsHeap = Math.max(peakJsHeap, await jsHeap());
    const rss = chromiumRss();
    peakRssTotal = Math.max(peakRssTotal, rss.total);
    peakRssRenderer = Math.max(peakRssRenderer, rss.renderer);
    if (ingest.queued >= paths.length && ingest.done >= ingest.queued) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = describeThreadTimes(threads.stop());
  const counts = await page.evaluate(() => {
    const s = window.latentSky.snapshot();
    return { images: s.images.length, skipped: s.skipped.length };
  });
  return {
    files: paths.length,
    route,
    stagingSeconds,
    seconds,
    handOverSeconds,
    perSecond: ingest.done / seconds,
    ...counts,
    before,
    peakJsHeap,
    peakRssTotal,
    peakRssRenderer,
    longTasks,
    cpu,
  };
}

export const mib = (b: number) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(0)} MiB` : 'n/a');

export async function ingestBench(browser: Browser, baseUrl: string, sizes = [10_000, 50_000]): Promise<IngestFigures[]> {
  const out: IngestFigures[] = [];
  for (const n of sizes) {
    const t = performance.now();
    const { files } = distinctMirabestPngs(n);
    const prepared = (performance.now() - t) / 1000;
    const paths = files.map((f) => f.path);
    // A fresh context per size (and route): the default viewport, an empty app (returning visitor), nothing left from before.
    const run = async (route: Route) => {
      const context = await browser.newContext({ storageState: returningVisitor(baseUrl) });
      try {
        const page = await context.newPage();
        await page.addInitScript(LONG_TASK_OBSERVER);
        await page.goto(baseUrl);
        return await dropAndWait(page, paths, route);
      } finally {
        await context.close();
      }
    };
    const forced = process.env.BENCH_INGEST_ROUTE as Route | undefined;
    let r: IngestFigures;
    if (forced) r = await run(forced);
    else {
      try {
        r = await run('input');
      } catch (e) {
        console.log(
          `  ${n.toLocaleString('en')} cutouts: the file input failed (${(e instanceof Error ? e.message : String(e)).split('\n')[0]}); the in-page route instead`,
        );
        r = await run('api');
      }
    }
    const lt = r.longTasks;
    const staged = r.route === 'api' ? ` (sending the bytes beforehand took ${r.stagingSeconds.toFixed(1)} s, not counted)` : '';
    console.log(`  ${n.toLocaleString('en')} cutouts (150×150 PNG, ${prepared.toFixed(0)} s to find or write them), via the ${ROUTE_NAMES[r.route]}${staged}:`);
    console.log(
      `    ingest: ${r.perSecond.toFixed(1)} files/s (${r.seconds.toFixed(1)} s from the drop to done = queued; the ${r.route === 'input' ? 'setInputFiles call' : 'addFiles call'} returned after ${r.handOverSeconds.toFixed(1)} s); ${r.images} images, ${r.skipped} skipped`,
    );
    console.log(
      `    peak memory (at the drop): page JS heap ${mib(r.peakJsHeap)} (${mib(r.before.jsHeap)}); Chromium ${mib(r.peakRssTotal)} (${mib(r.before.total)}), Pss summed over its processes; largest renderer's RSS ${mib(r.peakRssRenderer)} (${mib(r.before.renderer)})`,
    );
    console.log(
      `    page main thread during the ingest: ${lt.count} long tasks, ${(lt.total / 1000).toFixed(1)} s in all, longest ${lt.max.toFixed(0)} ms${lt.count ? ` (it began ${(lt.maxAt / 1000).toFixed(1)} s after the drop)` : ''}`,
    );
    console.log(`    CPU: ${r.cpu}`);
    out.push(r);
  }
  return out;
}

await runAlone(import.meta.url, 'Ingest of many cutouts at once (headless Chromium, no model):', ingestBench);
