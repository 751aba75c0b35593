import { describe, expect, it } from 'vitest';
import { pointColours } from '../../src/state/pointColours';
import type { ClassInfo } from '../../src/state/selectors';

const ids = Array.from({ length: 20 }, (_, i) => `img-${i}`);
const index = new Map(ids.map((id, i) => [id, i]));
const classes: ClassInfo = {
  names: ['A', 'B'],
  indexOf: Uint16Array.from(ids.map((_, i) => i % 2)),
  counts: [10, 10],
  slots: [0, 1],
  colours: [
    [1, 2, 3],
    [4, 5, 6],
  ],
};

describe('point colours', () => {
  it('by class, with hidden classes', () => {
    const c = pointColours('class', ids, index, classes, undefined, { hiddenClasses: ['B'] });
    expect(c.legend).toMatchObject({ kind: 'categorical', names: ['A', 'B'], counts: [10, 10] });
    expect([c.rgba[3], c.rgba[7], c.rgba[11]]).toEqual([215, 0, 215]); // A, hidden B, A
  });
  it('numbers with many distinct values get a colour bar; missing values are grey', () => {
    const values = new Map<string, number | undefined>(ids.map((id, i) => [id, i === 3 ? undefined : i * 0.5]));
    const c = pointColours('meta:z', ids, index, classes, undefined, { hiddenClasses: [] }, values);
    expect(c.legend).toEqual({ kind: 'continuous', min: 0, max: 9.5, label: 'meta:z', missing: 1 });
    expect(Array.from(c.rgba.subarray(0, 3))).toEqual([0x44, 0x01, 0x54]); // viridis at the minimum
  });
  it('strings become categories, the most common first', () => {
    const values = new Map<string, string | undefined>(ids.map((id, i) => [id, i < 12 ? 'spiral' : i < 19 ? 'elliptical' : undefined]));
    const c = pointColours('meta:morph', ids, index, classes, undefined, { hiddenClasses: [] }, values);
    expect(c.legend).toMatchObject({ kind: 'categorical', names: ['spiral', 'elliptical', '(none)'], counts: [12, 7, 1] });
  });
});
