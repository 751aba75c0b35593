import { describe, expect, it } from 'vitest';
import { createProjectionController, projectionKeyOf, type CachedLayout } from '../../src/projection/projectionController';
import { deferred, imagesOf, settle, storeWith, touchViewState, withEmbeddings } from '../support/controllers';

/** A fake projection worker per spawn: each `project` call waits until the test settles it. */
function fakeWorkers() {
  const spawned: {
    n: number;
    terminated: boolean;
    result: ReturnType<typeof deferred<Float32Array>>;
    onProgress: (f: number) => void;
    onFrame?: (coords: Float32Array) => void;
  }[] = [];
  const spawnWorker = () => {
    const entry = { n: 0, terminated: false, result: deferred<Float32Array>(), onProgress: (_: number) => undefined as unknown } as (typeof spawned)[number];
    spawned.push(entry);
    return {
      api: {
        project: async (_v: Float32Array, n: number, _dim: number, _params: unknown, onProgress: (f: number) => void, onFrame?: (c: Float32Array) => void) => {
          Object.assign(entry, { n, onProgress, onFrame });
          return entry.result.promise;
        },
      },
      worker: { terminate: () => (entry.terminated = true) },
    };
  };
  return { spawned, spawnWorker: spawnWorker as never };
}

function setup(n: number, layouts = new Map<string, CachedLayout>()) {
  const store = storeWith(n);
  const workers = fakeWorkers();
  const saved: string[] = [];
  const cache = {
    loadLayout: async (key: string) => layouts.get(key),
    saveLayout: async (key: string, layout: CachedLayout) => {
      saved.push(key);
      layouts.set(key, layout);
    },
  };
  const controller = createProjectionController({ store, spawnWorker: workers.spawnWorker, cache });
  return { store, controller, saved, layouts, ...workers };
}

const layoutOf = (n: number) => Float32Array.from({ length: 2 * n }, (_, i) => i);

