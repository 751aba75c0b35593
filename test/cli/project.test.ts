import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { KNN_GRAPH_PATH, MATMUL_GRAPH_PATH } from '../../models/graphPaths';
import { projectDataset } from '../../src/cli/project';
import { rowsToParquet, type Row } from '../../src/cli/rows';
import type { OrtModule } from '../../src/models/lib/embedder';
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

  it('refuses a dataset whose rows lack embeddings', async () => {
    const path = join(dir, 'bad.parquet');
    writeFileSync(path, rowsToParquet([{ name: 'a', path: 'a', hash: null, label: null, ra: null, dec: null, meta: {}, embedding: null, error: null }], false));
    await expect(projectDataset(path, DEFAULT_UMAP, join(dir, 'never.parquet'), () => undefined)).rejects.toThrow(/every row needs an embedding/);
    expect(existsSync(join(dir, 'never.parquet'))).toBe(false);
  });
});
