/** What each cluster is: its size, the class most of its labelled members carry and the share of them that carry it (purity). */
export interface ClusterSummary {
  /** The cluster's number (0 = the largest); the row labels use it. */
  cluster: number;
  size: number;
  /** Members with a class; purity is measured on them. */
  labelled: number;
  /** The most common class among the labelled members (ties: the first in class order), or null when none is labelled. */
  majorityClass: string | null;
  /** Labelled members of the majority class / labelled members, 0…1 (NaN when none is labelled). */
  purity: number;
}

/** `labels[i]` is row i's cluster (−1 = noise), `classOf[i]` its class index (−1 = unlabelled) into `classNames`. */
export function summariseClusters(labels: Int32Array, classOf: ArrayLike<number>, classNames: readonly string[]): ClusterSummary[] {
  const k = labels.reduce((m, c) => Math.max(m, c + 1), 0);
  const counts = Array.from({ length: k }, () => new Int32Array(classNames.length));
  const size = new Int32Array(k);
  labels.forEach((c, i) => {
    if (c < 0) return;
    size[c]++;
    if (classOf[i] >= 0) counts[c][classOf[i]]++;
  });
  return counts.map((perClass, c) => {
    const labelled = perClass.reduce((s, v) => s + v, 0);
    let best = -1;
    perClass.forEach((v, j) => {
      if (v > 0 && (best < 0 || v > perClass[best])) best = j;
    });
    return {
      cluster: c,
      size: size[c],
      labelled,
      majorityClass: best >= 0 ? classNames[best] : null,
      purity: labelled > 0 ? perClass[best] / labelled : NaN,
    };
  });
}

/**
 * Where each cluster's label goes on a panel: the mean position of its members in `coords` (the
 * panel's own rows, `rowOf` an image id → row), as [x0, y0, x1, y1, …] by cluster number.
 */
export function clusterCentres(imageIds: readonly string[], labels: Int32Array, rowOf: ReadonlyMap<string, number>, coords: ArrayLike<number>): Float64Array {
  const k = labels.reduce((m, c) => Math.max(m, c + 1), 0);
  const sum = new Float64Array(2 * k),
    count = new Int32Array(k);
  imageIds.forEach((id, i) => {
    const row = rowOf.get(id);
    if (labels[i] < 0 || row === undefined) return;
    sum[2 * labels[i]] += coords[2 * row];
    sum[2 * labels[i] + 1] += coords[2 * row + 1];
    count[labels[i]]++;
  });
  return sum.map((v, j) => v / count[j >> 1]);
}
