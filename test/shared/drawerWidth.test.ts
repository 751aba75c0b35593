import { describe, expect, it } from 'vitest';
import { clampDrawerWidth, DRAWER_MIN } from '../../src/shared/lib/drawerWidth';

describe('side drawer width', () => {
  it('defaults to a third of the window and keeps within its bounds', () => {
    expect(clampDrawerWidth(NaN, 1500)).toBeCloseTo(510, 6);
    expect(clampDrawerWidth(100, 1500)).toBe(DRAWER_MIN);
    expect(clampDrawerWidth(5000, 1500)).toBe(900);
    expect(clampDrawerWidth(600, 1500)).toBe(600);
  });

  it('never goes below the minimum, even in a narrow window', () => {
    expect(clampDrawerWidth(NaN, 500)).toBe(DRAWER_MIN);
    expect(clampDrawerWidth(Infinity, 400)).toBe(DRAWER_MIN);
  });
});
