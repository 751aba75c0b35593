import { describe, expect, it } from 'vitest';
import { comparisonKeyOf, createCompareController } from '../../src/compare/compareController';
import { comparePipelines, type CompareInput } from '../../src/compare/lib/compare';
import { projectionKeyOf } from '../../src/projection/projectionController';
import type { createLatentSkyStore } from '../../src/state/store';
import { deferred, settle, storeWith, touchViewState, withEmbeddings } from '../support/controllers';

/** Compare workers that run the comparison's own lib in this thread, each call held until the test lets it go. */
function fakeWorkers() {
  const calls: { inputs: CompareInput[]; gate: ReturnType<typeof deferred<void>>; terminated: boolean }[] = [];
  let failWith: Error | undefined;
  const spawnWorker = () => {
    const call = { inputs: [] as CompareInput[], gate: deferred<void>(), terminated: false };
    calls.push(call);
    return {
      api: {
        compare: async (inputs: CompareInput[], labels: Int32Array, nClasses: number) => {
          call.inputs = inputs;
          await call.gate.promise;
          if (failWith) throw failWith;
          return comparePipelines(inputs, labels, nClasses);
        },
      },
      worker: { terminate: () => (call.terminated = true) },
    };
  };
  return { calls, spawnWorker: spawnWorker as never, fail: (e: Error | undefined) => (failWith = e) };
}

/** A finished layout for pipeline p: image i at (i, i mod 3). */
function withLayout(store: ReturnType<typeof createLatentSkyStore>): void {
  const s = store.getState();
  const coords = Float32Array.from(s.images.flatMap((_, i) => [i, i % 3]));
  store.setState({ projections: { p: { key: projectionKeyOf(s, 'p')!, imageIds: s.images.map((i) => i.id), coords } } });
}

function setup(n = 12) {
  const store = storeWith(n);
  withEmbeddings(store);
  const workers = fakeWorkers();
  const controller = createCompareController({ store, spawnWorker: workers.spawnWorker });
  return { store, controller, ...workers };
}

describe('compare controller', () => {
  it('measures the projected pipelines once their layouts are finished', async () => {
    const { store, controller, calls } = setup();
    controller.start();
    await settle();
    expect(calls).toHaveLength(0);
    withLayout(store);
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0].inputs.map((i) => [i.id, i.dim])).toEqual([['p', 4]]);
    expect(store.getState().comparison).toMatchObject({ running: true, key: comparisonKeyOf(store.getState()) });
    calls[0].gate.resolve();
    await settle();
    const c = store.getState().comparison!;
    expect(c.running).toBe(false);
    expect(c.result?.perPipeline.p.knnAccuracy).toBeGreaterThanOrEqual(0);
    expect(c.imageIds).toHaveLength(12);
    expect(calls[0].terminated).toBe(true);
  });

  it('is not woken by a view change or an unrelated slice; a label change measures again', async () => {
    const { store, controller, calls } = setup();
    withLayout(store);
    controller.start();
    await settle();
    calls[0].gate.resolve();
    await settle();
    const comparison = store.getState().comparison;
    touchViewState(store);
    store.setState({ probeSettings: { ...store.getState().probeSettings, seeds: 4 } });
    store.setState({ probeRun: { running: true, done: 1, total: 4 } });
    await settle();
    expect(calls).toHaveLength(1);
    expect(store.getState().comparison).toBe(comparison);
    store.setState({ labelTable: new Map([['0.png', { label: 'FRII', meta: {} }]]) });
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('waits while a projection is running, and replaces a run whose inputs changed', async () => {
    const { store, controller, calls } = setup();
    withLayout(store);
    store.setState({ projectRuns: { p: { running: true, progress: 0.5 } } });
    controller.start();
    await settle();
    expect(calls).toHaveLength(0);
    store.setState({ projectRuns: { p: { running: false, progress: 1 } } });
    await settle();
    expect(calls).toHaveLength(1);
    store.setState({ labelTable: new Map([['1.png', { label: 'FRI', meta: {} }]]) });
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[0].terminated).toBe(true);
    calls[0].gate.resolve(); // the old run's late answer is dropped
    calls[1].gate.resolve();
    await settle();
    expect(store.getState().comparison?.key).toBe(comparisonKeyOf(store.getState()));
  });

  it('an error is shown with its reason; a later change of inputs measures again', async () => {
    const { store, controller, calls, fail } = setup();
    withLayout(store);
    fail(new Error('too few rows'));
    controller.start();
    await settle();
    calls[0].gate.resolve();
    await settle();
    expect(store.getState().comparison).toMatchObject({ running: false, error: 'too few rows' });
    fail(undefined);
    store.setState({ labelTable: new Map([['2.png', { label: 'FRII', meta: {} }]]) });
    await settle();
    calls[1].gate.resolve();
    await settle();
    expect(store.getState().comparison?.error).toBeUndefined();
    expect(store.getState().comparison?.result).toBeDefined();
  });

  it('an imported layout with vectors for some rows only (a dataset held for a sample) measures those rows; a vector read later does not re-measure', async () => {
    const { store, controller, calls } = setup();
    const [key, vectors] = [...store.getState().embeddings][0];
    const images = store.getState().images;
    // Rows 0–3 have no vector (not in the sample), yet are in the layout.
    const some = new Map([...vectors].map(([h, v], i) => [h, i < 4 ? null : v]));
    store.setState({ embeddings: new Map([[key, some]]) });
    withLayout(store);
    controller.start();
    await settle();
    expect(calls).toHaveLength(1);
    calls[0].gate.resolve();
    await settle();
    expect(store.getState().comparison?.imageIds).toHaveLength(8);
    expect(store.getState().comparison?.imageIds).not.toContain(images[0].id);
    store.setState({ embeddings: new Map([[key, new Map(some).set(images[0].hash, vectors.get(images[0].hash)!)]]) });
    await settle();
    expect(calls).toHaveLength(1);
  });
});
