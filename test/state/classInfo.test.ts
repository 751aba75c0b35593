import { describe, expect, it } from 'vitest';
import { labelImages, undoLabel } from '../../src/labelling/labelActions';
import { classInfo } from '../../src/state/selectors';
import { createLatentSkyStore, type ImageRecord } from '../../src/state/store';

const image = (i: number, folderLabel?: string) => ({ id: `i${i}`, hash: `${i}`.repeat(12), name: `${i}.png`, path: `${i}.png`, folderLabel }) as ImageRecord;

describe('class colours as the user labels', () => {
  it('a class named in the app, even one sorting first, leaves every other colour alone; undo too', () => {
    const store = createLatentSkyStore();
    store.setState({ images: [image(1, 'FRI'), image(2, 'FRII'), image(3), image(4), image(5)] });
    const colours = () => {
      const c = classInfo(store.getState().images, store.getState());
      return Object.fromEntries(c.names.map((n, k) => [n, c.colours[k]]));
    };
    const dataset = colours();
    labelImages(store, ['i3'], 'Z bent');
    const withBent = colours();
    labelImages(store, ['i4'], 'A compact');
    const withCompact = colours();
    expect(Object.keys(withCompact)).toEqual(['A compact', 'FRI', 'FRII', 'Z bent', '(unlabelled)']); // the legend stays sorted
    for (const n of ['FRI', 'FRII', '(unlabelled)']) expect(withCompact[n]).toEqual(dataset[n]);
    expect(withCompact['Z bent']).toEqual(withBent['Z bent']);
    expect(withCompact['A compact']).not.toEqual(withCompact['Z bent']);
    // The label bar's keys follow the slots: the dataset's classes, then the app's in the order named.
    const info = classInfo(store.getState().images, store.getState());
    expect([...info.names].sort((a, b) => info.slots[info.names.indexOf(a)] - info.slots[info.names.indexOf(b)]).slice(0, 4)).toEqual([
      'FRI',
      'FRII',
      'Z bent',
      'A compact',
    ]);
    undoLabel(store);
    expect(colours()).toEqual(withBent);
    // The same labels and class order in another browser (a permalink) give the same colours.
    const other = createLatentSkyStore();
    other.setState({ images: store.getState().images, labelEdits: store.getState().labelEdits, appClasses: store.getState().appClasses });
    const c = classInfo(other.getState().images, other.getState());
    expect(c.colours).toEqual(classInfo(store.getState().images, store.getState()).colours);
  });
});
