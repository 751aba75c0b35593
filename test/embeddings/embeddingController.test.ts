import { describe, expect, it } from 'vitest';
import { createEmbeddingController, type EmbedClient } from '../../src/embeddings/embeddingController';
import type { LatentSkyState } from '../../src/state/store';
import { WorkerDiedError } from '../../src/shared/workers';
import type { PrepareResult } from '../../workers/decode.worker';
import { deferred, imagesOf, keyOf, settle, storeWith, touchViewState, vectorOf } from '../support/controllers';

/**
 * A fake decode worker and model worker: `prepare` passes each file's name through as the image,
 * `embed` answers with vectorOf(hash) per image. With `gated`, each embed call waits until the
 * test releases it.
 */
function fakes({ gated = false, cached = new Map<string, Float32Array>() } = {}) {
  const calls = { prepare: 0, embed: 0, embedded: [] as string[], saved: [] as string[], looked: [] as string[] };
  const gates: ReturnType<typeof deferred<void>>[] = [];
  let failWith: Error | undefined;
  const client: EmbedClient = {
    async embed(images) {
      calls.embed++;
      if (gated) {
        const gate = deferred<void>();
        gates.push(gate);
        await gate.promise;
      }
      if (failWith) throw failWith;
      const hashes = images.map((img) => (img as unknown as { hash: string }).hash);
      calls.embedded.push(...hashes);
      const vectors = new Float32Array(hashes.length * 4);
      hashes.forEach((h, i) => vectors.set(vectorOf(h), i * 4));
      return { vectors, dim: 4, backend: 'wasm' as const };
    },
  };
  return {
    calls,
    gates,
    fail: (e: Error | undefined) => (failWith = e),
    deps: {
      fileOf: (hash: string) => ({ blob: new Blob([hash]), name: `${hash}.png` }),
      prepare: async (_files: Blob[], names: string[]) => {
        calls.prepare++;
        return names.map((n): PrepareResult => ({ ok: true, image: { hash: n.replace('.png', '') } as never }));
      },
      embedder: () => client,
      cache: {
        loadEmbeddings: async (_key: string, hashes: string[]) => {
          calls.looked.push(...hashes);
          return new Map([...cached].filter(([h]) => hashes.includes(h)));
        },
        saveEmbeddings: async (_key: string, entries: [string, Float32Array][]) => {
          calls.saved.push(...entries.map(([h]) => h));
        },
      },
      imported: { fill: () => undefined, fileOf: () => undefined },
      now: () => 0,
    },
  };
}

const embedded = (s: LatentSkyState) => s.embeddings.get(keyOf(s)) ?? new Map();

function setup(n: number, options?: Parameters<typeof fakes>[0]) {
  const store = storeWith(n);
  const f = fakes(options);
  const controller = createEmbeddingController({ store, ...f.deps });
  return { store, controller, ...f };
}

