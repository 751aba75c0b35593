/**
 * The README's screenshot (docs/latent-sky.png): the app on a first visit (the synthetic demo sky,
 * so no survey's images end up in the repository) with two models side by side, density contours
 * and clusters, one cluster selected in both panels, and the first panel zoomed in on its cutouts.
 *
 *   BENCH_PORT=4180 BENCH_OUT_DIR=dist-shot npx tsx scripts/readme-screenshot.ts
 */
import { withApp } from '../bench/app';

const OUT = 'docs/latent-sky.png';

await withApp(async (browser, baseUrl) => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 940 } });
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(baseUrl);
  const projections = () => page.evaluate(() => window.latentSky.snapshot().projections.length);
  const until = async (what: () => Promise<boolean>, label: string, seconds = 600) => {
    for (let t = 0; t < seconds; t += 2) {
      if (await what()) return;
      await page.waitForTimeout(2000);
    }
    throw new Error(`timed out waiting for ${label}`);
  };
  await until(async () => (await projections()) >= 1, 'the demo sky’s projection');
  await page.evaluate(() => window.latentSky.addPixelBaseline());
  await until(async () => (await projections()) >= 2, 'the pixel baseline’s projection');
  await page.evaluate(() => window.latentSky.setContours(true));
  await until(async () => (await page.evaluate(() => window.latentSky.snapshot().clusters.length)) >= 2, 'the clusters');
  const [first] = await page.evaluate(() => window.latentSky.snapshot().pipelines.map((p) => p.id));
  const biggest = await page.evaluate((id) => {
    const clusters = window.latentSky.clusters(id)?.clusters ?? [];
    return clusters.reduce((a, b) => (b.size > a.size ? b : a), clusters[0]).cluster;
  }, first);
  await page.evaluate(({ id, cluster }) => window.latentSky.selectCluster(id, cluster), { id: first, cluster: biggest });
  // Zoom the first panel in (mouse wheel) on one of the selected cluster's members until the points
  // in view become their cutouts. Its place on screen follows from the region the panel shows
  // (its data-camera: world x0, y0, x1, y1).
  const plot = page.getByTestId('scatter-panel').first().locator('.plot');
  const box = (await plot.boundingBox())!;
  const [x0, y0, x1, y1] = (await plot.getAttribute('data-camera'))!.split(',').map(Number);
  const [px, py] = await page.evaluate(
    ({ id, cluster }) => {
      const s = window.latentSky.snapshot();
      const labels = s.clusters.find((c) => c.pipelineId === id)!.labels;
      const coords = s.projections.find((p) => p.pipelineId === id)!.coords as number[];
      const i = labels.findIndex((l) => l === cluster);
      return [coords[2 * i], coords[2 * i + 1]];
    },
    { id: first, cluster: biggest },
  );
  await page.mouse.move(box.x + ((px - x0) / (x1 - x0)) * box.width, box.y + ((py - y0) / (y1 - y0)) * box.height);
  await until(
    async () => {
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(1000);
      return (await page.getByTestId('thumbnail-mode').count()) > 0;
    },
    'thumbnail mode',
    60,
  );
  await page.mouse.move(5, 5);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: OUT });
  console.log(`wrote ${OUT}`);
});
