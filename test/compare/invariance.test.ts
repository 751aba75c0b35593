import { describe, expect, it } from 'vitest';
import { measureInvariance, type InvarianceInput } from '../../src/compare/lib/invariance';
import { DEFAULT_PROBE } from '../../src/probe/lib/probe';
import type { Orientation } from '../../src/images/lib/orient';

const ORIENT: Orientation[] = ['rot90', 'rot180', 'rot270', 'mirror'];
const unit = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];

function input(points: number[][], sample: number[], copies: number[][][], labels?: number[], k?: number): InvarianceInput {
  const dim = points[0].length;
  return {
    X: Float32Array.from(points.flat()),
    n: points.length,
    dim,
    sample: Int32Array.from(sample),
    orientations: ORIENT.slice(0, copies.length),
    copies: copies.map((c) => Float32Array.from(c.flat())),
    labels: Int32Array.from(labels ?? points.map(() => -1)),
    nClasses: labels ? Math.max(...labels) + 1 : 0,
    probe: DEFAULT_PROBE,
    k,
  };
}

describe('measureInvariance', () => {
  it('a model that ignores orientation: cosine exactly 1, every neighbour kept, no prediction changes', async () => {
    const points = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(3 * i), i % 2 ? 1 : -1, 0.1 * i]);
    const labels = points.map((p) => (p[2] > 0 ? 1 : 0));
    const sample = [0, 3, 7, 12, 29];
    const same = sample.map((i) => points[i]);
    const r = await measureInvariance(input(points, sample, [same, same, same, same], labels));
    expect(r.k).toBe(10);
    for (const s of r.summary) {
      expect(s.meanCosine).toBe(1);
      expect(s.meanKept).toBe(10);
      expect(s.flipRate).toBe(0);
    }
    expect(Array.from(r.score)).toEqual([1, 1, 1, 1, 1]);
    expect(r.cosine.every((c) => c.every((v) => v === 1))).toBe(true);
  });

  it('cosines by hand: a quarter turn of the embedding is 0, a half turn −1, a scaled copy 1', async () => {
    const points = [unit(0), unit(50), unit(100), unit(200)];
    const r = await measureInvariance(input(points, [0], [[unit(90)], [unit(180)], [[3, 0]], [unit(60)]]));
    expect(r.cosine[0][0]).toBeCloseTo(0, 7);
    expect(r.cosine[1][0]).toBe(-1);
    expect(r.cosine[2][0]).toBe(1);
    expect(r.cosine[3][0]).toBeCloseTo(0.5, 7);
    expect(r.score[0]).toBeCloseTo((0 - 1 + 1 + 0.5) / 4, 7);
    expect(r.summary[1].meanCosine).toBe(-1);
    // No labels: no probe.
    expect(r.predicted).toBeUndefined();
    expect(Number.isNaN(r.summary[0].flipRate)).toBe(true);
  });

  it('neighbours kept, by hand: the copy is compared with every other original, never with its own', async () => {
    // Unit vectors at these angles; row 0's 2 nearest are rows 1 (10°) and 2 (20°).
    const points = [0, 10, 20, 30, 100, 110, 120].map(unit);
    const r = await measureInvariance(input(points, [0], [[unit(105)], [unit(12)], [unit(24)], [unit(0)]], undefined, 2));
    expect(Array.from(r.neighbours)).toEqual([1, 2]);
    expect(Array.from(r.copyNeighbours[0]).sort()).toEqual([4, 5]);
    expect(r.kept.map((k) => k[0])).toEqual([0, 2, 1, 2]);
    expect(Array.from(r.copyNeighbours[2])).toEqual([2, 3]);
    expect(r.summary.map((s) => s.meanKept)).toEqual([0, 2, 1, 2]);
  });

  it('the probe: copies moved into the other class flip every prediction; the flip rate is the share of changed predictions', async () => {
    // Two well-separated classes along the first axis.
    const points = Array.from({ length: 40 }, (_, i) => [i < 20 ? -2 - (i % 5) * 0.1 : 2 + (i % 5) * 0.1, Math.sin(i)]);
    const labels = points.map((_, i) => (i < 20 ? 0 : 1));
    const sample = [1, 5, 22, 33];
    const kept = sample.map((i) => points[i]);
    const swapped = sample.map((i) => [-points[i][0], points[i][1]]);
    const half = sample.map((i, m) => (m % 2 ? swapped[m] : points[i]));
    const r = await measureInvariance(input(points, sample, [kept, swapped, half, kept], labels));
    expect(Array.from(r.predicted!)).toEqual([0, 0, 1, 1]);
    expect(r.summary.map((s) => s.flipRate)).toEqual([0, 1, 0.5, 0]);
    r.summary.forEach((s, t) => {
      const changed = Array.from(r.predicted!).filter((p, i) => r.copyPredicted![t][i] !== p).length;
      expect(s.flipRate).toBe(changed / sample.length);
    });
  });

  it('works for raw pixels (PCA before the head, as the probe does) and caps k below the number of images', async () => {
    const points = Array.from({ length: 8 }, (_, i) => Array.from({ length: 16 }, (_, j) => ((i * 7 + j * 3) % 11) + (i < 4 ? 0 : 5)));
    const labels = points.map((_, i) => (i < 4 ? 0 : 1));
    const r = await measureInvariance({ ...input(points, [0, 6], [[points[0], points[6]]], labels), pixels: true });
    expect(r.k).toBe(7);
    expect(r.summary[0].meanKept).toBe(7);
    expect(r.summary[0].flipRate).toBe(0);
  });
});
