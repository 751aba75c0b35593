import { expect, test, type Page } from '@playwright/test';
import { snapshot, watchErrors } from './support/app';
import { labelsCsv, mirabestPngs } from './support/data';

// A first visit, with no saved state: the app starts loading the demo sky by itself.
test.use({ storageState: { cookies: [], origins: [] } });

const DEMO_SIZE = 192;
const pngs = mirabestPngs(100);
const csv = labelsCsv(pngs, 'race-labels.csv');
const dropped = pngs.files.map((f) => f.name).sort();

/** The moments of the demo's loading at which the user's files arrive. */
const MOMENTS: { name: string; when: (page: Page) => Promise<void> }[] = [
  { name: 'at once', when: async () => undefined },
  { name: 'after the first demo cutouts', when: (page) => demoDone(page, 1) },
  { name: 'halfway through the demo', when: (page) => demoDone(page, DEMO_SIZE / 2) },
  { name: 'after the whole demo', when: (page) => demoDone(page, DEMO_SIZE) },
];

async function demoDone(page: Page, n: number): Promise<void> {
  await expect.poll(async () => (await snapshot(page)).ingest.done, { intervals: [20], timeout: 60_000 }).toBeGreaterThanOrEqual(n);
}

for (const moment of MOMENTS) {
  test(`files dropped ${moment.name} on a first visit are exactly the set analysed`, async ({ page }) => {
    const errors = watchErrors(page);
    // done ≤ queued at every moment, recorded in the page on every animation frame.
    await page.addInitScript(() => {
      const w = window as unknown as { __counterViolations: string[] };
      w.__counterViolations = [];
      const check = () => {
        const s = window.latentSky?.snapshot();
        if (s && s.ingest.done > s.ingest.queued) w.__counterViolations.push(`${s.ingest.done} of ${s.ingest.queued}`);
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await page.goto('/');
    await moment.when(page);
    await page.getByTestId('file-input').setInputFiles([csv, ...pngs.files.map((f) => f.path)]);

    await expect.poll(async () => (await snapshot(page)).ingest, { timeout: 60_000 }).toEqual({ queued: dropped.length, done: dropped.length });
    // Give a superseded job's late results every chance to (wrongly) arrive.
    await page.waitForTimeout(1000);
    const s = await snapshot(page);
    expect(s.images.map((i) => i.name).sort()).toEqual(dropped);
    expect(s.images.every((i) => i.label === 'FRI' || i.label === 'FRII')).toBe(true);
    expect(s.skipped).toEqual([]);
    expect(s.ingest).toEqual({ queued: dropped.length, done: dropped.length });
    await expect(page.getByTestId('image-count')).toContainText(`${dropped.length} loaded`);
    await expect(page.getByTestId('demo-notice')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __counterViolations: string[] }).__counterViolations)).toEqual([]);

    if (moment.name === 'halfway through the demo') {
      // What the default model embeds and projects is the user's set, not a mixture.
      await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 180_000, intervals: [1000] }).toBe(dropped.length);
      const done = await snapshot(page);
      expect(done.pipelines[0].embedded).toBe(dropped.length);
      await page.screenshot({ path: test.info().outputPath('first-visit-race.png') });
    }
    expect(errors).toEqual([]);
  });
}
