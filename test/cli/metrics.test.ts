import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metricsOfDataset } from '../../src/cli/metrics';
import { rowsToParquet, type Row } from '../../src/cli/rows';
import { comparePipelines } from '../../src/compare/lib/compare';
import { metricsCsv } from '../../src/export/lib/resultTables';

const dir = mkdtempSync(join(tmpdir(), 'latent-sky-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 90 seeded 8-d rows in three classes with a 2-D layout; content hashes in the reverse of file order. */
function rows(): Row[] {
  let s = 11;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  return Array.from({ length: 90 }, (_, i) => ({
    name: `x${i}.png`,
    path: `set/x${i}.png`,
    hash: (1000 - i).toString(16).padStart(32, '0'),
    label: ['a', 'b', 'c'][i % 3],
    ra: null,
    dec: null,
    meta: {},
    error: null,
    embedding: Float32Array.from({ length: 8 }, (_, k) => rand() + (k === i % 3 ? 2 : 0)),
  }));
}

describe('latent-sky metrics', () => {
  it("writes the app's metrics table, computed by the app's comparison on the rows in the app's order", async () => {
    const data = rows();
    const xy = data.map((r) => [r.embedding![0] + r.embedding![2], r.embedding![1] - r.embedding![2]]);
    const path = join(dir, 'projected.parquet');
    writeFileSync(
      path,
      rowsToParquet(data, false, [
        { name: 'projection_x', kind: 'float', values: xy.map((p) => p[0]) },
        { name: 'projection_y', kind: 'float', values: xy.map((p) => p[1]) },
      ]),
    );
    const out = join(dir, 'metrics.csv');
    await metricsOfDataset(path, out, () => undefined);

    const order = data.map((_, i) => i).reverse(); // ascending content hash
    const X = new Float32Array(90 * 8);
    order.forEach((i, k) => X.set(data[i].embedding!, k * 8));
    const coords = Float32Array.from(order.flatMap((i) => [Math.fround(xy[i][0]), Math.fround(xy[i][1])]));
    const labels = Int32Array.from(order, (i) => i % 3);
    const result = comparePipelines([{ id: 'projected', X, dim: 8, coords }], labels, 3);
    expect(readFileSync(out, 'utf8')).toBe(metricsCsv([{ id: 'projected', title: 'projected', metrics: result.perPipeline.projected }], 90));
  });

  it('asks for a projection first', async () => {
    const path = join(dir, 'merged.parquet');
    writeFileSync(path, rowsToParquet(rows(), false));
    await expect(metricsOfDataset(path, join(dir, 'x.csv'), () => undefined)).rejects.toThrow(/run `latent-sky project` on it first/);
  });
});
