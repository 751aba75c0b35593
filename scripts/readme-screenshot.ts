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
  // Zoom the first panel in (mouse wheel) until its points in view become their cutouts.
  const plot = page.getByTestId('scatter-panel').first().locator('.plot');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
  await until(
    async () => {
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(800);
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
