import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { DEFAULT_PROBE } from '../../src/probe/lib/probe';
import { DEFAULT_UMAP } from '../../src/projection/lib/projection';
import { PRESET_DEFAULTS } from '../../src/preprocessing/lib/presets';
import { LINK_HASH_CHARS, linkLabelsOf } from '../../src/sharing/linkState';
import type { ImageRecord } from '../../src/state/store';
import { decodeState, encodeState, MAX_LINK_CHARS, type AppStateV1 } from '../../src/sharing/lib/linkCodec';

// Hash prefixes as the app writes them (LINK_HASH_CHARS hex digits).
const hex = (i: number) =>
  (((i * 2654435761) >>> 0).toString(16).padStart(8, '0') + ((i * 40503) >>> 0).toString(16).padStart(4, '0')).slice(0, LINK_HASH_CHARS);

const typical: AppStateV1 = {
  v: 1,
  dataset: { kind: 'files', count: 100, digest: 'ab'.repeat(16), hashes: Array.from({ length: 100 }, (_, i) => hex(i)) },
  models: [
    {
      id: 'model-0',
      name: 'DINOv2-S/14',
      source: { kind: 'url', url: 'https://example.org/onnx-community/dinov2-small/resolve/main/onnx/model.onnx' },
      backend: 'auto',
    },
    { id: 'model-1', name: 'Pixels (no network)', source: { kind: 'builtin', id: 'pixels' }, backend: 'auto' },
    {
      id: 'model-2',
      name: 'DINOv2 ViT-S/14',
      source: { kind: 'url', url: 'https://huggingface.co/Xenova/dinov2-small/resolve/main/onnx/model_quantized.onnx' },
      backend: 'wasm',
      registry: { id: 'dinov2-small', dtype: 'int8' },
    },
  ],
  pipelines: [
    { id: 'pipeline-0', modelId: 'model-0', preprocessing: DEFAULT_PREPROCESSING },
    {
      id: 'pipeline-1',
      modelId: 'model-0',
      preprocessing: { ...DEFAULT_PREPROCESSING, preset: PRESET_DEFAULTS['radio-mirabest'], crop: { kind: 'auto', threshold: 0.3, margin: 0.2 } },
    },
    { id: 'pipeline-2', modelId: 'model-1', preprocessing: DEFAULT_PREPROCESSING },
  ],
  umap: DEFAULT_UMAP,
  probe: DEFAULT_PROBE,
  view: {
    colourBy: 'class',
    alignTo: 'pipeline-0',
    hiddenClasses: ['FRII'],
    selection: [hex(3), hex(5)],
    cameras: { 'pipeline-1': [-1.25, 0.5, 3.0625, 4.5] },
  },
};

