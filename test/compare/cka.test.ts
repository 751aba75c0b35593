import { describe, expect, it } from 'vitest';
import { centreGram, ckaFromGrams, gramMatrix, linearCka } from '../../src/compare/lib/cka';
import { continuity, trustworthiness } from '../../src/compare/lib/embeddingMetrics';
import { distanceMatrix } from '../../src/compare/lib/neighbours';
import ref from '../fixtures/cka-reference.json';

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9);

describe("linear CKA against NumPy (scripts/cka_reference.py: Kornblith et al.'s reference code)", () => {
  const { N, DX, DY } = ref;
  it('plain and debiased, a related and an unrelated embedding', () => {
    close(linearCka(ref.X, DX, ref.Y, DY, N), ref.ckaXY);
    close(linearCka(ref.X, DX, ref.Y, DY, N, true), ref.ckaXYDebiased);
    close(linearCka(ref.X, DX, ref.Z, DX, N), ref.ckaXZ);
    close(linearCka(ref.X, DX, ref.Z, DX, N, true), ref.ckaXZDebiased);
  });
  it('is 1 for itself, symmetric, and invariant to rotation, isotropic scaling and translation', () => {
    close(linearCka(ref.X, DX, ref.X, DX, N), 1);
    close(linearCka(ref.X, DX, ref.X, DX, N, true), 1);
    close(linearCka(ref.Y, DY, ref.X, DX, N, true), ref.ckaXYDebiased);
    // Swap two coordinates (an orthogonal map), scale by 3 and shift by 7.
    const moved = ref.X.map((_, k) => {
      const i = Math.floor(k / DX),
        j = k % DX,
        from = j === 0 ? 1 : j === 1 ? 0 : j;
      return 3 * ref.X[i * DX + from] + 7;
    });
    close(linearCka(moved, DX, ref.Y, DY, N), ref.ckaXY);
    close(linearCka(moved, DX, ref.Y, DY, N, true), ref.ckaXYDebiased);
  });
  it('refuses Grams of different images or centring, and too few images for the debiased form', () => {
    const a = centreGram(gramMatrix(ref.X, N, DX), N, false);
    expect(() => ckaFromGrams(a, centreGram(gramMatrix(ref.X, N, DX), N, true))).toThrow(/centred alike/);
    expect(() => ckaFromGrams(a, centreGram(gramMatrix(ref.X, 10, DX), 10, false))).toThrow(/same images/);
    expect(() => linearCka([1, 2, 3], 1, [1, 2, 3], 1, 3, true)).toThrow(/at least 4 images/);
  });
  it('a constant embedding has no CKA (NaN), not a division by zero', () => {
    expect(linearCka(new Float32Array(N * 2).fill(1), 2, ref.X, DX, N)).toBeNaN();
  });
});

describe('continuity against NumPy and scikit-learn', () => {
  const { N, DX } = ref;
  const Dx = distanceMatrix(ref.X, N, DX, 'cosine'),
    Dy = distanceMatrix(ref.L, N, 2, 'euclidean');
  it("Venna & Kaski's formula (k = 15), = sklearn trustworthiness with the spaces swapped", () => {
    close(continuity(Dx, Dy, N, 15), ref.continuity);
    close(ref.continuitySklearn, ref.continuity);
    close(trustworthiness(Dx, Dy, N, 15), ref.trustworthiness);
  });
  it('is 1 for a layout that keeps every neighbourhood', () => {
    expect(continuity(Dx, Dx, N, 15)).toBe(1);
  });
});
