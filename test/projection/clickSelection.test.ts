import { describe, expect, it } from 'vitest';
import { clickSelection } from '../../src/projection/lib/clickSelection';

describe('a click on a point', () => {
  it('selects that point alone', () => {
    expect([...clickSelection(new Set(['a', 'b']), 'c', false)!]).toEqual(['c']);
  });
  it('with Shift or Ctrl/Cmd adds it, or takes it out', () => {
    expect([...clickSelection(new Set(['a']), 'c', true)!]).toEqual(['a', 'c']);
    expect([...clickSelection(new Set(['a', 'c']), 'c', true)!]).toEqual(['a']);
    expect(clickSelection(new Set(['c']), 'c', true)).toBeUndefined();
    expect([...clickSelection(undefined, 'c', true)!]).toEqual(['c']);
  });
});