describe('projection controller', () => {
  it('projects a pipeline once its embeddings are complete, and stores the layout under its key', async () => {
    const { store, controller, spawned, saved } = setup(6);
    controller.start();
    await settle();
    expect(spawned).toHaveLength(0); // nothing embedded yet
    withEmbeddings(store);
    await settle();
    expect(spawned).toHaveLength(1);
    expect(spawned[0].n).toBe(6);
    spawned[0].onProgress(0.5);
    expect(store.getState().projectRuns.p).toMatchObject({ running: true, progress: 0.5 });
    spawned[0].result.resolve(layoutOf(6));
    await settle();
    const s = store.getState();
    expect(s.projections.p).toMatchObject({ key: projectionKeyOf(s, 'p'), fromCache: false, imageIds: s.images.map((i) => i.id) });
    expect(s.projections.p.partial).toBeUndefined();
    expect(s.projectRuns.p).toMatchObject({ running: false, progress: 1 });
    expect(saved).toEqual([projectionKeyOf(s, 'p')]);
    expect(spawned[0].terminated).toBe(true);
  });

  it('shows progressive frames as partial layouts', async () => {
    const { store, controller, spawned } = setup(3);
    withEmbeddings(store);
    controller.start();
    await settle();
    spawned[0].onFrame?.(layoutOf(3));
    expect(store.getState().projections.p.partial).toBe(true);
    spawned[0].result.resolve(layoutOf(3));
    await settle();
    expect(store.getState().projections.p.partial).toBeUndefined();
  });

  it('waits while a drop is still arriving, so one projection covers all of it', async () => {
    const { store, controller, spawned } = setup(4);
    withEmbeddings(store);
    store.setState({ ingest: { queued: 10, done: 4 } });
    controller.start();
    await settle();
    expect(spawned).toHaveLength(0);
    store.setState({ ingest: { queued: 10, done: 10 } });
    await settle();
    expect(spawned).toHaveLength(1);
  });

  it('takes a cached layout of the same rows without a worker', async () => {
    const first = setup(5);
    withEmbeddings(first.store);
    first.controller.start();
    await settle();
    first.spawned[0].result.resolve(layoutOf(5));
    await settle();
    const again = setup(5, first.layouts);
    withEmbeddings(again.store);
    again.controller.start();
    await settle();
    expect(again.spawned).toHaveLength(0);
    expect(again.store.getState().projections.p).toMatchObject({ fromCache: true, coords: layoutOf(5) });
  });

  it('projects again when the UMAP parameters or the images change, never on a view change or an unrelated slice', async () => {
    const { store, controller, spawned } = setup(4);
    withEmbeddings(store);
    controller.start();
    await settle();
    spawned[0].result.resolve(layoutOf(4));
    await settle();
    const projections = store.getState().projections;
    touchViewState(store);
    store.setState({ probeSettings: { ...store.getState().probeSettings, seeds: 3 } });
    store.setState({ labelTable: new Map([['0.png', { label: 'FRII', meta: {} }]]) });
    await settle();
    expect(spawned).toHaveLength(1);
    expect(store.getState().projections).toBe(projections);
    store.setState({ umap: { ...store.getState().umap, minDist: 0.3 } });
    await settle();
    expect(spawned).toHaveLength(2);
    spawned[1].result.resolve(layoutOf(4));
    await settle();
    store.setState((s) => ({ images: [...s.images, ...imagesOf(1, 4)] }));
    await settle();
    expect(spawned).toHaveLength(2); // the new image has no embedding yet
    withEmbeddings(store);
    await settle();
    expect(spawned).toHaveLength(3);
    expect(spawned[2].n).toBe(5);
  });

  it('a run whose inputs changed is stopped and replaced', async () => {
    const { store, controller, spawned } = setup(4);
    withEmbeddings(store);
    controller.start();
    await settle();
    store.setState({ umap: { ...store.getState().umap, nNeighbors: 3 } });
    await settle();
    expect(spawned).toHaveLength(2);
    expect(spawned[0].terminated).toBe(true);
    spawned[0].result.resolve(layoutOf(4).fill(99)); // a late answer of the old run is dropped
    spawned[1].result.resolve(layoutOf(4));
    await settle();
    expect(store.getState().projections.p.coords).toEqual(layoutOf(4));
    expect(store.getState().projections.p.key).toBe(projectionKeyOf(store.getState(), 'p'));
  });

  it('a cancelled projection stops its worker and stays stopped until asked again', async () => {
    const { store, controller, spawned } = setup(4);
    withEmbeddings(store);
    controller.start();
    await settle();
    controller.cancel('p');
    expect(spawned[0].terminated).toBe(true);
    expect(store.getState().projectRuns.p).toMatchObject({ running: false, cancelled: true });
    touchViewState(store);
    store.setState((s) => ({ embedRuns: { ...s.embedRuns } }));
    await settle();
    expect(spawned).toHaveLength(1);
    controller.reproject('p');
    await settle();
    expect(spawned).toHaveLength(2);
    expect(store.getState().projectRuns.p.cancelled).toBeUndefined();
    spawned[1].result.resolve(layoutOf(4));
    await settle();
    expect(store.getState().projections.p.coords).toEqual(layoutOf(4));
  });

  it('an error is shown with its reason; projecting again restarts it', async () => {
    const { store, controller, spawned } = setup(4);
    withEmbeddings(store);
    controller.start();
    await settle();
    spawned[0].result.reject(new Error('the k-NN graph ran out of memory'));
    await settle();
    expect(store.getState().projectRuns.p).toMatchObject({ running: false, error: 'the k-NN graph ran out of memory' });
    controller.reproject('p');
    await settle();
    expect(store.getState().projectRuns.p).toMatchObject({ running: true, error: undefined });
    spawned[1].result.resolve(layoutOf(4));
    await settle();
    expect(store.getState().projections.p.coords).toEqual(layoutOf(4));
  });
});
