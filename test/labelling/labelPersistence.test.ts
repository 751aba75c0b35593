import { describe, expect, it, vi } from 'vitest';
import { createLabelPersistence, labelDiff } from '../../src/labelling/labelPersistence';
import { labelImages, redoLabel, undoLabel } from '../../src/labelling/labelActions';
import type { LabelStorage } from '../../src/labelling/labelStorage';
import { createLatentSkyStore, type ImageRecord } from '../../src/state/store';
import { imageLabel } from '../../src/state/selectors';

/** A storage in memory, as IndexedDB would keep it. */
function memoryStorage(initial: [string, string | null][] = []): LabelStorage & { records: Map<string, string | null>; classes: string[] } {
  const records = new Map(initial);
  const kept = { classes: [] as string[] };
  return {
    records,
    get classes() {
      return kept.classes;
    },
    loadClasses: async () => [...kept.classes],
    saveClasses: async (appClasses) => {
      kept.classes = [...appClasses];
    },
    load: async () => [...records],
    save: async (changes) => {
      for (const [k, v] of changes) {
        if (v === undefined) records.delete(k);
        else records.set(k, v);
      }
    },
  };
}

const image = (id: string, hash: string, folderLabel?: string) => ({ id, hash, name: `${id}.png`, path: `${id}.png`, folderLabel }) as ImageRecord;

describe('labels kept across reloads', () => {
  it('diffs only what changed', () => {
    expect(
      labelDiff(
        new Map([
          ['a', 'X'],
          ['b', null],
        ]),
        new Map([
          ['a', 'Y'],
          ['c', null],
        ]),
      ),
    ).toEqual([
      ['a', 'Y'],
      ['c', null],
      ['b', undefined],
    ]);
  });

  it('restores stored labels (labels made meanwhile win), then writes every change, undo included', async () => {
    const storage = memoryStorage([
      ['aaaaaaaaaa', 'FRI'],
      ['bbbbbbbbbb', 'FRII'],
    ]);
    const store = createLatentSkyStore();
    store.setState({ images: [image('i1', 'aaaaaaaaaa00'), image('i2', 'bbbbbbbbbb00', 'FRI'), image('i3', 'cccccccccc00')] });
    store.setState({ labelEdits: new Map([['bbbbbbbbbb', 'bent']]) }); // e.g. from a link, before the stored ones arrive
    const persistence = createLabelPersistence({ store, storage });
    const stop = await persistence.start();
    const label = (i: number) => imageLabel(store.getState().images[i], store.getState());
    expect([label(0), label(1), label(2)]).toEqual(['FRI', 'bent', undefined]);
    await persistence.flushed();
    expect(storage.records.get('bbbbbbbbbb')).toBe('bent');

    labelImages(store, ['i3'], 'FRII');
    labelImages(store, ['i1'], null);
    await persistence.flushed();
    expect([...storage.records].sort()).toEqual([
      ['aaaaaaaaaa', null],
      ['bbbbbbbbbb', 'bent'],
      ['cccccccccc', 'FRII'],
    ]);
    undoLabel(store);
    undoLabel(store);
    await persistence.flushed();
    expect(storage.records.has('cccccccccc')).toBe(false);
    expect(storage.records.get('aaaaaaaaaa')).toBe('FRI');
    redoLabel(store);
    await persistence.flushed();
    expect(storage.records.get('cccccccccc')).toBe('FRII');

    // A reload: a new store restores exactly what was kept.
    const again = createLatentSkyStore();
    await createLabelPersistence({ store: again, storage }).start();
    expect(again.getState().labelEdits).toEqual(store.getState().labelEdits);
    stop();
  });

  it('keeps the order classes were named in (their colours) across reloads, the kept ones first', async () => {
    const storage = memoryStorage();
    const store = createLatentSkyStore();
    store.setState({ images: [image('i1', 'aaaaaaaaaa00'), image('i2', 'bbbbbbbbbb00')] });
    const stop = await createLabelPersistence({ store, storage }).start();
    labelImages(store, ['i1'], 'spiral');
    labelImages(store, ['i2'], 'bent');
    labelImages(store, ['i1'], 'bent'); // "spiral" has no image now, but keeps its place
    expect(store.getState().appClasses).toEqual(['spiral', 'bent']);
    await vi.waitFor(() => expect(storage.classes).toEqual(['spiral', 'bent']));
    stop();

    const again = createLatentSkyStore();
    again.setState({ appClasses: ['compact', 'bent'] }); // named (or from a link) before the kept ones arrived
    const persistence = createLabelPersistence({ store: again, storage });
    await persistence.start();
    expect(again.getState().appClasses).toEqual(['spiral', 'bent', 'compact']);
    await persistence.flushed();
    expect(storage.classes).toEqual(['spiral', 'bent', 'compact']);
  });

  it('a bad class name or an unknown image is refused and changes nothing', () => {
    const store = createLatentSkyStore();
    store.setState({ images: [image('i1', 'aaaaaaaaaa00')] });
    expect(() => labelImages(store, ['i1'], ' ')).toThrow('cannot be empty');
    expect(() => labelImages(store, ['nope'], 'X')).toThrow('no image with id "nope"');
    expect(store.getState().labelEdits.size).toBe(0);
    expect(store.getState().labelHistory.past).toHaveLength(0);
  });
});
