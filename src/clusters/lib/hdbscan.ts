/**
 * HDBSCAN* with excess-of-mass cluster selection (Campello, Moulavi & Sander 2013), following
 * scikit-learn's implementation (sklearn.cluster.HDBSCAN, from McInnes' hdbscan) step by step:
 * core distances and the mutual-reachability spanning tree (./mutualReachability), the
 * single-linkage tree, the tree condensed at `minClusterSize`, cluster stabilities, and the flat
 * clustering that maximises total stability without the root (allow_single_cluster = False,
 * cluster_selection_epsilon = 0). Euclidean distance on any number of dimensions; Latent Sky runs
 * it on each pipeline's 2-D layout. Checked against scikit-learn in test/clusters/hdbscan.test.ts.
 */
import { mutualReachabilityMst, squaredCoreDistances, type MstEdge } from './mutualReachability';

export interface HdbscanOptions {
  /** The smallest group that counts as a cluster (≥ 2). */
  minClusterSize: number;
  /** Neighbours (the point itself included) that define a point's core distance; default `minClusterSize`, as in scikit-learn. */
  minSamples?: number;
  onProgress?: (fraction: number) => void;
}

/** Single-linkage merges in scipy's layout: merge i creates node n + i from `left` and `right`. */
interface Linkage {
  left: Int32Array;
  right: Int32Array;
  distance: Float64Array;
  size: Int32Array;
}

function singleLinkage(edges: MstEdge[], n: number): Linkage {
  // A stable sort: equal distances keep the order Prim's algorithm found them in.
  const sorted = [...edges].sort((x, y) => x.distance - y.distance);
  const m = n - 1;
  const out: Linkage = { left: new Int32Array(m), right: new Int32Array(m), distance: new Float64Array(m), size: new Int32Array(m) };
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const size = new Int32Array(2 * n - 1).fill(1);
  const find = (x: number) => {
    let root = x;
    while (parent[root] !== -1) root = parent[root];
    while (parent[x] !== -1 && parent[x] !== root) {
      const up = parent[x];
      parent[x] = root;
      x = up;
    }
    return root;
  };
  sorted.forEach((e, i) => {
    const a = find(e.a),
      b = find(e.b),
      node = n + i;
    out.left[i] = a;
    out.right[i] = b;
    out.distance[i] = e.distance;
    out.size[i] = size[node] = size[a] + size[b];
    parent[a] = parent[b] = node;
  });
  return out;
}

/** The condensed tree: rows (parent cluster, child point or cluster, λ = 1/distance where the child leaves, child size). Clusters are numbered from n, the root n. */
interface CondensedTree {
  parent: number[];
  child: number[];
  lambda: number[];
  size: number[];
  /** Cluster labels run from n to n + nClusters − 1. */
  nClusters: number;
}

function condense(tree: Linkage, n: number, minClusterSize: number): CondensedTree {
  const out: CondensedTree = { parent: [], child: [], lambda: [], size: [], nClusters: 1 };
  const root = 2 * n - 2;
  const relabel = new Int32Array(2 * n - 1);
  relabel[root] = n;
  const sizeOf = (node: number) => (node >= n ? tree.size[node - n] : 1);
  const push = (parent: number, child: number, lambda: number, size: number) => {
    out.parent.push(parent);
    out.child.push(child);
    out.lambda.push(lambda);
    out.size.push(size);
  };
  /** Every point under `node` leaves cluster `cluster` at `lambda`. */
  const dropSubtree = (node: number, cluster: number, lambda: number) => {
    const stack = [node];
    while (stack.length) {
      const x = stack.pop()!;
      if (x < n) push(cluster, x, lambda, 1);
      else stack.push(tree.left[x - n], tree.right[x - n]);
    }
  };
  // Top-down: a node's label is set before its children are visited.
  const queue = [root];
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q];
    const i = node - n;
    const [left, right] = [tree.left[i], tree.right[i]];
    const lambda = tree.distance[i] > 0 ? 1 / tree.distance[i] : Infinity;
    const [leftSize, rightSize] = [sizeOf(left), sizeOf(right)];
    const cluster = relabel[node];
    if (leftSize >= minClusterSize && rightSize >= minClusterSize) {
      for (const [c, size] of [
        [left, leftSize],
        [right, rightSize],
      ]) {
        relabel[c] = n + out.nClusters++;
        push(cluster, relabel[c], lambda, size);
      }
    } else {
      // A side below the minimum size is not a new cluster: its points fall out; the other side carries the cluster on.
      if (leftSize < minClusterSize) dropSubtree(left, cluster, lambda);
      else relabel[left] = cluster;
      if (rightSize < minClusterSize) dropSubtree(right, cluster, lambda);
      else relabel[right] = cluster;
    }
    for (const c of [left, right]) if (c >= n && sizeOf(c) >= minClusterSize) queue.push(c);
  }
  return out;
}

