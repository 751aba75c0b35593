/**
 * Linked-view interaction cost: four panels of N synthetic points each (no model needed: the
 * layouts are put in the store directly through the ?bench hook), then the time from a hover or a
 * selection change to the second animation frame after it, i.e. until every panel has re-rendered.
 */
import type { Browser, Page } from '@playwright/test';
import { runAlone } from './app';

/**
 * A page of the production build showing four panels of `count` synthetic points each, finished as
 * far as every scheduler can tell (no model needed: the layouts are put in the store directly
 * through the ?bench hook). Image i is `img-${i}`.
 */
export async function openSyntheticPanels(browser: Browser, baseUrl: string, count: number, framed = false): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  // tsx (esbuild) names functions with a __name helper that does not exist in the page.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(`${baseUrl}/?bench`);
  await page.evaluate(
    async ({ count, framed }) => {
      type Store = { setState: (patch: object) => void };
      const store = (window as unknown as { __latentSkyStore: Store }).__latentSkyStore;
      // Park–Miller: its products stay below 2⁵³, so doubles hold them exactly and no two points coincide
      // (a 32-bit multiplier loses bits there and falls into a short cycle: stacked points at 4 × 50k).
      let seed = 1;
      const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      // With `framed`, 64 distinct synthetic cutouts (made here, no data files) as the thumbnails.
      const thumbs = framed ? await syntheticThumbnails(64) : [''];
      const images = Array.from({ length: count }, (_, i) => ({
        id: `img-${i}`,
        hash: `h${i}`,
        name: `synthetic_${i}.png`,
        path: `c${i % 4}/synthetic_${i}.png`,
        folderLabel: `class ${i % 4}`,
        format: 'png',
        width: 64,
        height: 64,
        thumbUrl: thumbs[i % thumbs.length],
      }));
      const ids = images.map((i) => i.id);
      // Models that look like loaded ones (weights hash, session info), so every scheduler keys
      // them and sees each hover and selection change as a real session's would.
      const models = [0, 1, 2, 3].map((m) => ({
        id: `m${m}`,
        request: { name: `model ${m}`, source: { kind: 'url', url: `https://example.org/model-${m}.onnx` }, backend: 'wasm' },
        status: 'ready',
        contentHash: `weights-${m}`,
        info: {
          backend: 'wasm',
          inputName: 'input',
          outputs: [{ name: 'features', shape: ['batch', 8] }],
          output: 'features',
          input: { size: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
          fixedSize: true,
          batchSize: 8,
          fallbacks: [],
        },
      }));
      const pipelines = models.map((m, k) => ({
        id: `p${k}`,
        modelId: m.id,
        preprocessing: {
          hdu: null,
          plane: 0,
          preset: { kind: 'none' },
          scale: { interval: { kind: 'minmax' }, stretch: { kind: 'linear' } },
          crop: { kind: 'none' },
          colour: { kind: 'replicate' },
          resize: null,
        },
      }));
      const projections = Object.fromEntries(
        pipelines.map((p) => [
          p.id,
          {
            key: p.id,
            imageIds: ids,
            coords: Float32Array.from({ length: 2 * count }, (_, j) => (j % 2 ? Math.floor(j / 2) % 4 : (Math.floor(j / 2) % 4) * 3) * 5 + (rand() - 0.5) * 8),
          },
        ]),
      );
      // Finished results under the keys the schedulers expect, so none of them starts work.
      type State = { pipelines: { id: string; modelId: string }[]; models: unknown[] };
      type Keys = {
        pipelineKey: (p: unknown, m: unknown) => string;
        projectionKeyOf: (s: unknown, id: string) => string;
        probeKeyOf: (s: unknown, id: string) => string;
        comparisonKeyOf: (s: unknown) => string;
        clusterKeyOf: (s: unknown, id: string) => string;
      };
      const keys = (window as unknown as { __latentSkyKeys: Keys }).__latentSkyKeys;
      const full = store as unknown as { getState: () => State };
      const embeddings = new Map(
        pipelines.map((p, k) => [
          keys.pipelineKey(p, models[k]),
          new Map(images.map((img, i) => [img.hash, Float32Array.of(k, i % 4, i / count, 1, 0, 0, 0, 0)])),
        ]),
      );
      // Keys are computed on the state-to-be, which then arrives in one update: no scheduler ever sees it unfinished.
      const withEmbeddings = { ...full.getState(), images, models, pipelines, embeddings };
      const keyed = Object.fromEntries(pipelines.map((p) => [p.id, { ...projections[p.id], key: keys.projectionKeyOf(withEmbeddings, p.id) }]));
      const withLayouts = { ...withEmbeddings, projections: keyed };
      const probe = Object.fromEntries(pipelines.map((p) => [p.id, { key: keys.probeKeyOf(withLayouts, p.id), results: [], classNames: [], imageIds: [] }]));
      const comparison = { key: keys.comparisonKeyOf(withLayouts), imageIds: [], running: false };
      // Each synthetic class one density cluster, so the panels draw cluster labels as a real session's would.
      const clusters = Object.fromEntries(
        pipelines.map((p) => [
          p.id,
          { key: keys.clusterKeyOf(withLayouts, p.id), imageIds: ids, labels: Int32Array.from(ids, (_, i) => i % 4), minClusterSize: 50, minSamples: 5 },
        ]),
      );
      // Framed: every panel zoomed into the middle of class 0's blob (8 × 8 units, count / 4 points),
      // on a square holding ~25 of its points, as a user who zoomed in to look at cutouts.
      const side = Math.sqrt(25 / (count / 4 / 64));
      const cameras = framed ? Object.fromEntries(pipelines.map((p) => [p.id, [-side / 2, -side / 2, side / 2, side / 2]])) : {};
      store.setState({ images, models, pipelines, embeddings, projections: keyed, probe, comparison, clusters, cameras });
      for (let i = 0; i < 10 && document.querySelectorAll('[data-testid="scatter-panel"] canvas').length < 4; i++) await new Promise((r) => setTimeout(r, 500));
      await new Promise((r) => setTimeout(r, 1500));

      async function syntheticThumbnails(n: number): Promise<string[]> {
        return Promise.all(
          Array.from({ length: n }, async (_, k) => {
            const canvas = new OffscreenCanvas(64, 64);
            const ctx = canvas.getContext('2d')!;
            const glow = ctx.createRadialGradient(32, 32, 1, 32, 32, 8 + (k % 8) * 3);
            glow.addColorStop(0, '#fff');
            glow.addColorStop(1, '#000');
            ctx.fillStyle = glow;
            ctx.fillRect(0, 0, 64, 64);
            return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
          }),
        );
      }
    },
    { count, framed },
  );
  return page;
}

