/**
 * UMAP's layout stage on typed arrays: fuzzy simplicial set from a k-NN graph, then the
 * stochastic layout optimisation with negative sampling — the same algorithm and defaults as
 * umap-learn and umap-js (McInnes et al. 2018), without their per-epoch allocations of
 * number[][]. It takes the k-NN graph from src/projection/lib/knn.ts, so neighbour search and layout can
 * each use the fastest engine available.
 */
import type { KnnGraph } from './knn';

export interface LayoutOptions {
  minDist: number;
  spread?: number;
  nEpochs?: number;
  negativeSampleRate?: number;
  learningRate?: number;
  random: () => number;
  /** Initial 2-D positions (row-major n × 2), e.g. the first two principal components. */
  init?: Float32Array;
  /** Called every few epochs with the current layout (a view, copy it to keep it). */
  onEpoch?: (epoch: number, nEpochs: number, coords: Float32Array) => boolean | void;
}

/** umap-learn's epoch schedule: 500 for small sets down to 200 for large ones. */
export function defaultEpochs(n: number): number {
  return n <= 2500 ? 500 : n <= 5000 ? 400 : n <= 7500 ? 300 : 200;
}

/** Fits 1 / (1 + a·d^(2b)) to UMAP's target membership curve (as umap-learn's find_ab_params). */
export function findAB(minDist: number, spread = 1): { a: number; b: number } {
  const xs = Array.from({ length: 300 }, (_, i) => (i * 3 * spread) / 299);
  const ys = xs.map((x) => (x < minDist ? 1 : Math.exp(-(x - minDist) / spread)));
  const loss = (a: number, b: number) => xs.reduce((s, x, i) => s + (1 / (1 + a * x ** (2 * b)) - ys[i]) ** 2, 0);
  // Coarse grid, then coordinate refinement: smooth 2-parameter problem, no library needed.
  let best = { a: 1, b: 1, l: Infinity };
  for (let a = 0.1; a <= 4; a += 0.05)
    for (let b = 0.3; b <= 1.5; b += 0.02) {
      const l = loss(a, b);
      if (l < best.l) best = { a, b, l };
    }
  for (let step = 0.02; step > 1e-6; step /= 2) {
    for (const [da, db] of [
      [step, 0],
      [-step, 0],
      [0, step],
      [0, -step],
    ]) {
      const l = loss(best.a + da, best.b + db);
      if (l < best.l) best = { a: best.a + da, b: best.b + db, l };
    }
  }
  return { a: best.a, b: best.b };
}

/** Memberships from k-NN distances (smooth_knn_dist), symmetrised by fuzzy union; returns an edge list. */
export function fuzzyGraph(knn: KnnGraph, n: number): { head: Int32Array; tail: Int32Array; weight: Float32Array } {
  const { indices, distances, k } = knn;
  const target = Math.log2(k);
  const meanAll = distances.reduce((s, d) => s + d, 0) / distances.length;
  // Row i's directed memberships: targets[i·k + s], in the order first listed, with the last value
  // listed for a repeated target (a Map keyed i·n + j did this, at 10⁶ rows near its 2²⁴-entry limit).
  const targets = new Int32Array(n * k);
  const members = new Float64Array(n * k);
  const count = new Int32Array(n);
  const slotOf = (i: number, t: number) => {
    for (let s = i * k, end = s + count[i]; s < end; s++) if (targets[s] === t) return s;
    return -1;
  };
  for (let i = 0; i < n; i++) {
    const row = distances.subarray(i * k, (i + 1) * k);
    const rho = row.find((d, j) => d > 0 && indices[i * k + j] !== i) ?? 0;
    let lo = 0;
    let hi = Infinity;
    let sigma = 1;
    for (let it = 0; it < 64; it++) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        if (indices[i * k + j] === i) continue;
        const d = row[j] - rho;
        sum += d > 0 ? Math.exp(-d / sigma) : 1;
      }
      if (Math.abs(sum - target) < 1e-5) break;
      if (sum > target) {
        hi = sigma;
        sigma = (lo + hi) / 2;
      } else {
        lo = sigma;
        sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
      }
    }
    const meanRow = row.reduce((s, d) => s + d, 0) / k;
    sigma = Math.max(sigma, 1e-3 * (rho > 0 ? meanRow : meanAll));
    for (let j = 0; j < k; j++) {
      const t = indices[i * k + j];
      if (t === i || t < 0) continue;
      const d = row[j] - rho;
      let slot = slotOf(i, t);
      if (slot < 0) targets[(slot = i * k + count[i]++)] = t;
      members[slot] = d <= 0 ? 1 : Math.exp(-d / sigma);
    }
  }
  const head = new Int32Array(n * k);
  const tail = new Int32Array(n * k);
  const weight = new Float32Array(n * k);
  let edges = 0;
  for (let i = 0; i < n; i++)
    for (let s = i * k, end = s + count[i]; s < end; s++) {
      const j = targets[s];
      const w = members[s];
      const backSlot = slotOf(j, i);
      const back = backSlot < 0 ? 0 : members[backSlot];
      if (back > 0 && j < i) continue; // the pair was emitted from the other side
      head[edges] = i;
      tail[edges] = j;
      weight[edges++] = w + back - w * back;
    }
  return { head: head.slice(0, edges), tail: tail.slice(0, edges), weight: weight.slice(0, edges) };
}

