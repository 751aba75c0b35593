/**
 * Where an image that is not in the layout would fall in it: UMAP has no exact out-of-sample
 * transform in the app, so the image is placed at the mean of its k nearest neighbours' layout
 * positions, each weighted by 1 / cosine distance; neighbours at distance ~0 (the same cutout
 * again) take all the weight, so it lands exactly on them. The UI says so.
 */
export const PLACEMENT_K = 5;
/** Cosine distances this small are the same image (float32 embeddings agree to ~1e-7). */
const SAME = 1e-6;

/** `at(index)` gives a neighbour's layout position (undefined: not in this layout; skipped). */
export function placeByNeighbours(
  neighbours: readonly { index: number; distance: number }[],
  at: (index: number) => readonly [number, number] | undefined,
  k = PLACEMENT_K,
): [number, number] | undefined {
  const used = neighbours.flatMap((n) => {
    const p = at(n.index);
    return p ? [{ p, distance: Math.max(0, n.distance) }] : [];
  });
  const nearest = used.slice(0, k);
  if (nearest.length === 0) return undefined;
  const same = nearest.filter((n) => n.distance <= SAME);
  const weighted = same.length ? same.map((n) => ({ p: n.p, w: 1 })) : nearest.map((n) => ({ p: n.p, w: 1 / n.distance }));
  const total = weighted.reduce((t, n) => t + n.w, 0);
  return [weighted.reduce((x, n) => x + n.w * n.p[0], 0) / total, weighted.reduce((y, n) => y + n.w * n.p[1], 0) / total];
}
