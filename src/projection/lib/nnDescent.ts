/**
 * Approximate k-nearest neighbours for sets beyond the exact search's reach (10⁶ rows): NN-descent
 * (Dong, Charikar & Li 2011) seeded by random-projection trees, as pynndescent (umap-learn's
 * search) does it. umap-js has both internally, but keeps rows and heaps as number[][] (10⁶ × 768
 * doubles alone are 6 GB, plus an array object per row); here everything lives in flat typed
 * arrays: per row a max-heap of its k − 1 best neighbours so far, with a "new" flag per entry.
 *
 * The neighbour definition is the exact search's (src/projection/lib/knn.ts): Euclidean distance
 * between the given rows (unit rows: the cosine ranking), each list starting with the row itself
 * at distance 0. Seeded through the injected `random`: the same rows and seed give the same graph.
 */
import type { KnnGraph } from './knn';

export interface NnDescentOptions {
  /** List length, the row itself included (as exactKnn's k). */
  k: number;
  random: () => number;
  /** Random-projection trees whose leaves seed the lists (default from n, as pynndescent picks it). */
  trees?: number;
  /** Rows per tree leaf; every pair in a leaf is a first guess (default max(10, k)). */
  leafSize?: number;
  /** Stop after this many rounds (default max(5, round(log₂ n)), pynndescent's). */
  maxIterations?: number;
  /** Stop when a round improves fewer than delta · n · k entries (default 0.001, pynndescent's). */
  delta?: number;
  /** Neighbours sampled per row per round for the local join (default min(60, k)). */
  maxCandidates?: number;
  /**
   * Rows the trees split on, when cheaper than the rows themselves (e.g. their leading principal
   * components: a split costs a pass over every row at every tree level); distances are always the rows'.
   */
  treeRows?: { rows: Float32Array; dim: number };
  /** First guesses from another search (e.g. a cheaper one on fewer dimensions), instead of the trees. */
  init?: KnnGraph;
  /**
   * Called after each tree (done of total trees) and each round of the descent (done of at most
   * total rounds, with the share of list entries the round improved: it stops below delta).
   */
  onProgress?: (stage: 'trees' | 'descent', done: number, total: number, improved?: number) => void;
}

function sqDistance(rows: Float32Array, dim: number, a: number, b: number): number {
  let s = 0;
  const oa = a * dim;
  const ob = b * dim;
  for (let t = 0; t < dim; t++) {
    const d = rows[oa + t] - rows[ob + t];
    s += d * d;
  }
  return s;
}

/** n fixed-size max-heaps (largest key at the root) of (index, key, flag), in flat arrays. */
class Heaps {
  readonly index: Int32Array;
  readonly key: Float32Array;
  readonly flag: Uint8Array;
  constructor(
    n: number,
    readonly size: number,
  ) {
    this.index = new Int32Array(n * size).fill(-1);
    this.key = new Float32Array(n * size).fill(Infinity);
    this.flag = new Uint8Array(n * size);
  }

  /** Offers j to row's heap; true when it went in (closer than the worst kept and not already there). */
  push(row: number, j: number, key: number, flag: number): boolean {
    const base = row * this.size;
    const { index, key: keys } = this;
    if (!(key < keys[base])) return false;
    for (let s = 0; s < this.size; s++) if (index[base + s] === j) return false;
    // Replace the root and sift it down.
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && keys[base + right] > keys[base + left] ? right : left;
      if (keys[base + child] <= key) break;
      index[base + at] = index[base + child];
      keys[base + at] = keys[base + child];
      this.flag[base + at] = this.flag[base + child];
      at = child;
    }
    index[base + at] = j;
    keys[base + at] = key;
    this.flag[base + at] = flag;
    return true;
  }

  contains(row: number, j: number): boolean {
    const base = row * this.size;
    for (let s = 0; s < this.size; s++) if (this.index[base + s] === j) return true;
    return false;
  }
}

/**
 * Leaves of one random-projection tree: each node splits its rows by the hyperplane halfway
 * between two of them picked at random (ties, and a split that leaves one side empty, go to a
 * coin toss), down to at most `leafSize` rows. `order` is permuted in place; `leaf` sees ranges of it.
 */
function rpTreeLeaves(
  rows: Float32Array,
  dim: number,
  order: Int32Array,
  leafSize: number,
  random: () => number,
  leaf: (start: number, end: number) => void,
): void {
  const normal = new Float32Array(dim);
  const side = new Uint8Array(order.length);
  const stack: [number, number][] = [[0, order.length]];
  while (stack.length) {
    const [start, end] = stack.pop()!;
    const count = end - start;
    if (count <= leafSize) {
      leaf(start, end);
      continue;
    }
    const pa = Math.floor(random() * count);
    const pb = (pa + 1 + Math.floor(random() * (count - 1))) % count;
    const a = order[start + pa];
    const b = order[start + pb];
    let offset = 0;
    for (let t = 0; t < dim; t++) {
      normal[t] = rows[a * dim + t] - rows[b * dim + t];
      offset -= (normal[t] * (rows[a * dim + t] + rows[b * dim + t])) / 2;
    }
    let left = 0;
    for (let p = start; p < end; p++) {
      let margin = offset;
      const o = order[p] * dim;
      for (let t = 0; t < dim; t++) margin += normal[t] * rows[o + t];
      const goesLeft = margin === 0 ? random() < 0.5 : margin > 0;
      side[p] = goesLeft ? 1 : 0;
      left += side[p];
    }
    // Identical rows (or a degenerate plane): split at random so the recursion ends.
    if (left === 0 || left === count) {
      left = 0;
      for (let p = start; p < end; p++) left += side[p] = random() < 0.5 ? 1 : 0;
      if (left === 0 || left === count) for (let p = start; p < end; p++) side[p] = p - start < count / 2 ? 1 : 0;
      left = 0;
      for (let p = start; p < end; p++) left += side[p];
    }
    // Stable partition: left rows first.
    const moved = Int32Array.from(order.subarray(start, end));
    let l = start;
    let r = start + left;
    for (let p = 0; p < count; p++) {
      if (side[start + p]) order[l++] = moved[p];
      else order[r++] = moved[p];
    }
    stack.push([start + left, end], [start, start + left]);
  }
}

