import { describe, expect, it } from 'vitest';
import { disagreementQueue, predictionDisagreement, uncertaintyQueue, type PipelineProbabilities } from '../../src/labelling/lib/queues';

const pipeline = (rows: Record<string, number[]>, classNames = ['FRI', 'FRII']): PipelineProbabilities => ({
  imageIds: Object.keys(rows),
  classNames,
  probabilities: Float32Array.from(Object.values(rows).flat()),
});

describe('least sure', () => {
  const a = pipeline({ x: [0.5, 0.5], y: [0.9, 0.1], z: [0.6, 0.4], w: [0.2, 0.8] });
  const b = pipeline({ x: [0.7, 0.3], y: [0.8, 0.2], z: [0.55, 0.45] });
  it('smallest mean margin first, over the candidates only; images no pipeline scored are left out', () => {
    const q = uncertaintyQueue(['w', 'x', 'y', 'z', 'nowhere'], [a, b], 10);
    expect(q.map((e) => e.id)).toEqual(['z', 'x', 'w', 'y']);
    // z: margins 0.2 and 0.1 → mean 0.15.
    expect(q[0].margin).toBeCloseTo(0.15, 6);
    expect(q[0].score).toBeCloseTo(0.85, 6);
    expect(q[0].likely).toBe('FRI');
    expect(q.find((e) => e.id === 'w')!.likely).toBe('FRII');
    expect(uncertaintyQueue(['w', 'x', 'y', 'z'], [a, b], 2)).toHaveLength(2);
  });
  it('ties keep the candidates’ order', () => {
    const t = pipeline({ p: [0.5, 0.5], q: [0.5, 0.5] });
    expect(uncertaintyQueue(['q', 'p'], [t], 5).map((e) => e.id)).toEqual(['q', 'p']);
  });
  it('three classes: the gap between the first two', () => {
    const t = pipeline({ p: [0.4, 0.35, 0.25] }, ['A', 'B', 'C']);
    expect(uncertaintyQueue(['p'], [t], 1)[0].margin).toBeCloseTo(0.05, 6);
  });
});

describe('models disagree', () => {
  it('prediction disagreement: 0 when all agree, 1 at the most even split', () => {
    expect(predictionDisagreement(['A', 'A'], 2)).toBe(0);
    expect(predictionDisagreement(['A', 'B'], 2)).toBe(1);
    expect(predictionDisagreement(['A', 'A', 'B'], 2)).toBe(1);
    expect(predictionDisagreement(['A', 'A', 'B'], 3)).toBeCloseTo(1 / 3 / (2 / 3), 12);
    expect(predictionDisagreement(['A', 'B', 'C'], 3)).toBe(1);
    expect(predictionDisagreement(['A', null], 2)).toBeNull();
  });
  it('half predictions, half neighbours; a part not measured counts 0', () => {
    const a = pipeline({ x: [0.9, 0.1], y: [0.9, 0.1], z: [0.4, 0.6] });
    const b = pipeline({ x: [0.2, 0.8], y: [0.9, 0.1], z: [0.3, 0.7] });
    const neighbours = new Map([
      ['x', 0.2],
      ['y', 0.9],
      ['z', 0.1],
    ]);
    const q = disagreementQueue(['x', 'y', 'z', 'u'], [a, b], neighbours, 10);
    expect(q.map((e) => e.id)).toEqual(['x', 'y', 'z']);
    expect(q[0]).toEqual({ id: 'x', score: 0.6, prediction: 1, neighbours: 0.2, predicted: ['FRI', 'FRII'] });
    expect(q[1].score).toBeCloseTo(0.45, 12);
    // One pipeline: no prediction disagreement, the neighbours alone (halved).
    const one = disagreementQueue(['x', 'y'], [a], neighbours, 10);
    expect(one.map((e) => [e.id, e.prediction, e.score])).toEqual([
      ['y', null, 0.45],
      ['x', null, 0.1],
    ]);
  });
});
