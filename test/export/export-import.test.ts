import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExportTable, pipelinePrefixes, toCsv, toParquet, type ExportImage } from '../../src/export/lib/exportTable';
import { embeddingsFromCsv, embeddingsFromNpy, embeddingsFromParquet } from '../../src/embeddings/lib/embeddingFile';
import { readNpy } from '../../src/shared/lib/npy';
import { seededRandom } from '../../src/shared/lib/random';

const NPY = resolve(import.meta.dirname, '../fixtures/npy');
const npy = (name: string) => new Uint8Array(readFileSync(resolve(NPY, `${name}.npy`)));

function sample(n: number, dim: number) {
  const rng = seededRandom(3);
  const images: ExportImage[] = Array.from({ length: n }, (_, i) => ({
    name: i === 1 ? '=HYPERLINK("http://evil")' : `J${1000 + i}.fits`,
    hash: ((i * 2654435761) >>> 0).toString(16).padStart(32, '0'),
    label: i % 2 ? 'FRII' : 'FRI',
    meta: (i === 2 ? { snr: '12.5', note: 'a, "quoted" note' } : { snr: String(i) }) as Record<string, string>,
    ra: i === 3 ? null : 150 + i / 10,
    dec: 2.2,
  }));
  const embedding = images.map((_, i) => (i === 4 ? null : Float32Array.from({ length: dim }, () => rng() - 0.5)));
  const pipelines = pipelinePrefixes(['MobileNetV2 · default', 'MobileNetV2 · default']).map((prefix) => ({
    prefix,
    xy: images.map((_, i) => (i === 4 ? null : ([i, -i] as [number, number]))),
    predicted: images.map((_, i) => (i % 3 ? 'FRI' : null)),
    embedding,
  }));
  return { images, pipelines, embedding, columns: buildExportTable(images, pipelines) };
}

describe('export', () => {
  it('gives unique, column-safe pipeline prefixes', () => {
    expect(pipelinePrefixes(['DINOv2 ViT-S/14 · radio', 'DINOv2 ViT-S/14 · radio', '∅'])).toEqual([
      'dinov2_vit_s_14_radio',
      'dinov2_vit_s_14_radio_2',
      'pipeline',
    ]);
  });

  it('round-trips embeddings through Parquet (LIST<FLOAT>) and through CSV', async () => {
    const { images, embedding, columns } = sample(12, 16);
    const parquet = new Uint8Array(toParquet(columns));
    const sets = await embeddingsFromParquet(parquet);
    expect(sets.map((s) => s.label)).toEqual(['mobilenetv2_default_embedding', 'mobilenetv2_default_2_embedding']);
    const expectedNames = images.filter((_, i) => embedding[i]).map((i) => i.name);
    expect(sets[0].names).toEqual(expectedNames);
    expect(sets[0].vectors).toEqual(Float32Array.from(embedding.filter(Boolean).flatMap((v) => Array.from(v!))));

    const csv = toCsv(columns);
    expect(csv.split('\n')[0]).toContain('mobilenetv2_default_e15');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`); // a formula is never live in a spreadsheet
    const fromCsv = embeddingsFromCsv(csv, 'export.csv');
    expect(fromCsv.map((s) => s.label)).toEqual(['mobilenetv2_default', 'mobilenetv2_default_2']);
    expect(fromCsv[0].names).toEqual(expectedNames.map((n) => (n.startsWith('=') ? `'${n}` : n)));
    expect(Array.from(fromCsv[0].vectors)).toEqual(Array.from(sets[0].vectors));
  });

  it('reads plain numeric CSV columns as one embedding', () => {
    const set = embeddingsFromCsv('filename,a,b,c\nx.png,1,2,3\ny.png,4,5,6\n', 'mine.csv')[0];
    expect(set).toMatchObject({ label: 'mine.csv', names: ['x.png', 'y.png'], dim: 3 });
  });
});

describe('import: bad input gets a clear error', () => {
  it('refuses corrupt, truncated, empty and nameless tables', async () => {
    const { columns } = sample(5, 4);
    const parquet = new Uint8Array(toParquet(columns));
    await expect(embeddingsFromParquet(parquet.subarray(0, parquet.length - 20))).rejects.toThrow(/not a readable Parquet/);
    await expect(embeddingsFromParquet(new Uint8Array(0))).rejects.toThrow(/not a readable Parquet/);
    await expect(embeddingsFromParquet(new Uint8Array(toParquet(columns.filter((c) => c.name !== 'name' && c.name !== 'hash'))))).rejects.toThrow(
      /no column naming/,
    );
    expect(() => embeddingsFromCsv('', 'e.csv')).toThrow(/no column naming/);
    expect(() => embeddingsFromCsv('name,label\na,FRI\n', 'l.csv')).toThrow(/no embedding columns/);
    expect(() => embeddingsFromCsv('name,a,b\nx,1,NaN\ny,2,3\n', 'n.csv')).toThrow(/no embedding columns/);
    expect(() => embeddingsFromNpy(npy('f4_le'), 'a\nb\n', 'x.npy')).toThrow(/3 rows but 2 names/);
  });

  it('never throws anything but an Error on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        await embeddingsFromParquet(bytes).then(
          () => undefined,
          (e) => expect(e).toBeInstanceOf(Error),
        );
        try {
          readNpy(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('.npy against NumPy (scripts/npy_reference.py)', () => {
  const expected = JSON.parse(readFileSync(resolve(NPY, 'expected.json'), 'utf8')) as Record<string, { shape: number[]; values: number[] }>;
  it.each(Object.keys(expected))('%s', (name) => {
    const a = readNpy(npy(name));
    expect(a.shape).toEqual(expected[name].shape);
    a.data.forEach((v, i) => expect(v).toBeCloseTo(expected[name].values[i], 5));
  });

  it('refuses Fortran order, bad magic, truncation and absurd shapes', () => {
    expect(() => readNpy(npy('fortran'))).toThrow(/Fortran/);
    expect(() => readNpy(new TextEncoder().encode('PK\u0003\u0004 not npy'))).toThrow(/magic/);
    const f4 = npy('f4_le');
    expect(() => readNpy(f4.subarray(0, f4.length - 4))).toThrow(/truncated/);
    const huge = new TextEncoder().encode('\u0093NUMPY\u0001\u0000');
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000, 768), }";
    const bytes = new Uint8Array([
      ...huge.subarray(0, 6).map((_, i) => [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59][i]),
      1,
      0,
      header.length,
      0,
      ...new TextEncoder().encode(header),
    ]);
    expect(() => readNpy(bytes)).toThrow(/over the .* limit/);
    expect(embeddingsFromNpy(npy('f4_le'), 'a\nb\nc\n', 'x.npy')).toMatchObject({ names: ['a', 'b', 'c'], dim: 4 });
  });
});