/** Approximate k-NN graph of n × dim rows, in exactKnn's form (self first, then nearest first, Euclidean distances). */
export function nnDescent(rows: Float32Array, n: number, dim: number, options: NnDescentOptions): KnnGraph {
  if (rows.length !== n * dim) throw new Error(`expected ${n}×${dim} values, got ${rows.length}`);
  const k = Math.min(options.k, n);
  const m = k - 1;
  const { random } = options;
  const out = { indices: new Int32Array(n * k), distances: new Float32Array(n * k), k };
  for (let i = 0; i < n; i++) out.indices[i * k] = i;
  if (m <= 0) return out;
  const leafSize = options.leafSize ?? Math.max(10, k);
  const trees = options.init ? 0 : (options.trees ?? Math.min(32, 5 + Math.round(n ** 0.25)));
  const heaps = new Heaps(n, m);
  const offer = (i: number, j: number, d: number) => heaps.push(i, j, d, 1);
  // A pair already in both lists can change neither: its distance (most of the cost) is not computed again.
  const join = (p: number, q: number) => {
    if (heaps.contains(p, q) && heaps.contains(q, p)) return 0;
    const d = sqDistance(rows, dim, p, q);
    return +offer(p, q, d) + +offer(q, p, d);
  };

  // 1. Every pair in a leaf of a random-projection tree is a first guess.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < trees; t++) {
    rpTreeLeaves(options.treeRows?.rows ?? rows, options.treeRows?.dim ?? dim, order, leafSize, random, (start, end) => {
      for (let p = start; p < end; p++) for (let q = p + 1; q < end; q++) join(order[p], order[q]);
    });
    options.onProgress?.('trees', t + 1, trees);
  }
  const init = options.init;
  if (init)
    for (let i = 0; i < n; i++)
      for (let s = 0; s < init.k; s++) {
        const j = init.indices[i * init.k + s];
        if (j !== i) offer(i, j, sqDistance(rows, dim, i, j));
      }
  // Rows a leaf left short get random guesses, so every list is full.
  for (let i = 0; i < n; i++)
    for (let tries = 0; heaps.index[i * m] < 0 && tries < 4 * m; tries++) {
      const j = Math.floor(random() * n);
      if (j !== i) offer(i, j, sqDistance(rows, dim, i, j));
    }

  // 2. NN-descent: a neighbour's neighbour is likely a neighbour. Each round joins, per row, a
  //    random sample of its new (not yet joined) and old neighbours, in both directions.
  const maxCandidates = options.maxCandidates ?? Math.min(60, k);
  const maxIterations = options.maxIterations ?? Math.max(5, Math.round(Math.log2(n)));
  const delta = options.delta ?? 0.001;
  const fresh = new Heaps(n, maxCandidates);
  const old = new Heaps(n, maxCandidates);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    fresh.index.fill(-1);
    fresh.key.fill(Infinity);
    old.index.fill(-1);
    old.key.fill(Infinity);
    for (let i = 0; i < n; i++)
      for (let s = 0; s < m; s++) {
        const j = heaps.index[i * m + s];
        if (j < 0) continue;
        const priority = random();
        const target = heaps.flag[i * m + s] ? fresh : old;
        target.push(i, j, priority, 0);
        target.push(j, i, priority, 0);
      }
    // Entries sampled as new are joined this round: from now on they are old.
    for (let i = 0; i < n; i++)
      for (let s = 0; s < m; s++) {
        const j = heaps.index[i * m + s];
        if (j >= 0 && heaps.flag[i * m + s] && fresh.contains(i, j)) heaps.flag[i * m + s] = 0;
      }
    let updates = 0;
    const c = maxCandidates;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < c; a++) {
        const p = fresh.index[i * c + a];
        if (p < 0) continue;
        for (let b = a + 1; b < c; b++) {
          const q = fresh.index[i * c + b];
          if (q >= 0) updates += join(p, q);
        }
        for (let b = 0; b < c; b++) {
          const q = old.index[i * c + b];
          if (q >= 0 && q !== p) updates += join(p, q);
        }
      }
    }
    options.onProgress?.('descent', iteration + 1, maxIterations, updates / (n * m));
    if (updates <= delta * n * m) break;
  }

  // 3. Each list sorted nearest first, after the row itself.
  const slot = Array.from({ length: m }, (_, s) => s);
  for (let i = 0; i < n; i++) {
    const base = i * m;
    slot.sort((s, t) => heaps.key[base + s] - heaps.key[base + t] || heaps.index[base + s] - heaps.index[base + t]);
    slot.forEach((s, c) => {
      const j = heaps.index[base + s];
      out.indices[i * k + 1 + c] = j < 0 ? i : j;
      out.distances[i * k + 1 + c] = j < 0 ? 0 : Math.sqrt(heaps.key[base + s]);
    });
  }
  return out;
}
