/**
 * What to label next. Two queues over the images that have no label yet:
 * - *least sure*: margin sampling (Scheffer et al. 2001) — the smaller the gap between the probe's
 *   two most probable classes, the less sure it is; averaged over every pipeline that has
 *   probabilities for the image;
 * - *models disagree*: how much the pipelines disagree about the image, half from their predicted
 *   classes (1 − share of the most common prediction, scaled so that an even split is 1) and half
 *   from their neighbourhoods (1 − mean Jaccard overlap of its k-NN sets between pipelines, from the
 *   comparison). Images on which the models see different things are where a label teaches most
 *   about which model to trust.
 * Ties go to the earlier candidate, so the order is as stable as the candidates' order.
 */

/** One pipeline's probe probabilities: row-major rows × classes, for the images `imageIds`. */
export interface PipelineProbabilities {
  imageIds: readonly string[];
  classNames: readonly string[];
  probabilities: Float32Array;
}

export interface UncertainEntry {
  id: string;
  /** 1 − mean margin, 0…1: higher is less sure. */
  score: number;
  /** Mean gap between the two most probable classes over the pipelines. */
  margin: number;
  /** The most probable class (of the summed probabilities). */
  likely: string;
}

export interface DisagreementEntry {
  id: string;
  /** Mean of the two parts below, 0…1. */
  score: number;
  /** Predicted-class disagreement between pipelines, 0 (all agree) … 1 (as split as possible); null with fewer than two pipelines. */
  prediction: number | null;
  /** Neighbour disagreement between pipelines (1 − mean k-NN Jaccard); null where it was not measured. */
  neighbours: number | null;
  /** Each pipeline's predicted class, in pipeline order (null where it has none). */
  predicted: (string | null)[];
}

function rowIndex(p: PipelineProbabilities): Map<string, number> {
  return new Map(p.imageIds.map((id, i) => [id, i]));
}

/** The two largest values of a row and the index of the largest. */
function topTwo(probs: Float32Array, offset: number, k: number): { best: number; first: number; second: number } {
  let best = 0,
    first = -Infinity,
    second = -Infinity;
  for (let c = 0; c < k; c++) {
    const v = probs[offset + c];
    if (v > first) {
      second = first;
      first = v;
      best = c;
    } else if (v > second) second = v;
  }
  return { best, first, second: k > 1 ? second : 0 };
}

const byScore = <T extends { score: number }>(entries: { entry: T; order: number }[], n: number): T[] =>
  entries
    .sort((a, b) => b.entry.score - a.entry.score || a.order - b.order)
    .slice(0, n)
    .map((e) => e.entry);

export function uncertaintyQueue(candidates: readonly string[], pipelines: readonly PipelineProbabilities[], n: number): UncertainEntry[] {
  const indices = pipelines.map(rowIndex);
  const entries = candidates.flatMap((id, order) => {
    let margins = 0,
      count = 0;
    const summed = new Map<string, number>();
    pipelines.forEach((p, k) => {
      const row = indices[k].get(id);
      const K = p.classNames.length;
      if (row === undefined || K === 0) return;
      const { first, second } = topTwo(p.probabilities, row * K, K);
      margins += first - second;
      count++;
      p.classNames.forEach((name, c) => summed.set(name, (summed.get(name) ?? 0) + p.probabilities[row * K + c]));
    });
    if (count === 0) return [];
    const margin = margins / count;
    const likely = [...summed].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    return [{ entry: { id, score: 1 - margin, margin, likely }, order }];
  });
  return byScore(entries, n);
}

/** 1 − share of the most common class among the predictions, scaled to 0…1 by its largest possible value. */
export function predictionDisagreement(predicted: readonly (string | null)[], nClasses: number): number | null {
  const votes = predicted.filter((p): p is string => p !== null);
  if (votes.length < 2) return null;
  const counts = new Map<string, number>();
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(...counts.values());
  // The most even split possible: the votes spread over min(votes, classes) classes.
  const spread = Math.max(1, Math.min(votes.length, nClasses));
  const worst = 1 - Math.ceil(votes.length / spread) / votes.length;
  return worst > 0 ? (1 - top / votes.length) / worst : 0;
}

export function disagreementQueue(
  candidates: readonly string[],
  pipelines: readonly PipelineProbabilities[],
  neighbourDisagreement: ReadonlyMap<string, number>,
  n: number,
): DisagreementEntry[] {
  const indices = pipelines.map(rowIndex);
  const nClasses = new Set(pipelines.flatMap((p) => p.classNames)).size;
  const entries = candidates.flatMap((id, order) => {
    const predicted = pipelines.map((p, k) => {
      const row = indices[k].get(id);
      const K = p.classNames.length;
      return row === undefined || K === 0 ? null : p.classNames[topTwo(p.probabilities, row * K, K).best];
    });
    const prediction = predictionDisagreement(predicted, nClasses);
    const neighbours = neighbourDisagreement.get(id) ?? null;
    const parts = [prediction, neighbours].filter((v): v is number => v !== null);
    if (parts.length === 0) return [];
    const score = parts.reduce((a, b) => a + b, 0) / 2;
    return [{ entry: { id, score, prediction, neighbours, predicted }, order }];
  });
  return byScore(entries, n);
}