describe('embedding controller', () => {
  it('embeds every image of a ready pipeline, in chunks, saving each before it counts', async () => {
    const { store, controller, calls } = setup(20);
    controller.start();
    await settle();
    const s = store.getState();
    expect(embedded(s).size).toBe(20);
    expect(embedded(s).get('h7')).toEqual(vectorOf('h7'));
    expect(calls.embed).toBe(3); // chunks of 8
    expect(calls.saved.sort()).toEqual(s.images.map((i) => i.hash).sort());
    expect(s.embedRuns.p).toMatchObject({ running: false, done: 20, total: 20, computed: 20, restored: 0, dim: 4, failures: [] });
  });

  it('takes what the session cache has and computes only the rest', async () => {
    const { store, controller, calls } = setup(10, { cached: new Map([...imagesOf(6)].map((i) => [i.hash, vectorOf(i.hash)])) });
    controller.start();
    await settle();
    expect(calls.embedded.sort()).toEqual(['h6', 'h7', 'h8', 'h9']);
    expect(store.getState().embedRuns.p).toMatchObject({ restored: 6, computed: 4, done: 10 });
  });

  it('starts when an input changes: new images, a new pipeline, a model becoming ready', async () => {
    const { store, controller, calls } = setup(4);
    store.setState((s) => ({ models: s.models.map((m) => ({ ...m, status: 'loading' as const })) }));
    controller.start();
    await settle();
    expect(calls.embed).toBe(0);
    store.setState((s) => ({ models: s.models.map((m) => ({ ...m, status: 'ready' as const })) }));
    await settle();
    expect(calls.embedded.sort()).toEqual(['h0', 'h1', 'h2', 'h3']);
    store.setState((s) => ({ images: [...s.images, ...imagesOf(2, 4)] }));
    await settle();
    expect(calls.embedded.slice(4).sort()).toEqual(['h4', 'h5']);
    // Another preprocessing is another key: every image again.
    store.setState((s) => ({ pipelines: [...s.pipelines, { ...s.pipelines[0], id: 'q', preprocessing: { ...s.pipelines[0].preprocessing, resize: 16 } }] }));
    await settle();
    expect(calls.embedded).toHaveLength(12);
  });

  it('starts nothing on a hover, a selection, a camera or any other view change, nor on an unrelated slice', async () => {
    const { store, controller, calls } = setup(6);
    controller.start();
    await settle();
    const before = { ...calls, embedRuns: store.getState().embedRuns, embeddings: store.getState().embeddings };
    touchViewState(store);
    store.setState({ umap: { ...store.getState().umap, minDist: 0.5 } });
    store.setState({ probeSettings: { ...store.getState().probeSettings, seeds: 2 } });
    await settle();
    expect(calls.embed).toBe(before.embed);
    expect(calls.prepare).toBe(before.prepare);
    expect(calls.looked).toHaveLength(6);
    expect(store.getState().embedRuns).toBe(before.embedRuns);
    expect(store.getState().embeddings).toBe(before.embeddings);
  });

  it('a cancelled run stops after its chunk and stays stopped until resumed', async () => {
    const { store, controller, calls, gates } = setup(20, { gated: true });
    controller.start();
    await settle();
    expect(store.getState().embedRuns.p.running).toBe(true);
    controller.cancel('p');
    gates[0].resolve();
    await settle();
    expect(store.getState().embedRuns.p.running).toBe(false);
    expect(embedded(store.getState()).size).toBe(8);
    // Neither a view change nor another store change restarts it.
    touchViewState(store);
    store.setState({ umap: { ...store.getState().umap, nNeighbors: 5 } });
    await settle();
    expect(calls.embed).toBe(1);
    controller.resume('p');
    await settle();
    expect(calls.embed).toBe(2);
    gates[1].resolve();
    await settle();
    gates[2].resolve();
    await settle();
    expect(embedded(store.getState()).size).toBe(20);
  });

  it('an error stops the run with the reason; resume restarts it and it completes', async () => {
    const { store, controller, calls, fail } = setup(4);
    fail(new Error('out of cheese'));
    controller.start();
    await settle();
    expect(store.getState().embedRuns.p).toMatchObject({ running: false, error: 'out of cheese' });
    store.setState({ hoveredId: 'img-1' });
    store.setState((s) => ({ images: [...s.images] }));
    await settle();
    expect(calls.embed).toBe(1);
    fail(undefined);
    controller.resume('p');
    await settle();
    expect(store.getState().embedRuns.p.error).toBeUndefined();
    expect(embedded(store.getState()).size).toBe(4);
  });

  it('a dead worker does not halt the pipeline: it resumes once its model is ready again', async () => {
    const { store, deps, calls } = setup(4);
    const setStatus = (status: 'ready' | 'error') => store.setState((s) => ({ models: s.models.map((m) => ({ ...m, status })) }));
    let dead = true;
    // As the app's worker handle does: the model is put in error before the call rejects.
    const embedder = () => ({
      embed: (...args: Parameters<EmbedClient['embed']>) => {
        if (!dead) return deps.embedder().embed(...args);
        calls.embed++;
        setStatus('error');
        return Promise.reject(new WorkerDiedError('gone'));
      },
    });
    createEmbeddingController({ ...deps, store, embedder }).start();
    await settle();
    expect(store.getState().embedRuns.p).toMatchObject({ running: false, error: undefined });
    expect(calls.embed).toBe(1);
    dead = false;
    setStatus('ready');
    await settle();
    expect(calls.embed).toBe(2);
    expect(embedded(store.getState()).size).toBe(4);
  });

  it('marks images that fail to prepare as failed for this pipeline, with the reason', async () => {
    const { store, deps } = setup(3);
    const prepare = async (_files: Blob[], names: string[]) =>
      names.map((n): PrepareResult =>
        n === 'h1.png' ? { ok: false, reason: 'a 2-D image under a 3-band preset' } : { ok: true, image: { hash: n.slice(0, -4) } as never },
      );
    createEmbeddingController({ ...deps, store, prepare }).start();
    await settle();
    const s = store.getState();
    expect(embedded(s).get('h1')).toBeNull();
    expect(embedded(s).get('h2')).toEqual(vectorOf('h2'));
    expect(s.embedRuns.p.failures).toEqual([{ name: 'h1.png', reason: 'a 2-D image under a 3-band preset' }]);
  });

  it('after dispose, it follows the store no more', async () => {
    const { store, controller, calls } = setup(2);
    controller.start();
    await settle();
    controller.dispose();
    store.setState((s) => ({ images: [...s.images, ...imagesOf(2, 2)] }));
    await settle();
    expect(calls.embed).toBe(1);
  });
});
