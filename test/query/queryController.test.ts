import { describe, expect, it } from 'vitest';
import { createQueryController } from '../../src/query/queryController';
import { pipelineKey } from '../../src/state/selectors';
import { createLatentSkyStore } from '../../src/state/store';
import { imagesOf, pipelineOf, readyModel } from '../support/controllers';

function setUp() {
  const store = createLatentSkyStore();
  const model = readyModel('m');
  const pipeline = pipelineOf('p', 'm');
  const images = imagesOf(4);
  const key = pipelineKey(pipeline, model)!;
  const vectors = new Map<string, Float32Array | null>([
    ['h0', Float32Array.of(1, 0, 0, 0)],
    ['h1', Float32Array.of(0, 1, 0, 0)],
    ['h2', Float32Array.of(1, 1, 0, 0)],
    ['h3', null],
  ]);
  store.setState({ models: [model], pipelines: [pipeline], images, embeddings: new Map([[key, vectors]]) });
  const embedded: number[] = [];
  const controller = createQueryController({
    store,
    ingest: async () => ({ ok: true, hash: 'q', format: 'png', originalWidth: 8, originalHeight: 8, thumbnail: new Blob([]) }),
    prepare: async () => [{ ok: true, image: { width: 8, height: 8, channels: 1, pixels: new Uint8Array(64) } }],
    embedder: () => ({
      embed: async (batch) => {
        embedded.push(batch.length);
        return { vectors: Float32Array.of(2, 1, 0, 0), dim: 4, backend: 'wasm' as const };
      },
    }),
    objectUrl: { create: () => 'blob:thumb', revoke: () => undefined },
  });
  return { store, controller, embedded, key };
}

describe('query by image', () => {
  it('finds the nearest images by cosine in each pipeline, skipping failed ones, and leaves the set alone', async () => {
    const { store, controller, embedded, key } = setUp();
    const before = store.getState();
    const rows = await controller.query(new File([new Uint8Array(4)], 'q.png'), 3);
    expect(embedded).toEqual([1]);
    expect(rows[0].neighbours.map((n) => n.imageId)).toEqual(['img-2', 'img-0', 'img-1']);
    expect(rows[0].neighbours[0].distance).toBeCloseTo(1 - 3 / (Math.sqrt(5) * Math.SQRT2), 6);
    const s = store.getState();
    expect(s.query).toMatchObject({ name: 'q.png', running: false, thumbUrl: 'blob:thumb' });
    expect(s.images).toBe(before.images);
    expect(s.embeddings.get(key)!.size).toBe(4);
    expect(s.projections).toBe(before.projections);
    controller.clear();
    expect(store.getState().query).toBeUndefined();
  });

  it('says why a pipeline gives no answer', async () => {
    const { store, controller } = setUp();
    store.setState((s) => ({ models: s.models.map((m) => ({ ...m, status: 'loading' as const })) }));
    const rows = await controller.query(new File([new Uint8Array(4)], 'q.png'));
    expect(rows[0]).toMatchObject({ neighbours: [], error: 'the model is not ready' });
  });
});
