/**
 * The first half of HDBSCAN (Campello, Moulavi & Sander 2013; McInnes & Healy 2017): each point's
 * core distance and the minimum spanning tree of the mutual-reachability graph, as scikit-learn
 * computes them (sklearn/cluster/_hdbscan: `min_samples` counts the point itself; Prim's algorithm
 * on distances computed on the fly, so memory stays O(n) where a distance matrix would be O(n²)).
 * Everything runs on squared Euclidean distances (max and min keep their order under squaring);
 * only the n − 1 tree edges are square-rooted.
 */

/** A spanning-tree edge between rows `a` and `b` at mutual-reachability distance `distance`. */
export interface MstEdge {
  a: number;
  b: number;
  distance: number;
}

function squaredDistance(points: ArrayLike<number>, dim: number, i: number, j: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = points[i * dim + d] - points[j * dim + d];
    s += t * t;
  }
  return s;
}

/**
 * Squared core distances: for each row, the squared distance to its `minSamples`-th nearest row,
 * counting itself as the first (so `minSamples` = 1 gives 0). Exact, by a sweep along the first
 * coordinate: rows sorted by it are scanned outwards from each row until the gap in that
 * coordinate alone exceeds the k-th best distance so far (for a 2-D layout, ~√(n·k) rows per row
 * instead of n).
 */
export function squaredCoreDistances(points: ArrayLike<number>, n: number, dim: number, minSamples: number): Float64Array {
  const k = Math.min(minSamples, n) - 1;
  const core = new Float64Array(n);
  if (k <= 0) return core;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => points[a * dim] - points[b * dim]);
  const best = new Float64Array(k);
  const consider = (i: number, j: number) => {
    const d = squaredDistance(points, dim, i, j);
    if (d >= best[k - 1]) return;
    let p = k - 1;
    while (p > 0 && best[p - 1] > d) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = d;
  };
  order.forEach((i, at) => {
    best.fill(Infinity);
    const x = points[i * dim];
    for (let up = at + 1, down = at - 1; up < n || down >= 0;) {
      const gapUp = up < n ? (points[order[up] * dim] - x) ** 2 : Infinity;
      const gapDown = down >= 0 ? (points[order[down] * dim] - x) ** 2 : Infinity;
      // Take the nearer side first; once both sides are farther in x alone than the k-th best, nothing closer is left.
      if (Math.min(gapUp, gapDown) >= best[k - 1]) break;
      if (gapUp <= gapDown) consider(i, order[up++]);
      else consider(i, order[down--]);
    }
    core[i] = best[k - 1];
  });
  return core;
}

/**
 * The minimum spanning tree of the mutual-reachability graph, max(core(i), core(j), d(i, j)), by
 * Prim's algorithm from row 0, edges in the order Prim adds them. `onProgress` gets the fraction done.
 */
export function mutualReachabilityMst(
  points: ArrayLike<number>,
  n: number,
  dim: number,
  squaredCore: Float64Array,
  onProgress?: (fraction: number) => void,
): MstEdge[] {
  const edges: MstEdge[] = [];
  if (n < 2) return edges;
  // Rows not yet in the tree, each with its cheapest (squared) link into the tree and where that link goes.
  const remaining = Int32Array.from({ length: n - 1 }, (_, i) => i + 1);
  let left = n - 1;
  const reach = new Float64Array(n).fill(Infinity);
  const source = new Int32Array(n);
  let current = 0;
  while (left > 0) {
    const coreCurrent = squaredCore[current];
    let bestSlot = -1;
    let best = Infinity;
    for (let s = 0; s < left; s++) {
      const j = remaining[s];
      let m = squaredDistance(points, dim, current, j);
      if (coreCurrent > m) m = coreCurrent;
      if (squaredCore[j] > m) m = squaredCore[j];
      if (m < reach[j]) {
        reach[j] = m;
        source[j] = current;
      }
      // Ties go to the lowest row, so the tree does not depend on the order `remaining` is in.
      if (reach[j] < best || (reach[j] === best && j < remaining[bestSlot])) {
        best = reach[j];
        bestSlot = s;
      }
    }
    const next = remaining[bestSlot];
    remaining[bestSlot] = remaining[--left];
    edges.push({ a: source[next], b: next, distance: Math.sqrt(best) });
    current = next;
    if (onProgress && edges.length % 256 === 0) onProgress(edges.length / (n - 1));
  }
  return edges;
}