/** The 2-D layout: SGD on the fuzzy graph's edges with negative sampling, as umap-learn's optimize_layout. */
export function optimiseLayout(graph: ReturnType<typeof fuzzyGraph>, n: number, options: LayoutOptions): Float32Array {
  const nEpochs = options.nEpochs ?? defaultEpochs(n);
  const { a, b } = findAB(options.minDist, options.spread);
  const negRate = options.negativeSampleRate ?? 5;
  const rng = options.random;
  const maxW = graph.weight.reduce((m, w) => Math.max(m, w), 0);
  // Edges too weak to be sampled even once are dropped. The graph is symmetric: like umap-learn's
  // COO matrix, each pair is an edge in both directions.
  const edges: number[] = [];
  for (let e = 0; e < graph.weight.length; e++) if (graph.weight[e] >= maxW / nEpochs) edges.push(e);
  const m = edges.length * 2;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const perSample = new Float32Array(m);
  edges.forEach((e, i) => {
    from[2 * i] = graph.head[e];
    to[2 * i] = graph.tail[e];
    from[2 * i + 1] = graph.tail[e];
    to[2 * i + 1] = graph.head[e];
    perSample[2 * i] = perSample[2 * i + 1] = maxW / graph.weight[e];
  });
  const nextSample = Float32Array.from(perSample);
  const perNegative = perSample.map((p) => p / negRate);
  const nextNegative = Float32Array.from(perNegative);
  // Float64 positions: the inner loop then never converts between float widths.
  const y = options.init ? Float64Array.from(options.init) : Float64Array.from({ length: 2 * n }, () => rng() * 20 - 10);
  const view = new Float32Array(2 * n);
  const clip = (v: number) => (v > 4 ? 4 : v < -4 ? -4 : v);
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const alpha = (options.learningRate ?? 1) * (1 - epoch / nEpochs);
    for (let i = 0; i < m; i++) {
      if (nextSample[i] > epoch) continue;
      const j = from[i];
      const k = to[i];
      let dx = y[2 * j] - y[2 * k];
      let dy = y[2 * j + 1] - y[2 * k + 1];
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        // d2^b as exp(b·ln d2): V8's Math.pow with a fractional exponent costs twice as much.
        const pb = Math.exp(b * Math.log(d2)); // and d2^(b−1) = pb / d2
        const coef = (-2 * a * b * pb) / d2 / (a * pb + 1);
        const gx = clip(coef * dx) * alpha;
        const gy = clip(coef * dy) * alpha;
        // Both ends move (umap-learn's move_other): the pair is pulled together.
        y[2 * j] += gx;
        y[2 * j + 1] += gy;
        y[2 * k] -= gx;
        y[2 * k + 1] -= gy;
      }
      nextSample[i] += perSample[i];
      const negatives = Math.floor((epoch - nextNegative[i]) / perNegative[i]);
      for (let s = 0; s < negatives; s++) {
        const r = Math.floor(rng() * n);
        if (r === j) continue;
        dx = y[2 * j] - y[2 * r];
        dy = y[2 * j + 1] - y[2 * r + 1];
        d2 = dx * dx + dy * dy;
        const coef = d2 > 0 ? (2 * b) / ((0.001 + d2) * (a * Math.exp(b * Math.log(d2)) + 1)) : 0;
        y[2 * j] += (coef > 0 ? clip(coef * dx) : 4) * alpha;
        y[2 * j + 1] += (coef > 0 ? clip(coef * dy) : 4) * alpha;
      }
      nextNegative[i] += negatives * perNegative[i];
    }
    if (options.onEpoch && (epoch % 10 === 9 || epoch === nEpochs - 1)) {
      view.set(y);
      if (options.onEpoch(epoch + 1, nEpochs, view) === false) break;
    }
  }
  view.set(y);
  return view;
}