describe('permalinks', () => {
  it('round-trip exactly, and a typical link (3 pipelines, 100 files) stays under 2 kB', async () => {
    const link = await encodeState(typical);
    console.log(`typical link: ${link.length} characters`);
    expect(link).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(2048);
    expect(await decodeState(link)).toEqual({ ok: true, state: typical });
  });

  it('refuses what does not belong in a link, with a readable reason', async () => {
    const enc = async (v: unknown) => {
      const bytes = new TextEncoder().encode(JSON.stringify(v));
      const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      const out = new Uint8Array(await new Response(stream).arrayBuffer());
      return btoa(String.fromCharCode(...out))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    };
    const bad = async (patch: object) => (await decodeState(await enc({ ...typical, ...patch }))) as { ok: false; error: string };
    expect((await bad({ v: 2 })).error).toMatch(/another version/);
    expect((await bad({ models: [{ ...typical.models[0], source: { kind: 'url', url: 'javascript:alert(1)' } }] })).error).toMatch(/http\(s\) URL/);
    expect((await bad({ pipelines: [{ ...typical.pipelines[0], modelId: 'nobody' }] })).error).toMatch(/pipelines\.0\.modelId refers to no model/);
    expect((await bad({ umap: { ...DEFAULT_UMAP, nNeighbors: 1e9 } })).error).toMatch(/umap\.nNeighbors/);
    const withCamera = async (cameras: object) => (await bad({ view: { ...typical.view, cameras } })).error;
    expect(await withCamera({ 'pipeline-0': [2, 0, 1, 1] })).toMatch(/view\.cameras\.pipeline-0 must be a rectangle/);
    expect(await withCamera({ 'pipeline-0': [0, 0, 1] })).toMatch(/view\.cameras\.pipeline-0/);
    expect(await withCamera({ 'pipeline-0': [0, 0, 1, 'x'] })).toMatch(/view\.cameras\.pipeline-0/);
    expect(await withCamera({ nobody: [0, 0, 1, 1] })).toMatch(/view\.cameras\.nobody refers to no pipeline/);
    expect((await bad({ extra: 1 })).error).toMatch(/not valid/);
    expect((await bad({ clusters: { minClusterSize: 1 } })).error).toMatch(/clusters\.minClusterSize/);
    expect((await bad({ appClasses: ['(unlabelled)'] })).error).toMatch(/appClasses\.0 must be a class name/);
    const withLabels = async (labels: unknown) => (await bad({ labels })).error;
    expect(await withLabels([{ class: '', hashes: [hex(1)] }])).toMatch(/labels\.0\.class must be a class name/);
    expect(await withLabels([{ class: 'x'.repeat(65), hashes: [hex(1)] }])).toMatch(/labels\.0\.class must be a class name/);
    expect(await withLabels([{ class: ' FRI', hashes: [hex(1)] }])).toMatch(/labels\.0\.class must be a class name/);
    expect(await withLabels([{ class: 'FRI', hashes: ['xyz'] }])).toMatch(/labels\.0\.hashes\.0 must be a 10-digit hex/);
    expect(
      await withLabels([
        { class: 'A', hashes: [hex(1)] },
        { class: 'B', hashes: [hex(1)] },
      ]),
    ).toMatch(/labels must give each image one label/);
    expect(await decodeState('')).toEqual({ ok: false, error: 'the link holds no state' });
    expect((await decodeState('%%%')) as { error: string }).toMatchObject({ error: /base64url/ });
    expect((await decodeState('x'.repeat(MAX_LINK_CHARS + 1))) as { error: string }).toMatchObject({ error: /longer than/ });
    const link = await encodeState(typical);
    expect((await decodeState(link.slice(0, link.length / 2))) as { error: string }).toMatchObject({ error: /damaged or cut short|not valid JSON/ });
  });

  it('carries labels made in the app compactly; links without labels (older ones) still open', async () => {
    const labels = [
      { class: 'FRI', hashes: Array.from({ length: 50 }, (_, i) => hex(i)).sort() },
      { class: 'FRII <b>bold</b>', hashes: Array.from({ length: 49 }, (_, i) => hex(50 + i)).sort() },
      { class: null, hashes: [hex(99)] },
    ];
    const withLabels = { ...typical, labels };
    const link = await encodeState(withLabels);
    console.log(`typical link with 100 labels: ${link.length} characters (without: ${(await encodeState(typical)).length})`);
    expect(link.length).toBeLessThan(3072);
    expect(await decodeState(link)).toEqual({ ok: true, state: withLabels });
    expect(((await decodeState(await encodeState(typical))) as { state: AppStateV1 }).state.labels).toBeUndefined();
  });

  it('carries the order classes were named in, the cluster settings and the contours; older links get the defaults', async () => {
    const chosen: AppStateV1 = {
      ...typical,
      appClasses: ['bent', 'compact'],
      clusters: { minClusterSize: 12, minSamples: 3 },
      view: { ...typical.view, contours: true },
    };
    expect(await decodeState(await encodeState(chosen))).toEqual({ ok: true, state: chosen });
    const old = ((await decodeState(await encodeState(typical))) as { state: AppStateV1 }).state;
    expect([old.appClasses, old.clusters, old.view.contours]).toEqual([undefined, undefined, undefined]);
  });

  it('the labels of the images loaded now, grouped by class, in a stable order', () => {
    const img = (hash: string) => ({ hash: hash.padEnd(64, '0') }) as ImageRecord;
    const images = [img('bbbbbbbbbb'), img('aaaaaaaaaa'), img('cccccccccc'), img('dddddddddd'), img('aaaaaaaaaa')];
    const edits = new Map<string, string | null>([
      ['aaaaaaaaaa', 'FRII'],
      ['bbbbbbbbbb', 'FRI'],
      ['cccccccccc', null],
      ['eeeeeeeeee', 'FRI'], // an image not loaded now stays local
    ]);
    expect(linkLabelsOf(images, edits)).toEqual([
      { class: null, hashes: ['cccccccccc'] },
      { class: 'FRI', hashes: ['bbbbbbbbbb'] },
      { class: 'FRII', hashes: ['aaaaaaaaaa'] },
    ]);
    expect(linkLabelsOf(images, new Map())).toBeUndefined();
  });

  it('a deflate bomb is stopped', async () => {
    const bytes = new TextEncoder().encode(' '.repeat(5 * 1024 * 1024));
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const out = new Uint8Array(await new Response(stream).arrayBuffer());
    const link = btoa(String.fromCharCode(...out))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(await decodeState(link)).toEqual({ ok: false, error: 'the link expands to more data than any real state' });
  });

  it('survives thousands of mutated links: a valid state or a clean error, never an exception', async () => {
    const link = await encodeState(typical);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%=+/ ';
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(link.length), fc.constantFrom(...alphabet), fc.constantFrom('replace', 'insert', 'delete')), { minLength: 1, maxLength: 6 }),
        fc.nat(link.length),
        async (edits, cut) => {
          let s = link;
          for (const [at, ch, op] of edits) {
            const i = at % Math.max(1, s.length);
            s = op === 'replace' ? s.slice(0, i) + ch + s.slice(i + 1) : op === 'insert' ? s.slice(0, i) + ch + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
          }
          const result = await decodeState(s.slice(0, Math.max(cut, s.length - 3)));
          if (result.ok) expect(result.state.v).toBe(1);
          else expect(result.error).toMatch(/^the link/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('survives arbitrary JSON behind a well-formed link', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const bytes = new TextEncoder().encode(JSON.stringify(value));
        const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
        const out = new Uint8Array(await new Response(stream).arrayBuffer());
        let bin = '';
        for (const b of out) bin += String.fromCharCode(b);
        const result = await decodeState(btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