/**
 * Frame times while the user drags one panel across (deck.gl's pan), in the fitted view (dots) and
 * zoomed in on cutouts (thumbnail mode): intervals between animation frames during a DRAG_STEPS-step drag,
 * median, 95th percentile and longest. Every panel is redrawn by the browser each frame it changes; the
 * dragged one also re-picks the points in view and, once the drag settles, rebuilds its atlas.
 */
/** Mouse moves in the drag: software WebGL redraws a 50k-point panel in about a second here. */
const DRAG_STEPS = 30;

async function dragFrameTimes(page: Page): Promise<{ median: number; p95: number; longest: number; thumbnails: number }> {
  const plot = page.getByTestId('scatter-panel').first().locator('.plot');
  const box = (await plot.boundingBox())!;
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let k = 1; k <= DRAG_STEPS; k++) await page.mouse.move(x + 6 * k * Math.cos(k / 5), y + 4 * k * Math.sin(k / 5));
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames;
  });
  const gaps = frames
    .slice(1)
    .map((t, i) => t - frames[i])
    .sort((a, b) => a - b);
  const thumbnails = await page.getByTestId('thumbnail-mode').evaluateAll((marks) => marks.reduce((n, m) => n + Number(m.getAttribute('data-count')), 0));
  return { median: gaps[Math.floor(gaps.length / 2)], p95: gaps[Math.floor(gaps.length * 0.95)], longest: gaps[gaps.length - 1], thumbnails };
}

