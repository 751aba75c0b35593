import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createIngestController, type DroppedFile } from '../../src/images/ingestController';
import { initialState, type LatentSkyState } from '../../src/state/store';
import type { IngestResult } from '../../workers/decode.worker';

/** A decode worker whose answers wait until the test lets `n` more files through. */
function gatedWorkers(count: number) {
  let allowance = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    while (allowance > 0 && waiting.length > 0) {
      allowance--;
      waiting.shift()!();
    }
  };
  const worker = {
    async ingest(file: Blob, name: string): Promise<IngestResult> {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        release();
      });
      if (name.startsWith('bad')) return { ok: false, reason: 'not a supported image' };
      return { ok: true, hash: `hash:${name}`, format: 'png', originalWidth: 8, originalHeight: 8, thumbnail: file };
    },
  };
  return {
    workers: Array.from({ length: count }, () => worker),
    /** Lets `n` more decodes finish (Infinity: all, now and later). */
    allow(n: number) {
      allowance += n;
      release();
    },
    /** Holds every decode from now on until `allow` is called again. */
    block() {
      allowance = 0;
    },
  };
}

const files = (names: string[], folder?: string): DroppedFile[] =>
  names.map((name) => ({ file: new File([name], name), path: folder ? `${folder}/${name}` : name }));
const demoFiles = (n: number) =>
  files(
    Array.from({ length: n }, (_, i) => `demo_${i}.fits`),
    'demo-sky/FRI',
  );
const userFiles = (n: number) => files(Array.from({ length: n }, (_, i) => `mirabest_${i}.png`));
const tick = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const store = createStore<LatentSkyState>(() => ({ ...initialState(), images: [], skipped: [], labelTable: new Map(), ingest: { queued: 0, done: 0 } }));
  const gate = gatedWorkers(2);
  const ctrl = createIngestController({
    store,
    workers: () => gate.workers,
    rememberFile: () => undefined,
    thumbUrl: () => 'blob:thumb',
    revokeThumb: () => undefined,
  });
  // The counters are checked on every store update, not only at the end.
  const violations: string[] = [];
  store.subscribe((s) => {
    if (s.ingest.done > s.ingest.queued || s.ingest.done < 0) violations.push(`${s.ingest.done} of ${s.ingest.queued}`);
  });
  return { store, gate, ctrl, violations };
}

const names = (s: LatentSkyState) => s.images.map((i) => i.name).sort();