/**
 * Excess of mass: a cluster's stability is Σ (λ_leave − λ_birth) over its points; bottom-up, a
 * cluster is kept when it is more stable than its selected descendants together. The root is
 * never selected. Returns, per cluster label − n, whether it is selected.
 */
function selectClusters(ct: CondensedTree, n: number): Uint8Array {
  const k = ct.nClusters;
  const birth = new Float64Array(k);
  const stability = new Float64Array(k);
  const children: number[][] = Array.from({ length: k }, () => []);
  ct.child.forEach((c, r) => {
    if (c >= n) {
      birth[c - n] = ct.lambda[r];
      children[ct.parent[r] - n].push(c - n);
    }
  });
  ct.parent.forEach((p, r) => (stability[p - n] += (ct.lambda[r] - birth[p - n]) * ct.size[r]));
  const selected = new Uint8Array(k).fill(1);
  selected[0] = 0;
  // Children are numbered after their parents, so descending labels visit children first.
  for (let c = k - 1; c > 0; c--) {
    const subtree = children[c].reduce((sum, d) => sum + stability[d], 0);
    if (subtree > stability[c]) {
      selected[c] = 0;
      stability[c] = subtree;
    } else {
      const stack = [...children[c]];
      while (stack.length) {
        const d = stack.pop()!;
        selected[d] = 0;
        stack.push(...children[d]);
      }
    }
  }
  return selected;
}

/**
 * Cluster labels per row (−1 = noise), clusters numbered by size, largest first (ties: the one
 * that formed first). `points` is row-major, n × dim.
 */
export function hdbscan(points: ArrayLike<number>, n: number, dim: number, options: HdbscanOptions): Int32Array {
  const { minClusterSize } = options;
  const minSamples = options.minSamples ?? minClusterSize;
  if (!(Number.isInteger(minClusterSize) && minClusterSize >= 2)) throw new Error('the minimum cluster size must be a whole number ≥ 2');
  if (!(Number.isInteger(minSamples) && minSamples >= 1)) throw new Error('min samples must be a whole number ≥ 1');
  if (points.length !== n * dim) throw new Error(`expected ${n} × ${dim} coordinates, got ${points.length}`);
  for (let i = 0; i < points.length; i++) if (!Number.isFinite(points[i])) throw new Error('the coordinates must be finite numbers');
  const labels = new Int32Array(n).fill(-1);
  if (n < 2) return labels;
  const edges = mutualReachabilityMst(points, n, dim, squaredCoreDistances(points, n, dim, minSamples), options.onProgress);
  const ct = condense(singleLinkage(edges, n), n, minClusterSize);
  const selected = selectClusters(ct, n);
  const clusterParent = new Int32Array(ct.nClusters).fill(-1);
  const pointParent = new Int32Array(n);
  ct.child.forEach((c, r) => (c >= n ? (clusterParent[c - n] = ct.parent[r] - n) : (pointParent[c] = ct.parent[r] - n)));
  // A point belongs to its nearest selected ancestor; with none (only the root above it) it is noise.
  const raw = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    let c = pointParent[p];
    while (c > 0 && !selected[c]) c = clusterParent[c];
    raw[p] = c > 0 ? c : -1;
  }
  const sizes = new Map<number, number>();
  raw.forEach((c) => c >= 0 && sizes.set(c, (sizes.get(c) ?? 0) + 1));
  const order = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || a - b);
  const number = new Map(order.map((c, i) => [c, i]));
  raw.forEach((c, p) => (labels[p] = c >= 0 ? number.get(c)! : -1));
  return labels;
}

/**
 * The settings a layout of n points is clustered with when the user chose none: a minimum
 * cluster size that grows with √n (5 under 40 points, 11 for 112, 50 from 2,500 on), so a few
 * dozen clusters at most, and min samples 5 (or the minimum size if smaller). scikit-learn's
 * default min samples, the minimum cluster size itself, smooths a small UMAP layout so much that
 * most of it, or all of it, comes out as noise.
 */
export function clusterParameters(n: number, chosen: { minClusterSize?: number; minSamples?: number }): { minClusterSize: number; minSamples: number } {
  const minClusterSize = chosen.minClusterSize ?? Math.min(50, Math.max(5, Math.round(Math.sqrt(n))));
  return { minClusterSize, minSamples: chosen.minSamples ?? Math.min(5, minClusterSize) };
}