/** The drag's frame times with dots (fitted view) and with cutouts (zoomed in), at 4 × n points. */
async function thumbnailFrameTimes(browser: Browser, baseUrl: string, n: number): Promise<void> {
  const dots = await openSyntheticPanels(browser, baseUrl, n);
  const withDots = await dragFrameTimes(dots);
  await dots.close();
  const framed = await openSyntheticPanels(browser, baseUrl, n, true);
  // The atlases are built once the views settle and the thumbnails are decoded: wait for the dragged panel's.
  await framed.getByTestId('scatter-panel').first().getByTestId('thumbnail-mode').waitFor({ state: 'attached', timeout: 300_000 });
  const withCutouts = await dragFrameTimes(framed);
  await framed.close();
  const times = (t: { median: number; p95: number; longest: number }) => `${t.median.toFixed(0)} / ${t.p95.toFixed(0)} / ${t.longest.toFixed(0)} ms`;
  console.log(
    `  dragging a panel at 4 × ${n.toLocaleString('en')} points, frame time median / 95th percentile / longest: dots ${times(withDots)}; ` +
      `zoomed in on cutouts (${withCutouts.thumbnails} thumbnails in 4 panels) ${times(withCutouts)}`,
  );
}

export async function interactionBench(browser: Browser, baseUrl: string): Promise<void> {
  for (const n of [10_000, 50_000]) {
    const page = await openSyntheticPanels(browser, baseUrl, n);
    const result = await page.evaluate(async (count) => {
      type Store = { setState: (patch: object) => void };
      const store = (window as unknown as { __latentSkyStore: Store }).__latentSkyStore;
      const ids = Array.from({ length: count }, (_, i) => `img-${i}`);
      let seed = 2;
      const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      // Main-thread cost: the state change, React's re-render of every panel and the layer diffing
      // (all done before the next macrotask); then the wait until the panels are drawn again.
      // `patch` is made before the clock starts: the bench's own random draws are not the app's work.
      const time = async (patch: object) => {
        const t = performance.now();
        store.setState(patch);
        await new Promise((r) => setTimeout(r, 0));
        const update = performance.now() - t;
        await frame();
        return [update, performance.now() - t];
      };
      const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
      const hover: number[][] = [];
      for (let i = 0; i < 15; i++) hover.push(await time({ hoveredId: ids[Math.floor(rand() * count)] }));
      const select: number[][] = [];
      for (let i = 0; i < 8; i++) select.push(await time({ selection: new Set(ids.filter(() => rand() < 0.1)) }));
      return {
        panels: document.querySelectorAll('[data-testid="scatter-panel"] canvas').length,
        hover: [median(hover.map((h) => h[0])), median(hover.map((h) => h[1]))],
        select: [median(select.map((h) => h[0])), median(select.map((h) => h[1]))],
      };
    }, n);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `  4 × ${n.toLocaleString('en')} points (${result.panels} panels), medians: hover ${ms(result.hover[0])} main thread / ${ms(result.hover[1])} until redrawn; selection change ${ms(result.select[0])} / ${ms(result.select[1])}`,
    );
    if (n === 50_000) await memoryOf768(page, n);
    await page.close();
    await thumbnailFrameTimes(browser, baseUrl, n);
  }
}

/**
 * Memory with 4 pipelines × 50k × 768-d embeddings held as the app holds them (a Float32Array per
 * image in the store's content-keyed maps), measured by the browser itself
 * (performance.measureUserAgentSpecificMemory: JS heap and array buffers; needs cross-origin isolation).
 */
async function memoryOf768(page: import('@playwright/test').Page, n: number): Promise<void> {
  const measure = () =>
    page.evaluate(async () => {
      const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
      return p.measureUserAgentSpecificMemory ? (await p.measureUserAgentSpecificMemory()).bytes : NaN;
    });
  const before = await measure();
  await page.evaluate((count) => {
    type Store = { setState: (patch: object) => void };
    const store = (window as unknown as { __latentSkyStore: Store }).__latentSkyStore;
    const embeddings = new Map();
    for (let p = 0; p < 4; p++) {
      const vectors = new Map();
      for (let i = 0; i < count; i++) vectors.set(`h${i}`, new Float32Array(768).fill(p + i / count));
      embeddings.set(`pipeline-key-${p}`, vectors);
    }
    store.setState({ embeddings });
  }, n);
  const after = await measure();
  const raw = (4 * n * 768 * 4) / 2 ** 20;
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    `  memory: 4 × ${n.toLocaleString('en')} × 768 embeddings add ${mib(after - before)} (raw float32 ${raw.toFixed(0)} MiB); the page uses ${mib(after)} in all (4 panels of ${n.toLocaleString('en')} points included)`,
  );
}

await runAlone(
  import.meta.url,
  'Dragging a panel, frame times with dots and with cutouts (headless Chromium, software WebGL):',
  async (browser, base, sizes) => {
    for (const n of sizes ?? [10_000, 50_000]) await thumbnailFrameTimes(browser, base, n);
  },
);
