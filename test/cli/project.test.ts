import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { KNN_GRAPH_PATH, MATMUL_GRAPH_PATH } from '../../models/graphPaths';
import { projectDataset } from '../../src/cli/project';
import { rowsToParquet, type Row } from '../../src/cli/rows';
import type { OrtModule } from '../../src/models/lib/embedder';
import { exactKnn, jsTopK, normaliseRows } from '../../src/projection/lib/knn';
import { createOrtMatMul, createOrtTopK } from '../../src/projection/lib/ortKernels';
import { DEFAULT_UMAP, projectUmap } from '../../src/projection/lib/projection';

const dir = mkdtempSync(join(tmpdir(), 'latent-sky-project-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PUBLIC = resolve(import.meta.dirname, '../../public');

/** 300 seeded 64-d vectors in three clusters, as a merged dataset. */
function dataset(): { path: string; vectors: Float32Array; n: number; dim: number } {
  const n = 300;
  const dim = 64;
  let s = 12345;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  const vectors = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) vectors[i * dim + k] = rand() + (k === i % 3 ? 4 : 0);
  const rows: Row[] = Array.from({ length: n }, (_, i) => ({
    name: `x${i}.png`,
    path: `set/x${i}.png`,
    hash: null,
    label: `c${i % 3}`,
    ra: null,
    dec: null,
    meta: {},
    embedding: vectors.slice(i * dim, (i + 1) * dim),
    error: null,
  }));
  const path = join(dir, 'merged.parquet');
  writeFileSync(path, rowsToParquet(rows, false));
  return { path, vectors, n, dim };
}

async function readBack(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  return (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer })) as Record<
    string,
    unknown
  >[];
}

async function kvMetadata(path: string): Promise<Record<string, string>> {
  const bytes = readFileSync(path);
  const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
  return Object.fromEntries((meta.key_value_metadata ?? []).map((e) => [e.key, e.value ?? '']));
}

function cosine(v: Float32Array, dim: number, i: number, j: number): number {
  let dot = 0;
  let a = 0;
  let b = 0;
  for (let t = 0; t < dim; t++) {
    dot += v[i * dim + t] * v[j * dim + t];
    a += v[i * dim + t] ** 2;
    b += v[j * dim + t] ** 2;
  }
  return dot / Math.sqrt(a * b);
}

describe('latent-sky project', () => {
  it.skipIf(![KNN_GRAPH_PATH, MATMUL_GRAPH_PATH].every((p) => existsSync(resolve(PUBLIC, p))))(
    'lays out a dataset as the app does: same UMAP, parameters and seed, and its onnxruntime-web kernels',
    async () => {
      const { path, vectors, n, dim } = dataset();
      const out = join(dir, 'projected.parquet');
      await projectDataset(path, DEFAULT_UMAP, out, () => undefined);
      const bytes = readFileSync(out);
      const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer })) as Record<
        string,
        unknown
      >[];
      expect(rows).toHaveLength(n);
      expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['name', 'path', 'label', 'projection_x', 'projection_y', 'embedding']));

      // The app's projection worker: the same function with onnxruntime-web's kernels (WASM).
      const web = ortWeb as unknown as OrtModule;
      const topK = await createOrtTopK(web, new Uint8Array(readFileSync(resolve(PUBLIC, KNN_GRAPH_PATH))));
      const matMul = await createOrtMatMul(web, new Uint8Array(readFileSync(resolve(PUBLIC, MATMUL_GRAPH_PATH))));
      const app = await projectUmap(vectors, n, dim, DEFAULT_UMAP, { topK: topK.run, matMul: matMul.run });
      let worst = 0;
      rows.forEach((r, i) => {
        worst = Math.max(worst, Math.abs((r.projection_x as number) - app[2 * i]), Math.abs((r.projection_y as number) - app[2 * i + 1]));
      });
      expect(worst).toBe(0);
    },
    120_000,
  );

  it("writes Embedding Atlas's neighbors column: the exact graph's lists, 0-based row indices, self left out, cosine distances", async () => {
    const { path, vectors, n, dim } = dataset();
    const out = join(dir, 'neighbours.parquet');
    const result = await projectDataset(path, DEFAULT_UMAP, out, () => undefined, { recallSample: 50 });
    expect(result.method).toMatch(/^exact search/);
    expect(result.recall).toBe(1);
    const rows = await readBack(out);
    const exact = await exactKnn(normaliseRows(vectors, n, dim), n, dim, DEFAULT_UMAP.nNeighbors, jsTopK);
    const k = DEFAULT_UMAP.nNeighbors;
    rows.forEach((row, i) => {
      const { ids, distances } = row.neighbors as { ids: number[]; distances: number[] };
      expect(ids).toHaveLength(k - 1);
      expect(ids).not.toContain(i);
      expect(new Set(ids)).toEqual(new Set(exact.indices.subarray(i * k + 1, (i + 1) * k)));
      ids.forEach((j, c) => expect(distances[c]).toBeCloseTo(1 - cosine(vectors, dim, i, j), 5));
    });
    const metadata = JSON.parse((await kvMetadata(out))['latent_sky.projection']);
    expect(metadata.knn).toMatchObject({ method: result.method, k: k - 1, recall: 1, recallRows: 50 });
  }, 120_000);

  it('switches to NN-descent above --exact-max-rows, says so, and measures its recall on a seeded sample', async () => {
    const { path, vectors, n, dim } = dataset();
    const out = join(dir, 'approximate.parquet');
    const lines: string[] = [];
    const result = await projectDataset(path, DEFAULT_UMAP, out, (l) => lines.push(l), { exactMaxRows: 100, recallSample: 60 });
    expect(result.method).toMatch(/^NN-descent/);
    expect(lines.join('\n')).toMatch(/k-NN: NN-descent/);
    expect(lines.join('\n')).toMatch(/k-NN recall \d\.\d{4} \(14 neighbours, cosine on all 64 dimensions, 60 sampled rows\)/);
    expect(result.recallRows).toBe(60);
    // Independently: the lists against the exact neighbours of the same rows.
    const exact = await exactKnn(normaliseRows(vectors, n, dim), n, dim, DEFAULT_UMAP.nNeighbors, jsTopK);
    const rows = await readBack(out);
    let hits = 0;
    rows.forEach((row, i) => {
      const ids = (row.neighbors as { ids: number[] }).ids;
      expect(ids).not.toContain(i);
      hits += ids.filter((j) => exact.indices.subarray(i * 15 + 1, (i + 1) * 15).includes(j)).length;
    });
    expect(hits / (n * 14)).toBeGreaterThanOrEqual(0.95);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
    expect(rows.every((r) => Number.isFinite(r.projection_x) && Number.isFinite(r.projection_y))).toBe(true);
    expect(JSON.parse((await kvMetadata(out))['latent_sky.projection']).knn.method).toBe(result.method);
  }, 120_000);

  it('refuses a dataset whose rows lack embeddings', async () => {
    const path = join(dir, 'bad.parquet');
    writeFileSync(path, rowsToParquet([{ name: 'a', path: 'a', hash: null, label: null, ra: null, dec: null, meta: {}, embedding: null, error: null }], false));
    await expect(projectDataset(path, DEFAULT_UMAP, join(dir, 'never.parquet'), () => undefined)).rejects.toThrow(/every row needs an embedding/);
    expect(existsSync(join(dir, 'never.parquet'))).toBe(false);
  });
});
