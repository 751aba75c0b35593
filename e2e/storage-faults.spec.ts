import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';
import { MODEL_PATH, mirabestPngs } from './support/data';

// Browser storage that fails, and two tabs sharing one IndexedDB. The app must keep working, say
// once that results are not being kept, and never use a damaged cache record.

const FILES = mirabestPngs(10).files.map((f) => f.path); // 20 real MiraBest cutouts
const NOTICE = 'This browser is not keeping results';

/** The real MobileNetV2 from another origin, so the download goes through Cache Storage. */
async function startModelHost(): Promise<{ server: Server; url: string; requests: () => number }> {
  const body = readFileSync(MODEL_PATH);
  let requests = 0;
  const server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, { ...cors, 'access-control-allow-headers': '*' }).end();
    requests++;
    res.writeHead(200, { ...cors, 'content-length': body.byteLength, 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mobilenet_v2_quant_feat1280.onnx`, requests: () => requests };
}

let host: Awaited<ReturnType<typeof startModelHost>>;
test.beforeAll(async () => {
  host = await startModelHost();
});
test.afterAll(() => host.server.close());

/** Drops the files, adds the model, waits for the projection; resolves with the pipeline id. */
async function embedAndProject(page: Page, modelUrl: string, files = FILES): Promise<string> {
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('image-count')).toContainText(`${files.length} loaded`);
  const { pipelineId } = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), modelUrl);
  await expect.poll(async () => (await snapshot(page)).projections[0]?.n ?? 0, { timeout: 120_000, intervals: [1000] }).toBe(files.length);
  return pipelineId;
}

// Each fault is installed before the app's code runs; window.__faults counts the failed calls.
const FAULTS: { name: string; says: string[]; counted: boolean; install: () => void }[] = [
  {
    name: 'indexedDB.open throws and caches.open rejects',
    says: ['IndexedDB is blocked (InvalidStateError; a private window?)', 'Cache Storage for model files is blocked (SecurityError; a private window?)'],
    counted: true,
    install: () => {
      const w = window as unknown as { __faults: number };
      w.__faults = 0;
      IDBFactory.prototype.open = function () {
        w.__faults++;
        throw new DOMException('IndexedDB is disabled in this window', 'InvalidStateError');
      };
      CacheStorage.prototype.open = function () {
        w.__faults++;
        return Promise.reject(new DOMException('Cache Storage is disabled in this window', 'SecurityError'));
      };
    },
  },
  {
    name: 'the IndexedDB open request fails and Cache Storage does not exist',
    says: ['IndexedDB failed (UnknownError: Internal error opening backing store', 'Cache Storage for model files is not available'],
    counted: true,
    install: () => {
      const w = window as unknown as { __faults: number };
      w.__faults = 0;
      IDBFactory.prototype.open = function () {
        w.__faults++;
        const request = {
          error: new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'),
          result: undefined,
        } as unknown as IDBOpenDBRequest;
        setTimeout(() => request.onerror?.(new Event('error')));
        return request;
      };
      Object.defineProperty(window, 'caches', { value: undefined, configurable: true });
    },
  },
  {
    name: 'indexedDB does not exist (as in some private windows)',
    says: ['IndexedDB is not available'],
    counted: false,
    install: () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    },
  },
  {
    name: 'every write exceeds the quota (IndexedDB and Cache Storage)',
    says: ['IndexedDB is full (storage quota used up)', 'Cache Storage for model files is full (storage quota used up)'],
    counted: true,
    install: () => {
      const w = window as unknown as { __faults: number };
      w.__faults = 0;
      IDBObjectStore.prototype.put = function () {
        w.__faults++;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      Cache.prototype.put = function () {
        w.__faults++;
        return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      };
    },
  },
];

for (const fault of FAULTS) {
  test(`storage fault — ${fault.name}: everything works, and the notice says so once`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await page.addInitScript(fault.install);
    await page.goto('/');
    const pipelineId = await embedAndProject(page, host.url);

    const snap = await snapshot(page);
    expect(snap.models[0]).toMatchObject({ status: 'ready', fromCache: false, dim: 1280 });
    expect(snap.pipelines[0]).toMatchObject({ embedded: FILES.length, dim: 1280, restored: 0, failures: [] });
    expect(await page.evaluate((id) => window.latentSky.embeddings(id).length, pipelineId)).toBe(FILES.length);
    expect(snap.projections[0].coords.every((x) => Number.isFinite(x))).toBe(true);

    // One notice, however many calls failed; it names what failed and why.
    const notice = page.getByTestId('storage-notice');
    await expect(notice).toHaveCount(1);
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(`${NOTICE}: `);
    await expect(notice).toContainText('Everything works; a reload will recompute.');
    for (const reason of fault.says) await expect(notice).toContainText(reason);
    await expect(page.getByText(NOTICE)).toHaveCount(1);
    // Several calls failed (each chunk of embeddings is a write), yet there is one notice.
    if (fault.counted) expect(await page.evaluate(() => (window as unknown as { __faults: number }).__faults)).toBeGreaterThan(1);
    await page.screenshot({ path: testInfo.outputPath('storage-notice.png') });

    // Still one notice after more failing writes: a new layout (other UMAP parameters) is saved too.
    const faults = () => page.evaluate(() => (window as unknown as { __faults?: number }).__faults ?? 0);
    const before = await faults();
    await page.evaluate(() => window.latentSky.setUmap({ seed: 7 }));
    await expect
      .poll(async () => (await snapshot(page)).projections[0]?.coords, { timeout: 120_000, intervals: [1000] })
      .not.toEqual(snap.projections[0].coords);
    if (fault.counted) await expect.poll(faults).toBeGreaterThan(before);
    await expect(page.getByText(NOTICE)).toHaveCount(1);
    // Dismissed, it stays away.
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test('two tabs on the same data share the cache without damaging it; damaged records are recomputed', async ({ context }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  const errors = [...[a, b].map(watchErrors)];
  for (const page of [a, b]) {
    await serveTestModel(page);
    await page.goto('/');
  }
  // Both tabs embed the same files with the same model at the same time, writing the same keys.
  const [idA, idB] = await Promise.all([embedAndProject(a, MODEL_URL), embedAndProject(b, MODEL_URL)]);
  const byName = async (page: Page, id: string) =>
    new Map((await page.evaluate((pid) => window.latentSky.embeddings(pid), id)).map((r) => [r.name, r.vector] as const));
  const original = await byName(a, idA);
  expect(original.size).toBe(FILES.length);
  expect(await byName(b, idB)).toEqual(original);
  const coordsOf = async (page: Page) => {
    const snap = await snapshot(page);
    return new Map(snap.images.map((img, i) => [img.name, snap.projections[0].coords.slice(2 * i, 2 * i + 2)] as const));
  };
  const originalLayout = await coordsOf(a);
  expect(await coordsOf(b)).toEqual(originalLayout);
  expect((await snapshot(a)).projections[0].fromCache).toBe(false);

  // Every record the two tabs left is whole; then damage four embeddings and the layout by hand.
  const damaged = await a.evaluate(async () => {
    const open = (name: string) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const done = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const committed = (tx: IDBTransaction) =>
      new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = () => reject(tx.error))));
    const embeddings = await open('latent-sky-embeddings');
    const read = embeddings.transaction('vectors').objectStore('vectors');
    const [keys, records] = (await Promise.all([done(read.getAllKeys()), done(read.getAll())])) as [
      string[],
      { v: number; dim: number; vector: Float32Array; check: number }[],
    ];
    const whole = records.every((r) => r.v === 1 && r.dim === 1280 && r.vector instanceof Float32Array && r.vector.length === 1280);
    const [k0, k1, k2, k3] = keys;
    const e = (k: string) => records[keys.indexOf(k)];
    const nan = e(k2).vector.slice();
    nan[5] = NaN;
    const write = embeddings.transaction('vectors', 'readwrite');
    const vectors = write.objectStore('vectors');
    vectors.put({ ...e(k0), vector: e(k0).vector.slice(0, 640) }, k0); // truncated, its old checksum kept
    vectors.put('garbage', k1);
    vectors.put({ ...e(k2), vector: nan }, k2); // a NaN
    vectors.put(e(k3).vector.slice(0, 700), k3); // the old format, a bare vector, truncated
    await committed(write);
    embeddings.close();
    const projections = await open('latent-sky-projections');
    const layoutKeys = (await done(projections.transaction('layouts').objectStore('layouts').getAllKeys())) as string[];
    const layout = (await done(projections.transaction('layouts').objectStore('layouts').get(layoutKeys[0]))) as { coords: Float32Array };
    const fix = projections.transaction('layouts', 'readwrite');
    fix.objectStore('layouts').put({ ...layout, coords: layout.coords.slice(0, layout.coords.length - 1) }, layoutKeys[0]); // one coordinate short
    await committed(fix);
    projections.close();
    return { count: keys.length, whole, keys: [k0, k1, k2, k3], layouts: layoutKeys.length };
  });
  expect(damaged).toMatchObject({ count: FILES.length, whole: true, layouts: 1 });

  // A reload: exactly the damaged ones are recomputed, and come out as before.
  await a.reload();
  const id = await embedAndProject(a, MODEL_URL);
  const snap = await snapshot(a);
  expect(snap.pipelines[0]).toMatchObject({ restored: FILES.length - 4, embedded: FILES.length, dim: 1280 });
  expect(await byName(a, id)).toEqual(original);
  expect(snap.projections[0].fromCache).toBe(false);
  expect(await coordsOf(a)).toEqual(originalLayout);

  // The damaged records were overwritten with whole ones.
  await expect
    .poll(() =>
      a.evaluate(async (keys) => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const r = indexedDB.open('latent-sky-embeddings');
          r.onsuccess = () => resolve(r.result);
        });
        const store = db.transaction('vectors').objectStore('vectors');
        const values = await Promise.all(
          keys.map(
            (k) => new Promise<{ v?: number; vector?: Float32Array }>((resolve) => (store.get(k).onsuccess = (e) => resolve((e.target as IDBRequest).result))),
          ),
        );
        db.close();
        return values.map((v) => v?.v === 1 && v.vector?.length === 1280);
      }, damaged.keys),
    )
    .toEqual([true, true, true, true]);

  // A healthy browser says nothing about storage.
  for (const page of [a, b]) await expect(page.getByTestId('storage-notice')).toHaveCount(0);
  expect(errors.flat()).toEqual([]);
});
