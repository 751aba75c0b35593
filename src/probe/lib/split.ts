/**
 * The probe protocol's sampling: stratified train/test splits, stratified k folds and labelled
 * subsets of the training set ("label budgets"), all seeded so a result can be reproduced.
 */
import { seededRandom } from '../../shared/lib/random';

export type Budget = { kind: 'fraction'; value: number } | { kind: 'perClass'; value: number };

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function byClass(labels: ArrayLike<number>, indices: readonly number[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const i of indices) {
    const g = groups.get(labels[i]) ?? [];
    g.push(i);
    groups.set(labels[i], g);
  }
  return new Map([...groups].sort((a, b) => a[0] - b[0]));
}

/** Stratified split: each class contributes round(testFraction × its count) test items (at least 1 when it has 2+). */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  indices: readonly number[],
  testFraction: number,
  seed: number,
): { train: number[]; test: number[] } {
  const random = seededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const group of byClass(labels, indices).values()) {
    const g = shuffled(group, random);
    const nTest = g.length < 2 ? 0 : Math.min(g.length - 1, Math.max(1, Math.round(g.length * testFraction)));
    test.push(...g.slice(0, nTest));
    train.push(...g.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Stratified k folds: item i of each shuffled class goes to fold i mod k. */
export function stratifiedFolds(labels: ArrayLike<number>, indices: readonly number[], k: number, seed: number): number[][] {
  const random = seededRandom(seed);
  const folds = Array.from({ length: k }, () => [] as number[]);
  let offset = 0;
  for (const group of byClass(labels, indices).values()) {
    shuffled(group, random).forEach((item, i) => folds[(i + offset) % k].push(item));
    offset += group.length;
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** A labelled subset of the training set under a budget, stratified, different for each seed. */
export function budgetSubset(labels: ArrayLike<number>, train: readonly number[], budget: Budget, seed: number): number[] {
  const random = seededRandom(seed);
  const out: number[] = [];
  for (const group of byClass(labels, train).values()) {
    const n = budget.kind === 'fraction' ? Math.max(1, Math.round(group.length * budget.value)) : Math.min(group.length, budget.value);
    out.push(...shuffled(group, random).slice(0, n));
  }
  return out.sort((a, b) => a - b);
}

export const budgetLabel = (b: Budget) => (b.kind === 'fraction' ? `${Math.round(b.value * 100)} %` : `${b.value}/class`);
