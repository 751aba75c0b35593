import { describe, expect, it } from 'vitest';
import { createRowVectors } from '../../src/embeddings/lib/rowVectors';

describe('rows’ vectors held of a dataset not held whole', () => {
  it('holds blocks of rows, says which rows are not held, and refuses mixed dimensions', () => {
    const held = createRowVectors();
    expect(held.dim).toBe(0);
    expect(Array.from(held.missing([3, 1, 3]))).toEqual([3, 1]);
    held.add(Int32Array.of(1, 5), 2, Float32Array.of(10, 11, 50, 51));
    held.add(Int32Array.of(3), 2, Float32Array.of(30, 31));
    expect(held.size).toBe(3);
    expect(held.dim).toBe(2);
    expect(Array.from(held.get(5)!)).toEqual([50, 51]);
    expect(Array.from(held.get(3)!)).toEqual([30, 31]);
    expect(held.get(2)).toBeUndefined();
    expect(Array.from(held.missing([0, 1, 2, 3, 2]))).toEqual([0, 2]);
    expect(() => held.add(Int32Array.of(7), 3, Float32Array.of(1, 2, 3))).toThrow(/rows of 3 values added to rows of 2/);
    expect(() => held.add(Int32Array.of(7, 8), 2, Float32Array.of(1, 2, 3))).toThrow(/3 values for 2 rows of 2/);
  });
});
