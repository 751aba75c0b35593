import { describe, expect, it } from 'vitest';
import { isFiniteVector, nonFiniteReason, splitFinite } from '../../src/embeddings/lib/finite';

describe('finiteness of embeddings', () => {
  it('accepts finite vectors, including extremes and negative zero', () => {
    expect(nonFiniteReason(Float32Array.of(0, -0, 1e-45, 3.4e38, -3.4e38))).toBeUndefined();
    expect(isFiniteVector(Float32Array.of(1, 2, 3))).toBe(true);
  });

  it('names NaN and infinities with their counts', () => {
    expect(nonFiniteReason(Float32Array.of(NaN, 1, NaN))).toBe('the model returned NaN in 2 of 3 values');
    expect(nonFiniteReason(Float32Array.of(Infinity, 1, -Infinity, 0))).toBe('the model returned ±Inf in 2 of 4 values');
    expect(nonFiniteReason([NaN, Infinity])).toBe('the model returned NaN in 1 and ±Inf in 1 of 2 values');
    expect(isFiniteVector(Float32Array.of(1, NaN))).toBe(false);
    expect(isFiniteVector(Float32Array.of(-Infinity))).toBe(false);
  });

  it('refuses an empty embedding', () => {
    expect(nonFiniteReason(new Float32Array(0))).toBe('the model returned an empty embedding');
    expect(isFiniteVector([])).toBe(false);
  });

  it('float32 overflow is an infinity', () => {
    expect(nonFiniteReason(Float32Array.of(1e39))).toMatch(/Inf/);
  });

  it('splits a batch into usable rows (views) and failed rows', () => {
    const flat = Float32Array.of(1, 2, NaN, 4, 5, 6, Infinity, 0);
    const { ok, failed } = splitFinite(flat, 4, 2);
    expect(ok.map((r) => r.row)).toEqual([0, 2]);
    expect(Array.from(ok[1].vector)).toEqual([5, 6]);
    expect(ok[1].vector.buffer).toBe(flat.buffer);
    expect(failed).toEqual([
      { row: 1, reason: 'the model returned NaN in 1 of 2 values' },
      { row: 3, reason: 'the model returned ±Inf in 1 of 2 values' },
    ]);
  });
});
