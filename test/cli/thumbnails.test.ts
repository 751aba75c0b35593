import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { embedShard } from '../../src/cli/embedShard';
import { listInputs } from '../../src/cli/inputs';
import { mergeParts } from '../../src/cli/merge';
import { loadEmbedder, modelSource } from '../../src/cli/model';
import { nodeRasterDecoder } from '../../src/cli/nodeRaster';
import { projectDataset } from '../../src/cli/project';
import { readRows } from '../../src/cli/rows';
import { decodeFile, DEFAULT_LIMITS } from '../../src/images/lib/decode';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { thumbnailPixels } from '../../src/preprocessing/lib/thumbnail';
import { DEFAULT_UMAP } from '../../src/projection/lib/projection';
import { makeSurvey, MODEL } from './support/survey';

const survey = makeSurvey(20);
const out = mkdtempSync(join(tmpdir(), 'latent-sky-thumbs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const items = listInputs([survey.root]);
const source = modelSource(MODEL);
const quiet = { advance: () => undefined, done: () => undefined };

/** Both shards of a two-shard run, shard i with `thumbnails(i)`. */
async function embedBoth(outDir: string, rowGroup: number, thumbnails: (shard: number) => number | undefined): Promise<void> {
  for (const index of [0, 1]) {
    await embedShard({
      items,
      shard: { index, count: 2, source: 'test' },
      outDir,
      preprocessing: DEFAULT_PREPROCESSING,
      labels: new Map(),
      embedder: () => loadEmbedder(source, 'cpu', 1, undefined),
      modelLabel: source.label,
      rowGroup,
      thumbnails: thumbnails(index),
      log: () => undefined,
      progress: () => quiet,
    });
  }
}

describe('latent-sky embed --thumbnails', () => {
  it('writes each row a PNG of the image as the app displays it, which merge and project keep', { timeout: 120_000 }, async () => {
    await embedBoth(out, 8, () => 48);
    const merged = await mergeParts(out);
    expect(merged.ok).toBe(true);
    const projected = join(out, 'merged.projected.parquet');
    await projectDataset(merged.out!, DEFAULT_UMAP, projected, () => undefined);
    const rows = await readRows(projected);
    expect(rows).toHaveLength(survey.images.length);
    for (const row of rows) {
      const png = decode(row.thumbnail!);
      expect(Math.max(png.width, png.height)).toBe(48);
      const file = new Uint8Array(readFileSync(join(survey.root, '..', row.path)));
      const decoded = await decodeFile(row.name, file, DEFAULT_LIMITS, nodeRasterDecoder);
      const expected = thumbnailPixels(decoded.raw, 48);
      expect([png.width, png.height, png.channels]).toEqual([expected.width, expected.height, expected.channels]);
      expect(Buffer.from(png.data as Uint8Array).equals(Buffer.from(expected.pixels))).toBe(true);
    }
  });

  it('refuses to merge parts made with and without thumbnails', { timeout: 120_000 }, async () => {
    const mixed = mkdtempSync(join(tmpdir(), 'latent-sky-thumbs-mixed-'));
    try {
      await embedBoth(mixed, 64, (i) => (i === 0 ? 32 : undefined));
      const merged = await mergeParts(mixed);
      expect(merged.ok).toBe(false);
      expect(merged.problems.join('\n')).toMatch(/different --thumbnails/);
    } finally {
      rmSync(mixed, { recursive: true, force: true });
    }
  });
});
