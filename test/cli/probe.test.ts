import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSoftmaxLossGraph } from '../../models/build/softmaxLossGraph';
import { probeDataset } from '../../src/cli/probe';
import { rowsToParquet, type Row } from '../../src/cli/rows';
import { probeResultsCsv } from '../../src/export/lib/resultTables';
import type { OrtModule } from '../../src/models/lib/embedder';
import { createOrtSoftmaxLoss } from '../../src/probe/lib/ortSoftmaxLoss';
import { DEFAULT_PROBE, runProbe } from '../../src/probe/lib/probe';

const dir = mkdtempSync(join(tmpdir(), 'latent-sky-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const settings = { ...DEFAULT_PROBE, seeds: 3 };

/** 120 seeded 16-d rows in three separable classes; content hashes in the reverse of file order. */
function rows(): Row[] {
  let s = 7;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  return Array.from({ length: 120 }, (_, i) => ({
    name: `x${String(i).padStart(3, '0')}.png`,
    path: `set/x${i}.png`,
    hash: (1000 - i).toString(16).padStart(32, '0'),
    label: ['FRI', 'FRII', 'hybrid'][i % 3],
    ra: null,
    dec: null,
    meta: {},
    error: null,
    embedding: Float32Array.from({ length: 16 }, (_, k) => rand() + (k === i % 3 ? 3 : 0)),
  }));
}

describe('latent-sky probe', () => {
  it("writes the app's probe CSV for the app's probe over the rows in the app's (content) order", async () => {
    const data = rows();
    const path = join(dir, 'merged.parquet');
    writeFileSync(path, rowsToParquet(data, false));
    const out = join(dir, 'probe.csv');
    expect(await probeDataset(path, settings, out, () => undefined)).toMatchObject({ rows: 120, classes: ['FRI', 'FRII', 'hybrid'] });

    const ordered = [...data].reverse(); // ascending content hash, as the app sorts its images
    const X = new Float32Array(120 * 16);
    ordered.forEach((r, i) => X.set(r.embedding!, i * 16));
    const labels = Int32Array.from(ordered, (r) => ['FRI', 'FRII', 'hybrid'].indexOf(r.label!));
    // The CLI runs the linear head's loss on onnxruntime-web, as the app's probe workers do.
    const { loss } = await createOrtSoftmaxLoss(ortWeb as unknown as OrtModule, buildSoftmaxLossGraph());
    const results = await runProbe({ X, dim: 16, labels, nClasses: 3 }, settings, undefined, loss);
    const expected = probeResultsCsv([{ title: 'merged', results }], ['FRI', 'FRII', 'hybrid']);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toBe(expected);
    expect(Number(csv.split('\n').at(-1)!.split(',')[5])).toBeGreaterThan(0.9); // separable classes: macro-F1 at 100 % of labels
  });

  it('needs two labelled classes', async () => {
    const path = join(dir, 'one.parquet');
    writeFileSync(
      path,
      rowsToParquet(
        rows().map((r) => ({ ...r, label: 'FRI' })),
        false,
      ),
    );
    await expect(probeDataset(path, settings, join(dir, 'x.csv'), () => undefined)).rejects.toThrow(/at least two labelled classes \(found FRI\)/);
  });
});
