import { describe, expect, it } from 'vitest';
import { clusterBounds, placeLabel, type Rect } from '../../src/clusters/lib/labelPlacement';

describe('cluster label placement', () => {
  const view: Rect = [0, 0, 100, 50];

  it('in the middle of the view: at the mean, centred', () => {
    expect(placeLabel([50, 25], [40, 20, 60, 30], view)).toEqual({ position: [50, 25], anchor: 'middle', baseline: 'center', offset: [0, 0] });
  });

  it("at a fitted view's extremes (7.5 % in), still centred: nothing to cut", () => {
    expect(placeLabel([8, 4], [6, 3.75, 10, 6], view)).toMatchObject({ anchor: 'middle', baseline: 'center', offset: [0, 0] });
  });

  it('near an edge, the text runs inward; a mean outside the view is pulled inside it', () => {
    expect(placeLabel([95, 2], [90, 0, 99, 5], view)).toMatchObject({ position: [95, 2], anchor: 'end', baseline: 'top', offset: [-6, 6] });
    expect(placeLabel([3, 48], [0, 45, 5, 49], view)).toMatchObject({ anchor: 'start', baseline: 'bottom', offset: [6, -6] });
    // A cluster reaching into the view from the left, its mean off screen: the label sits at the left edge.
    const p = placeLabel([-30, 25], [-60, 20, 10, 30], view)!;
    expect(p.position).toEqual([1, 25]);
    expect(p.anchor).toBe('start');
  });

  it('a cluster wholly off screen, or without members shown, has no label', () => {
    expect(placeLabel([150, 25], [140, 20, 160, 30], view)).toBeUndefined();
    expect(placeLabel([50, -10], [40, -20, 60, -1], view)).toBeUndefined();
    expect(placeLabel([50, 25], [NaN, NaN, NaN, NaN], view)).toBeUndefined();
  });

  it("bounds: each cluster's members' box, noise and rows not shown left out", () => {
    const coords = [0, 0, 2, 1, -1, 5, 9, 9, 4, 4];
    const rowOf = new Map(['a', 'b', 'c', 'd', 'e'].map((id, i) => [id, i]));
    const b = clusterBounds(['a', 'b', 'c', 'd', 'x', 'e'], Int32Array.from([0, 0, 1, -1, 2, 1]), rowOf, coords);
    expect(Array.from(b.subarray(0, 4))).toEqual([0, 0, 2, 1]);
    expect(Array.from(b.subarray(4, 8))).toEqual([-1, 4, 4, 5]);
    expect(Array.from(b.subarray(8, 12)).every(Number.isNaN)).toBe(true);
  });
});
