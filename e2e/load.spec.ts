import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { snapshot, watchErrors } from './support/app';
import { distinctMirabestPngs } from './support/data';

const N = 10_000;

/**
 * Files that must not become images, and exact copies (by content) of three cutouts under other
 * names, in a folder of their own so the cached cutout folder stays clean. None is a .csv or .onnx
 * (those are read as labels or models, not queued as images).
 */
function extras(cutouts: { path: string; name: string }[]): { path: string; name: string }[] {
  const dir = join(tmpdir(), `latent-sky-load-extras-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const png = readFileSync(cutouts[0].path);
  const write = (name: string, body: Uint8Array | string) => {
    writeFileSync(join(dir, name), body);
    return { path: join(dir, name), name };
  };
  const copy = (i: number) => {
    const name = `copy-of-${cutouts[i].name}`;
    copyFileSync(cutouts[i].path, join(dir, name));
    return { path: join(dir, name), name };
  };
  return [
    write('truncated.png', png.subarray(0, Math.floor(png.length / 2))),
    write('notes.txt', 'these are not pixels\n'),
    write('empty.png', new Uint8Array(0)),
    copy(1),
    copy(N / 2),
    copy(N - 1),
  ];
}

const BAD = ['truncated.png', 'notes.txt', 'empty.png'];

test('10,000 cutouts dropped at once: every file is accounted for exactly once, and the counters agree', async ({ page }) => {
  test.setTimeout(30 * 60_000);
  const cutouts = distinctMirabestPngs(N).files;
  const more = extras(cutouts);
  // The extras go among the cutouts, not only at the end.
  const dropped = [...cutouts];
  more.forEach((f, k) => dropped.splice(Math.floor(((k + 1) * dropped.length) / (more.length + 1)), 0, f));
  const expected = dropped.length;
  expect(expected).toBe(N + more.length);

  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(dropped.map((f) => f.path));

  // Poll the counters while the files load: done must never run ahead of queued.
  type Poll = { queued: number; done: number; images: number; skipped: number };
  const polls: Poll[] = [];
  const read = () =>
    page.evaluate(() => {
      const s = window.latentSky.snapshot();
      return { ...s.ingest, images: s.images.length, skipped: s.skipped.length };
    });
  // Ends when the counters say the drop is finished, or when every file has come out and nothing
  // has moved for 20 polls (so broken counters fail the assertions below rather than the timeout).
  let still = 0;
  for (;;) {
    const p = await read();
    const last = polls.at(-1);
    still = last && last.queued === p.queued && last.done === p.done && last.images === p.images && last.skipped === p.skipped ? still + 1 : 0;
    polls.push(p);
    if (p.queued >= expected && p.done >= p.queued) break;
    if (p.images + p.skipped >= expected && still >= 20) break;
    await page.waitForTimeout(500);
  }
  const aheadOfQueued = polls.filter((p) => p.done > p.queued);
  expect(aheadOfQueued, 'polls where ingest.done > ingest.queued').toEqual([]);

  const snap = await snapshot(page);
  expect(snap.ingest).toEqual({ queued: expected, done: expected });
  // Every dropped name exactly once across images and skipped files (as multisets: sorted lists).
  const count = new Map<string, number>();
  for (const f of dropped) count.set(f.name, (count.get(f.name) ?? 0) + 1);
  for (const name of [...snap.images.map((i) => i.name), ...snap.skipped.map((s) => s.name)]) count.set(name, (count.get(name) ?? 0) - 1);
  const missing = [...count].filter(([, c]) => c > 0).map(([name, c]) => `${name} ×${c}`);
  const extra = [...count].filter(([, c]) => c < 0).map(([name, c]) => `${name} ×${-c}`);
  expect(missing.slice(0, 20), `${missing.length} dropped files neither an image nor skipped (first 20)`).toEqual([]);
  expect(extra.slice(0, 20), `${extra.length} names more often than dropped (first 20)`).toEqual([]);
  // Bad files are skipped; copies by content are images of their own, as the originals are.
  expect(snap.skipped.map((s) => s.name).sort()).toEqual([...BAD].sort());
  expect(snap.images).toHaveLength(expected - BAD.length);
  expect(errors).toEqual([]);
});
