import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fitsSample, mirabestPngs, SHARED } from './support/data';
import { fitView } from '../src/projection/lib/camera';
import { pointsInPolygon } from '../src/projection/lib/geometry';
import { skyLinks } from '../src/sky/lib/skyLinks';
import { skyPlane } from '../src/sky/lib/skyPlane';
import { formatSky } from '../src/shared/lib/formatSky';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

/** MiraBest's own RA/Dec per image index (basic_792/labels.csv: index,…,ra,dec,filename). */
function mirabestPositions(): Map<number, { ra: string; dec: string }> {
  const rows = readFileSync(join(SHARED, 'mirabest/basic_792/labels.csv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((r) => r.split(',')).map((c) => [Number(c[0]), { ra: c[6], dec: c[7] }]));
}

/** Drags a box between two points given as fractions of an element's box. */
async function dragBox(page: Page, box: { x: number; y: number; width: number; height: number }, from: number[], to: number[]) {
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 6 });
  await page.mouse.up();
}

// The 12 MiraBest FITS (positions from their WCS) and 20 MiraBest PNGs with a labels CSV that gives
// RA/Dec for 16 of them (MiraBest's catalogue positions): links at each position, one point per
// positioned image on the sky panel, and selections that travel both ways between sky and latent space.
test('the sky: links at each position, a sky panel linked to the latent panels both ways', async ({ page }) => {
  const errors = watchErrors(page);
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!new URL(r.url()).host.startsWith('127.0.0.1')) outside.push(r.url());
  });
  const fits = fitsSample();
  const pngs = mirabestPngs(10);
  const positions = mirabestPositions();
  const csv = join(pngs.dir, 'labels-sky.csv');
  const rows = pngs.files.map((f, k) => {
    const p = positions.get(Number(f.name.slice(9, 12)))!;
    return k % 5 === 4 ? `${f.name},${f.label},,` : `${f.name},${f.label},${p.ra},${p.dec}`;
  });
  writeFileSync(csv, ['filename,label,ra,dec', ...rows].join('\n'));

  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([...fits.map((f) => f.path), ...pngs.files.map((f) => f.path), csv]);
  await expect(page.getByTestId('image-count')).toContainText('32 loaded');
  await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 150_000, intervals: [1000] }).toBe(32);
  const snap = await snapshot(page);

  // Positions: FITS from the WCS, PNGs from the CSV, none where the CSV cell is empty.
  const placed = snap.images.filter((i) => i.ra !== null);
  expect(placed).toHaveLength(28);
  expect(snap.images.find((i) => i.name === fits[0].name)).toMatchObject({ ra: expect.closeTo(10.4509, 4), dec: expect.closeTo(-9.28422, 4) });
  const png = pngs.files[0];
  const pngPos = positions.get(Number(png.name.slice(9, 12)))!;
  expect(snap.images.find((i) => i.name === png.name)).toMatchObject({ ra: Number(pngPos.ra), dec: Number(pngPos.dec) });

  // One point per positioned image.
  const sky = page.getByTestId('sky-panel');
  await expect(sky).toHaveAttribute('data-points', '28');
  await expect(page.getByTestId('sky-count')).toContainText('28 of 32 images have a position');
  await expect(sky.getByTestId('sky-ra-tick').first()).toBeVisible();
  await expect(sky.getByTestId('legend-item')).toHaveCount(3);

  // Links at the position, for a FITS (WCS) and a PNG (CSV) image: exactly the lib's URLs, opened in a new tab.
  for (const name of [fits[0].name, png.name]) {
    const img = snap.images.find((i) => i.name === name)!;
    await page.evaluate(([n, id]) => window.latentSky.preview(n, id), [name, snap.pipelines[0].id] as const);
    const links = page.getByTestId('preview').getByTestId('sky-link');
    await page.screenshot({ path: test.info().outputPath('preview-sky-links.png') });
    await expect(links).toHaveCount(4);
    const shown = await links.evaluateAll((as) =>
      as.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') })),
    );
    expect(shown.map((l) => l.href)).toEqual(skyLinks({ ra: img.ra!, dec: img.dec! }).map((l) => l.url));
    expect(shown.every((l) => l.target === '_blank' && l.rel?.includes('noopener'))).toBe(true);
    expect(shown[0].href).toContain(`ra=${img.ra!.toFixed(6)}&dec=${img.dec!.toFixed(6)}`);
    expect(new URL(shown[2].href!).searchParams.get('Coord')).toBe(`${img.ra!.toFixed(6)} ${img.dec! < 0 ? '-' : '+'}${Math.abs(img.dec!).toFixed(6)}`);
  }
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('preview')).toHaveCount(0);

  // Hovering a PNG placed by the CSV's RA/Dec in the latent panel: the tooltip gives its position too.
  const coords = snap.projections[0].coords as number[];
  const room = (i: number) =>
    Math.min(...snap.images.map((_, j) => (j === i ? Infinity : Math.hypot(coords[2 * i] - coords[2 * j], coords[2 * i + 1] - coords[2 * j + 1]))));
  const canvasBox = (await page.getByTestId('scatter-panel').first().locator('canvas').first().boundingBox())!;
  const fit = fitView(Float32Array.from(coords), canvasBox.width, canvasBox.height);
  const onScreen = (x: number, y: number) => [
    canvasBox.width / 2 + (x - fit.target[0]) * 2 ** fit.zoom,
    canvasBox.height / 2 + (y - fit.target[1]) * 2 ** fit.zoom,
  ];
  // Not under a cluster's label (drawn over the points at its members' mean) nor the legend (top right).
  const clustered = snap.clusters[0].labels as number[];
  const centres = [...new Set(clustered.filter((c) => c >= 0))].map((c) => {
    const members = clustered.flatMap((l, i) => (l === c ? [i] : []));
    return onScreen(members.reduce((t, i) => t + coords[2 * i], 0) / members.length, members.reduce((t, i) => t + coords[2 * i + 1], 0) / members.length);
  });
  const clear = (i: number) => {
    const [x, y] = onScreen(coords[2 * i], coords[2 * i + 1]);
    return centres.every(([cx, cy]) => Math.abs(y - cy) > 16 || Math.abs(x - cx) > 110) && !(x > canvasBox.width - 200 && y < 120);
  };
  const hoverTarget = snap.images
    .map((_, i) => i)
    .filter((i) => !snap.images[i].name.endsWith('.fits') && snap.images[i].ra !== null && clear(i))
    .sort((i, j) => room(j) - room(i))[0];
  const tooltip = page.getByTestId('tooltip');
  // The panel refits its view a frame after the preview closed: the pointer moves onto the point again until the tooltip shows.
  await expect(async () => {
    const latentBox = (await page.getByTestId('scatter-panel').first().locator('canvas').first().boundingBox())!;
    const fitted = fitView(Float32Array.from(coords), latentBox.width, latentBox.height);
    const x = latentBox.x + latentBox.width / 2 + (coords[2 * hoverTarget] - fitted.target[0]) * 2 ** fitted.zoom;
    const y = latentBox.y + latentBox.height / 2 + (coords[2 * hoverTarget + 1] - fitted.target[1]) * 2 ** fitted.zoom;
    await page.mouse.move(x - 20, y - 20);
    await page.mouse.move(x, y);
    await expect(tooltip.locator('.file-name')).toHaveText(snap.images[hoverTarget].name, { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  const target = snap.images[hoverTarget];
  await expect(tooltip).toContainText(formatSky({ ra: target.ra!, dec: target.dec! }));
  await page.screenshot({ path: test.info().outputPath('tooltip-sky-from-csv.png') });
  await page.mouse.move(0, 0);

  // Sky → latent: a box on the sky around the FITS field (RA 0°–17°, Dec −11°–1°) selects exactly the
  // positioned images inside it, in every panel.
  const plot = sky.locator('.plot');
  const box = (await plot.boundingBox())!;
  const plane = skyPlane(placed.map((i) => ({ ra: i.ra!, dec: i.dec! })));
  const view = fitView(plane.coords, box.width, box.height, 0.75);
  const scale = 2 ** view.zoom;
  const toScreenFraction = (x: number, y: number) => [
    (box.width / 2 + (x - view.target[0]) * scale) / box.width,
    (box.height / 2 + (y - view.target[1]) * scale) / box.height,
  ];
  // The field's corners in plot coordinates (the plot may have moved RA 0° to keep the PNGs' RAs together).
  const field = placed.flatMap((p, i) => (p.name.endsWith('.fits') && p.ra! < 17 && p.dec! > -11 && p.dec! < 1 ? [i] : []));
  const xs = field.map((i) => plane.coords[2 * i]);
  const ys = field.map((i) => plane.coords[2 * i + 1]);
  const from = toScreenFraction(Math.min(...xs) - 0.5, Math.min(...ys) - 0.5);
  const to = toScreenFraction(Math.max(...xs) + 0.5, Math.max(...ys) + 0.5);
  await sky.getByTestId('tool-box').click();
  await dragBox(page, box, from, to);
  const world = ([fx, fy]: number[]) => [
    view.target[0] + (fx * box.width - box.width / 2) / scale,
    view.target[1] + (fy * box.height - box.height / 2) / scale,
  ];
  const [a, b] = [world(from), world(to)];
  const expected = pointsInPolygon(plane.coords, [a[0], a[1], b[0], a[1], b[0], b[1], a[0], b[1]])
    .map((i) => placed[i].name)
    .sort();
  expect(expected.length).toBeGreaterThanOrEqual(field.length);
  expect(expected.every((n) => n.endsWith('.fits'))).toBe(true);
  await expect.poll(async () => (await snapshot(page)).view.selection.sort()).toEqual(expected);
  await expect(page.getByTestId('selection-count')).toHaveText(`${expected.length} selected`);
  await expect(page.getByTestId('sky-selected')).toHaveText(` · ${expected.length} selected`);
  await page.screenshot({ path: test.info().outputPath('sky-selected-on-sky.png') });

  // Latent → sky: a box over the left half of the latent panel; the sky panel highlights those of them with a position.
  await page.keyboard.press('Escape');
  expect((await snapshot(page)).view.selection).toEqual([]);
  const latent = page.getByTestId('scatter-panel').first();
  await latent.getByTestId('tool-box').click();
  await dragBox(page, (await latent.locator('.plot').boundingBox())!, [0.02, 0.02], [0.5, 0.98]);
  await expect.poll(async () => (await snapshot(page)).view.selection.length).toBeGreaterThan(0);
  const selected = (await snapshot(page)).view.selection;
  const onSky = selected.filter((n) => placed.some((p) => p.name === n)).length;
  await expect(page.getByTestId('sky-selected')).toHaveText(` · ${onSky} selected`);
  await sky.screenshot({ path: test.info().outputPath('sky-panel.png') });

  // The app itself fetched nothing from the linked sites (or any other).
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});