describe('ingest jobs', () => {
  // The bug users met on a first visit: their files dropped while the demo sky was still loading
  // ended up mixed with synthetic cutouts, and the counter read 584 done of 400 queued.
  for (const moment of [0, 1, 37, 120, 191, 192]) {
    it(`the user's files replace the demo sky when dropped after ${moment} of its 192 files`, async () => {
      const { store, gate, ctrl, violations } = setup();
      const demo = ctrl.ingestFiles(demoFiles(192), 'demo');
      gate.allow(moment);
      for (let i = 0; i < 5; i++) await tick();
      const user = userFiles(40);
      const drop = ctrl.ingestFiles(user, 'drop');
      gate.allow(Infinity);
      await Promise.all([demo, drop]);
      await tick();
      const s = store.getState();
      expect(names(s)).toEqual(user.map((f) => f.file.name).sort());
      expect(s.ingest).toEqual({ queued: 40, done: 40 });
      expect(s.skipped).toEqual([]);
      expect(violations).toEqual([]);
      expect(ctrl.liveJobs()).toEqual([]);
    });
  }

  it('the demo sky never joins a set the user has started', async () => {
    const { store, gate, ctrl } = setup();
    const user = userFiles(10);
    const drop = ctrl.ingestFiles(user);
    await tick();
    const demo = ctrl.ingestFiles(demoFiles(50), 'demo');
    gate.allow(Infinity);
    await Promise.all([drop, demo]);
    expect(names(store.getState())).toEqual(user.map((f) => f.file.name).sort());
    expect(store.getState().ingest).toEqual({ queued: 10, done: 10 });
  });

  it('two drops of the user add up, each counted once, bad files skipped with their reason', async () => {
    const { store, gate, ctrl, violations } = setup();
    gate.allow(Infinity);
    const a = files(['a1.png', 'a2.png', 'bad.png']);
    const b = files(['b1.png', 'b2.png'], 'FRII');
    await Promise.all([ctrl.ingestFiles(a), ctrl.ingestFiles(b, 'api')]);
    const s = store.getState();
    expect(names(s)).toEqual(['a1.png', 'a2.png', 'b1.png', 'b2.png']);
    expect(s.images.find((i) => i.name === 'b1.png')?.folderLabel).toBe('FRII');
    expect(s.skipped).toEqual([{ name: 'bad.png', reason: 'not a supported image' }]);
    expect(s.ingest).toEqual({ queued: 5, done: 5 });
    expect(violations).toEqual([]);
  });

  it('a cancelled job leaves nothing behind: not its images, not its skipped files, not its counts', async () => {
    const { store, gate, ctrl, violations } = setup();
    gate.allow(Infinity);
    await ctrl.ingestFiles(files(['keep.png']));
    gate.block();
    const job = ctrl.start('manifest');
    const adding = ctrl.add(job, files(['m1.png', 'm2.png', 'm3.png', 'bad-m4.png']));
    ctrl.skipFile(job, 'm5.png', 'HTTP 404');
    gate.allow(2);
    await new Promise((r) => setTimeout(r, 200)); // one flush: part of the job is in the store
    expect(store.getState().images.length).toBeGreaterThan(1);
    ctrl.cancel(job);
    gate.allow(Infinity);
    await adding;
    await new Promise((r) => setTimeout(r, 200));
    const s = store.getState();
    expect(names(s)).toEqual(['keep.png']);
    expect(s.skipped).toEqual([]);
    expect(s.ingest).toEqual({ queued: 1, done: 1 });
    expect(violations).toEqual([]);
  });

  it('clearing cancels the jobs in flight', async () => {
    const { store, gate, ctrl } = setup();
    const drop = ctrl.ingestFiles(userFiles(30));
    gate.allow(5);
    await tick();
    ctrl.clear();
    gate.allow(Infinity);
    await drop;
    await new Promise((r) => setTimeout(r, 200));
    expect(store.getState().images).toEqual([]);
    expect(store.getState().ingest).toEqual({ queued: 0, done: 0 });
  });

  it('a drop with nothing to ingest (model files are routed before ingest) keeps the demo sky; CSVs give labels', async () => {
    const { store, gate, ctrl } = setup();
    gate.allow(Infinity);
    await ctrl.ingestFiles(demoFiles(3), 'demo');
    await ctrl.ingestFiles([]);
    await ctrl.ingestFiles(files(['.DS_Store']));
    expect(store.getState().images).toHaveLength(3);
    const csv = { file: new File(['filename,label\nx.png,FRI\n'], 'labels.csv'), path: 'labels.csv' };
    await ctrl.ingestFiles([csv, ...files(['x.png'])]);
    const s = store.getState();
    expect(names(s)).toEqual(['x.png']);
    expect(s.labelTable.get('x.png')?.label).toBe('FRI');
  });

  it('a manifest claims the set before its first image, so its labels are not cleared with the demo sky', async () => {
    const { store, gate, ctrl } = setup();
    gate.allow(Infinity);
    await ctrl.ingestFiles(demoFiles(5), 'demo');
    const job = ctrl.start('manifest');
    ctrl.claim(job);
    expect(store.getState().images).toEqual([]);
    store.setState({ labelTable: new Map([['remote.png', { label: 'FRII', meta: {} }]]) });
    await ctrl.add(job, files(['remote.png']));
    ctrl.skipFile(job, 'gone.png', 'HTTP 404');
    ctrl.finish(job);
    const s = store.getState();
    expect(names(s)).toEqual(['remote.png']);
    expect(s.labelTable.get('remote.png')?.label).toBe('FRII');
    expect(s.skipped).toEqual([{ name: 'gone.png', reason: 'HTTP 404' }]);
    expect(s.ingest).toEqual({ queued: 2, done: 2 });
  });
});
