import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embedShard, type ShardRun } from '../../src/cli/embedShard';
import { listInputs } from '../../src/cli/inputs';
import { mergeParts } from '../../src/cli/merge';
import { loadEmbedder, modelSource } from '../../src/cli/model';
import { prepareImage } from '../../src/cli/prepareImage';
import { readRows } from '../../src/cli/rows';
import { shardSlice } from '../../src/cli/shard';
import { parseLabelCsv } from '../../src/images/lib/labels';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import * as ortWeb from 'onnxruntime-web';
import { createEmbedder, type Embedder, type OrtModule } from '../../src/models/lib/embedder';
import { makeSurvey, MODEL } from './support/survey';
import { maxAbsDiff, referenceEmbeddings } from './support/reference';

const survey = makeSurvey(20);
const out = mkdtempSync(join(tmpdir(), 'latent-sky-embed-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const items = listInputs([survey.root]);
const labels = parseLabelCsv(readFileSync(survey.labelsCsv, 'utf8')).rows;
const source = modelSource(MODEL);
const quiet = { advance: () => undefined, done: () => undefined };

const realEmbedder = () => loadEmbedder(source, 'cpu', 1, undefined);

function run(
  dir: string,
  index: number,
  count: number,
  embedder: () => Promise<Embedder> = realEmbedder,
  killAfter?: number,
): Promise<Awaited<ReturnType<typeof embedShard>>> {
  let groups = 0;
  // A task killed right after checkpointing `killAfter` row groups (progress advances once per group written).
  const progress = () => ({
    advance: () => {
      if (++groups === killAfter) throw new Error('killed');
    },
    done: () => undefined,
  });
  const config: ShardRun = {
    items,
    shard: { index, count, source: 'test' },
    outDir: dir,
    preprocessing: DEFAULT_PREPROCESSING,
    labels,
    embedder,
    modelLabel: source.label,
    rowGroup: 4,
    log: () => undefined,
    progress: killAfter ? progress : () => quiet,
  };
  return embedShard(config);
}

describe('latent-sky embed and merge, over real MiraBest PNG and FITS files and broken ones', () => {
  it('lists the folder with paths relative to its parent, as a dropped folder is in the app', () => {
    expect(items.map((i) => i.path).sort()).toEqual([...survey.images, ...survey.broken].sort());
  });

  it('embeds 3 shards, resumes a killed one without recomputing or duplicating, and merges every image exactly once', async () => {
    await run(out, 0, 3);
    await expect(run(out, 1, 3, realEmbedder, 2)).rejects.toThrow('killed');
    const work = join(out, '.part-1-of-3.work');
    expect(readdirSync(work).filter((f) => f.startsWith('rg-'))).toHaveLength(2);
    expect(existsSync(join(out, 'part-1-of-3.parquet'))).toBe(false);

    const refused = await mergeParts(out);
    expect(refused.ok).toBe(false);
    expect(refused.problems.join('\n')).toMatch(/missing shards \(of 3\): 1, 2/);
    expect(refused.problems.join('\n')).toMatch(/unfinished shards.*part-1-of-3/);

    let loads = 0;
    const counting = () => (loads++, realEmbedder());
    expect(await run(out, 1, 3, counting)).toMatchObject({ status: 'complete' });
    expect(existsSync(work)).toBe(false);
    expect(await run(out, 1, 3, counting)).toMatchObject({ status: 'already-complete' });
    expect(loads).toBe(1);
    await run(out, 2, 3);

    const merged = await mergeParts(out);
    expect(merged).toMatchObject({ ok: true, rows: survey.images.length, skipped: survey.broken.length });
    const rows = await readRows(merged.out!);
    expect(rows.map((r) => r.path).sort()).toEqual([...survey.images].sort());
    const skipped = readFileSync(join(out, 'merged.skipped.csv'), 'utf8');
    expect(skipped).toMatch(/survey\/broken\/truncated\.png,truncated PNG/);
    expect(skipped).toMatch(/survey\/broken\/notes\.fits,"not a supported image/);

    const fits = rows.find((r) => r.name.startsWith('200_000.395'))!;
    expect(fits).toMatchObject({ label: 'FRII', meta: { class_code: '200' } });
    expect(fits.ra).toBeCloseTo(0.395, 2);
    expect(fits.dec).toBeCloseTo(-8.865, 2);
    expect(rows.find((r) => r.path === 'survey/FRI/mirabest_0000.png')).toMatchObject({ label: 'FRI', hash: expect.stringMatching(/^[0-9a-f]{32}$/) });

    const byPath = new Map(items.map((i) => [i.path, i]));
    const reference = await referenceEmbeddings(rows.map((r) => ({ name: r.name, location: byPath.get(r.path)!.location })));
    for (const r of rows) expect(maxAbsDiff(r.embedding!, reference.get(byPath.get(r.path)!.location)!)).toBeLessThan(1e-4);

    // The browser's runtime too: the app's embedder on onnxruntime-web (WASM, as in the tab), same decoded inputs.
    const web = await createEmbedder(ortWeb as unknown as OrtModule, new Uint8Array(readFileSync(MODEL)), { backends: ['wasm'] });
    for (const r of [...rows.slice(0, 6), ...rows.filter((x) => x.path.includes('/fits/')).slice(0, 2)]) {
      const item = byPath.get(r.path)!;
      const { image } = await prepareImage(item.name, readFileSync(item.location), DEFAULT_PREPROCESSING);
      expect(maxAbsDiff(r.embedding!, (await web.embed([image])).vectors)).toBeLessThan(1e-4);
    }
    await web.release();
  }, 120_000);

  it('merge reports duplicate rows and writes nothing', async () => {
    const dup = mkdtempSync(join(tmpdir(), 'latent-sky-dup-'));
    try {
      for (const ext of ['parquet', 'json', 'skipped.csv']) {
        cpSync(join(out, `part-0-of-3.${ext}`), join(dup, `part-0-of-3.${ext}`));
        cpSync(join(out, `part-0-of-3.${ext}`), join(dup, `part-1-of-3.${ext}`));
        cpSync(join(out, `part-2-of-3.${ext}`), join(dup, `part-2-of-3.${ext}`));
      }
      const result = await mergeParts(dup);
      expect(result.ok).toBe(false);
      expect(result.problems.join('\n')).toMatch(/duplicate rows: survey\/FRI\/mirabest_0000\.png ×2/);
      expect(existsSync(join(dup, 'merged.parquet'))).toBe(false);
    } finally {
      rmSync(dup, { recursive: true, force: true });
    }
  });

  it('refuses checkpoints made for another plan', async () => {
    const other = mkdtempSync(join(tmpdir(), 'latent-sky-plan-'));
    try {
      await expect(run(other, 0, 2, realEmbedder, 1)).rejects.toThrow('killed');
      const config: ShardRun = {
        items,
        shard: { index: 0, count: 2, source: 'test' },
        outDir: other,
        preprocessing: { ...DEFAULT_PREPROCESSING, resize: 320 },
        labels,
        embedder: realEmbedder,
        modelLabel: source.label,
        rowGroup: 4,
        log: () => undefined,
        progress: () => quiet,
      };
      await expect(embedShard(config)).rejects.toThrow(/checkpoints of a run with other inputs, model, pipeline/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a batch the model fails on is retried image by image: one bad image is skipped with the reason, a model failing on all stops the shard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latent-sky-fail-'));
    try {
      const bad = items.find((i) => i.path.endsWith('.png') && !i.path.includes('broken'))!;
      const failsOn = (target: string) => async () => {
        const real = await realEmbedder();
        const targetPixels = (await prepareImage(bad.name, readFileSync(bad.location), DEFAULT_PREPROCESSING)).image.pixels;
        const same = (p: Uint8Array) => p.length === targetPixels.length && p.every((v, k) => v === targetPixels[k]);
        return {
          ...real,
          embed: (images: Parameters<Embedder['embed']>[0], size?: number) =>
            images.some((im) => same(im.pixels)) ? Promise.reject(new Error(`no ${target}`)) : real.embed(images, size),
        };
      };
      const shard = [0, 1, 2, 3].find((k) => shardSlice(items, { index: k, count: 4 }).includes(bad))!;
      expect(await run(dir, shard, 4, failsOn('luck'))).toMatchObject({ status: 'complete' });
      expect(readFileSync(join(dir, `part-${shard}-of-4.skipped.csv`), 'utf8')).toContain(`${bad.path},the model failed on this image: no luck`);
      const alwaysFails = async () => ({ ...(await realEmbedder()), embed: () => Promise.reject(new Error('bad node')) });
      const other = (shard + 1) % 4;
      await expect(run(dir, other, 4, alwaysFails)).rejects.toThrow('bad node');
      expect(existsSync(join(dir, `part-${other}-of-4.parquet`))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
