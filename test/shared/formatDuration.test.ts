import { describe, expect, it } from 'vitest';
import { formatRemaining, timeLeft } from '../../src/shared/ui/formatDuration';

describe('remaining time in progress labels', () => {
  it('rounds to what a person reads at a glance', () => {
    expect(formatRemaining(0.4)).toBe('~1 s');
    expect(formatRemaining(12)).toBe('~10 s');
    expect(formatRemaining(59)).toBe('~60 s');
    expect(formatRemaining(61)).toBe('~1 min');
    expect(formatRemaining(3400)).toBe('~57 min');
    expect(formatRemaining(3599)).toBe('~1 h');
    expect(formatRemaining(3600)).toBe('~1 h');
    expect(formatRemaining(4800)).toBe('~1 h 20 min');
  });
  it('says nothing when the rate is not known yet', () => {
    expect(formatRemaining(Infinity)).toBe('');
    expect(formatRemaining(NaN)).toBe('');
    expect(formatRemaining(-1)).toBe('');
    expect(timeLeft(10, 200, 0)).toBe('');
    expect(timeLeft(80, 200, 12)).toBe(' · ~10 s left');
  });
});
