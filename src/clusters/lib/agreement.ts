import { adjustedRandIndex } from './adjustedRand';

/** One pipeline's clustering: its rows (image ids) and each row's cluster (−1 = noise). */
export interface Clustering {
  id: string;
  imageIds: readonly string[];
  labels: Int32Array;
}

export interface ClusterAgreementPair {
  a: string;
  b: string;
  /** Images both pipelines clustered. */
  n: number;
  /** Adjusted Rand index of the two clusterings on those images (noise counts as a group of its own); NaN below 2 images. */
  ari: number;
}

/** Do two models find the same groups? The adjusted Rand index between every two pipelines' clusterings, on the images both have. */
export function clusterAgreement(clusterings: readonly Clustering[]): ClusterAgreementPair[] {
  const rowOf = clusterings.map((c) => new Map(c.imageIds.map((id, i) => [id, i])));
  const pairs: ClusterAgreementPair[] = [];
  clusterings.forEach((ca, i) =>
    clusterings.slice(i + 1).forEach((cb, d) => {
      const other = rowOf[i + 1 + d];
      const la: number[] = [],
        lb: number[] = [];
      ca.imageIds.forEach((id, r) => {
        const s = other.get(id);
        if (s !== undefined) {
          la.push(ca.labels[r]);
          lb.push(cb.labels[s]);
        }
      });
      pairs.push({ a: ca.id, b: cb.id, n: la.length, ari: la.length >= 2 ? adjustedRandIndex(la, lb) : NaN });
    }),
  );
  return pairs;
}
