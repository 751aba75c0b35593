import { describe, expect, it } from 'vitest';
import { DIMMED_ALPHA, dimUnselected, selectionMask } from '../../src/projection/lib/selectionMask';

describe('selection mask', () => {
  it('marks the points whose image is selected; selected images the layout lacks are ignored', () => {
    const indexOf = new Map([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    expect(Array.from(selectionMask(indexOf, 3, new Set(['c', 'a', 'zz'])))).toEqual([1, 0, 1]);
  });
  it('dims unselected points, keeps hidden ones hidden and leaves the input alone', () => {
    const rgba = Uint8Array.from([1, 2, 3, 215, 4, 5, 6, 215, 7, 8, 9, 0, 1, 1, 1, 90]);
    const shown = dimUnselected(rgba, Uint8Array.from([1, 0, 0, 0]));
    expect(Array.from(shown)).toEqual([1, 2, 3, 215, 4, 5, 6, DIMMED_ALPHA, 7, 8, 9, 0, 1, 1, 1, DIMMED_ALPHA]);
    expect(rgba[7]).toBe(215);
  });
});
