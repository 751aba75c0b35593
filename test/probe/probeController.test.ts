import { describe, expect, it } from 'vitest';
import { createProbeController, probeKeyOf } from '../../src/probe/probeController';
import { probeProbabilities, runProbeUnit, type ProbeData, type ProbeSettings, type ProbeUnit, type ProbeUnitResult } from '../../src/probe/lib/probe';
import { deferred, pipelineOf, settle, storeWith, touchViewState, withEmbeddings } from '../support/controllers';

const SETTINGS: ProbeSettings = {
  heads: ['linear'],
  whitening: 'none',
  budgets: [{ kind: 'fraction', value: 1 }],
  seeds: 2,
  testFraction: 0.25,
  C: 1,
  mlpHidden: 8,
};

/**
 * Probe workers that run the probe's own lib in this thread, each call held until the test lets
 * it go (`release`), or failing with `failWith`.
 */
function fakeWorkers() {
  const calls: { units: ProbeUnit[]; gate: ReturnType<typeof deferred<void>> }[] = [];
  const terminated: number[] = [];
  let failWith: Error | undefined;
  let spawned = 0;
  // Progress reports held back until after the run's own reply, as a real worker's can be: they
  // travel on their own message channel, unordered with the reply.
  let lateProgress = false;
  const late: (() => void)[] = [];
  const spawnWorker = () => {
    const id = spawned++;
    return {
      api: {
        run: async (data: ProbeData, settings: ProbeSettings, units: ProbeUnit[], onFit: () => void): Promise<ProbeUnitResult[]> => {
          const gate = deferred<void>();
          calls.push({ units, gate });
          await gate.promise;
          if (failWith) throw failWith;
          const report = lateProgress ? () => void late.push(onFit) : onFit;
          const results: ProbeUnitResult[] = [];
          for (const u of units) results.push(await runProbeUnit(data, settings, u, report));
          return results;
        },
        probabilities: async (data: ProbeData, settings: ProbeSettings) => probeProbabilities(data, settings),
      },
      worker: { terminate: () => void terminated.push(id) },
    };
  };
  return {
    calls,
    terminated,
    spawnWorker: spawnWorker as never,
    release: () => calls.forEach((c) => c.gate.resolve()),
    fail: (e: Error | undefined) => (failWith = e),
    /** From now on, each fit's progress report waits until `deliverLate()`. */
    holdProgress: () => (lateProgress = true),
    deliverLate: () => late.splice(0).forEach((onFit) => onFit()),
  };
}

function setup(n = 16) {
  const store = storeWith(n, { probeSettings: SETTINGS });
  const workers = fakeWorkers();
  const controller = createProbeController({ store, spawnWorker: workers.spawnWorker, cores: 2 });
  return { store, controller, ...workers };
}

describe('probe controller', () => {
  it('probes a pipeline once its embeddings are complete, its sweep split over the workers', async () => {
    const { store, controller, calls, release, terminated } = setup();
    controller.start();
    await settle();
    expect(calls).toHaveLength(0);
    withEmbeddings(store);
    await settle();
    expect(calls.map((c) => c.units)).toEqual([[{ head: 'linear', seed: 0 }], [{ head: 'linear', seed: 1 }]]);
    expect(store.getState().probeRun).toMatchObject({ running: true, pipelineId: 'p', total: 2 });
    release();
    await settle();
    const s = store.getState();
    expect(s.probe.p.key).toBe(probeKeyOf(s, 'p'));
    expect(s.probe.p.results).toHaveLength(1);
    expect(s.probe.p.results[0].seeds).toBe(2);
    expect(s.probe.p.classNames).toEqual(['FRI', 'FRII']);
    expect(s.probeRun).toEqual({ running: false, done: 0, total: 0 });
    expect(terminated.sort()).toEqual([0, 1]);
  });

  it('waits for a second class and for the drop to finish', async () => {
    const { store, controller, calls } = setup();
    store.setState((s) => ({ images: s.images.map((i) => ({ ...i, folderLabel: 'FRI' })), ingest: { queued: 20, done: 16 } }));
    withEmbeddings(store);
    controller.start();
    await settle();
    store.setState((s) => ({ images: s.images.map((i, k) => ({ ...i, folderLabel: k % 2 ? 'FRII' : 'FRI' })) }));
    withEmbeddings(store);
    await settle();
    expect(calls).toHaveLength(0);
    store.setState({ ingest: { queued: 20, done: 20 } });
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('runs again when labels or settings change, never on a view change or an unrelated slice', async () => {
    const { store, controller, calls, release } = setup();
    withEmbeddings(store);
    controller.start();
    await settle();
    release();
    await settle();
    const probe = store.getState().probe;
    touchViewState(store);
    store.setState({ umap: { ...store.getState().umap, minDist: 0.9 } });
    store.setState({ projections: { p: { key: 'k', imageIds: [], coords: new Float32Array() } } });
    await settle();
    expect(calls).toHaveLength(2);
    expect(store.getState().probe).toBe(probe);
    store.setState({ labelTable: new Map([['0.png', { label: 'FRII', meta: {} }]]) });
    await settle();
    expect(calls).toHaveLength(4);
    release();
    await settle();
    store.setState({ probeSettings: { ...SETTINGS, seeds: 1 } });
    await settle();
    expect(calls).toHaveLength(5);
  });

  it('probes pipelines one at a time', async () => {
    const { store, controller, calls, release } = setup();
    store.setState((s) => ({ pipelines: [...s.pipelines, pipelineOf('q', 'm')] })); // same key: shares p's embeddings
    withEmbeddings(store);
    controller.start();
    await settle();
    expect(calls).toHaveLength(2);
    release();
    await settle();
    expect(calls).toHaveLength(4);
    release();
    await settle();
    expect(Object.keys(store.getState().probe).sort()).toEqual(['p', 'q']);
  });

  it('a run whose inputs changed is abandoned (its workers stopped) and the new inputs probed', async () => {
    const { store, controller, calls, release, terminated } = setup();
    withEmbeddings(store);
    controller.start();
    await settle();
    store.setState({ probeSettings: { ...SETTINGS, seeds: 1 } });
    await settle();
    expect(terminated.sort()).toEqual([0, 1]);
    expect(calls).toHaveLength(3);
    release();
    await settle();
    expect(store.getState().probe.p.results[0].seeds).toBe(1);
    expect(store.getState().probe.p.key).toBe(probeKeyOf(store.getState(), 'p'));
  });

  it('a progress report that arrives after the run has finished leaves the probe finished', async () => {
    const { store, controller, release, holdProgress, deliverLate } = setup();
    holdProgress();
    withEmbeddings(store);
    controller.start();
    await settle();
    release();
    await settle();
    expect(store.getState().probe.p.results).toHaveLength(1);
    deliverLate();
    await settle();
    expect(store.getState().probeRun).toEqual({ running: false, done: 0, total: 0 });
  });

  it('an error is shown and the same inputs are not retried; changed inputs are', async () => {
    const { store, controller, calls, release, fail } = setup();
    withEmbeddings(store);
    fail(new Error('singular matrix'));
    controller.start();
    await settle();
    release();
    await settle();
    expect(store.getState().probeRun).toMatchObject({ running: false, error: 'singular matrix' });
    store.setState((s) => ({ images: [...s.images] }));
    await settle();
    expect(calls).toHaveLength(2);
    fail(undefined);
    store.setState({ probeSettings: { ...SETTINGS, C: 2 } });
    await settle();
    expect(calls).toHaveLength(4);
    release();
    await settle();
    expect(store.getState().probe.p.results).toHaveLength(1);
  });
});
