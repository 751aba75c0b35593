import { describe, expect, it } from 'vitest';
import { layoutBasis, shownProjectionSelector } from '../../src/state/shownProjection';
import { initialState, type LatentSkyState, type Projection } from '../../src/state/store';

const layout = (key: string, ids: string[], coords: number[]): Projection => ({ key, imageIds: ids, coords: Float32Array.from(coords) });
// b is a rotated by 90°, scaled by 2 and listed in another order.
const a = layout('a', ['x', 'y', 'z'], [0, 0, 1, 0, 0, 1]);
const b = layout('b', ['z', 'x', 'y'], [-2, 0, 0, 0, 0, 2]);
const state = (patch: Partial<LatentSkyState>): LatentSkyState => ({ ...initialState(), projections: { a, b }, ...patch });

describe('the shown projection', () => {
  it('is the layout itself when no panel is the alignment reference, or when it is the reference', () => {
    expect(shownProjectionSelector('b')(state({}))).toBe(b);
    expect(shownProjectionSelector('a')(state({ alignTo: 'a' }))).toBe(a);
  });
  it('is aligned onto the reference, pairing points by image id', () => {
    const shown = shownProjectionSelector('b')(state({ alignTo: 'a' }))!;
    expect(shown.imageIds).toEqual(b.imageIds);
    expect(shown.key).toBe('b');
    Array.from(shown.coords).forEach((v, i) => expect(v).toBeCloseTo([0, 1, 0, 0, 1, 0][i], 5));
  });
  it('is fitted once: the same object while neither layout changes, whatever else does', () => {
    const select = shownProjectionSelector('b');
    const first = select(state({ alignTo: 'a' }));
    expect(select(state({ alignTo: 'a', hoveredId: 'x', selection: new Set(['y']) }))).toBe(first);
    const moved = layout('a2', a.imageIds, [0, 0, 2, 0, 0, 2]);
    expect(select(state({ alignTo: 'a', projections: { a: moved, b } }))).not.toBe(first);
  });
});

describe('the layout basis of a panel', () => {
  it('names the finished layouts the panel shows, and is undefined while one is partial', () => {
    expect(layoutBasis(state({}), 'b')).toBe('b|');
    expect(layoutBasis(state({ alignTo: 'a' }), 'b')).toBe('b|a');
    expect(layoutBasis(state({ alignTo: 'a', projections: { a: { ...a, partial: true }, b } }), 'b')).toBeUndefined();
    expect(layoutBasis(state({ alignTo: 'b' }), 'b')).toBe('b|');
  });
});
