/**
 * Do two models see the same thing? Linear centred kernel alignment (CKA) between two embeddings
 * of the same images (Kornblith et al. 2019), and its debiased form, which replaces the biased HSIC
 * by the unbiased estimator of Song et al. (2012) as Nguyen et al. (2021) do: plain CKA of
 * high-dimensional embeddings of few images is biased upwards, the debiased one is not.
 *
 * Defined as Kornblith et al.'s reference code defines it (google-research/representation_similarity,
 * `cka(gram_linear(X), gram_linear(Y), debiased)`), checked against a NumPy transcription of it
 * (scripts/cka_reference.py):
 *   K = X Xᵀ, L = Y Yᵀ (linear kernels);
 *   biased:   K̃ = H K H with H = I − 11ᵀ/n;
 *   debiased: K̃ = K with a zero diagonal, minus (m_i + m_j) off the diagonal, where
 *             m = colsum(K)/(n − 2) − sum(K)/(2(n − 1)(n − 2)), diagonal zero again (U-centring);
 *   CKA = ⟨K̃, L̃⟩ / (‖K̃‖ ‖L̃‖) (Frobenius).
 * Both work on Gram matrices, so each pipeline's n × n Gram is computed once (O(n² d)) and every pair
 * costs O(n²), whatever the two embedding dimensions.
 */

/** X Xᵀ of row-major n × dim data, in double precision. */
export function gramMatrix(X: ArrayLike<number>, n: number, dim: number): Float64Array {
  const V = Float64Array.from(X as ArrayLike<number>);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = i * dim;
    for (let j = i; j < n; j++) {
      const b = j * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) s += V[a + k] * V[b + k];
      G[i * n + j] = G[j * n + i] = s;
    }
  }
  return G;
}

/**
 * A Gram matrix with what centring needs, so that the centred matrix is never stored: entry (i, j)
 * of K̃ is `G[i, j] − m[i] − m[j]` (0 on the diagonal when debiased).
 */
export interface CentredGram {
  G: Float64Array;
  n: number;
  m: Float64Array;
  debiased: boolean;
  /** ‖K̃‖_F. */
  norm: number;
}

export function centreGram(G: Float64Array, n: number, debiased: boolean): CentredGram {
  if (debiased && n < 4) throw new Error('debiased CKA needs at least 4 images');
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (!debiased || j !== i) s += G[i * n + j];
    m[i] = debiased ? s / (n - 2) : s / n;
  }
  const total = m.reduce((s, v) => s + v, 0);
  // Biased: K̃ij = Gij − r_i − r_j + mean(r) with r the row means; split the constant over both terms.
  const shift = debiased ? total / (2 * (n - 1)) : total / n / 2;
  for (let i = 0; i < n; i++) m[i] -= shift;
  const c: CentredGram = { G, n, m, debiased, norm: 0 };
  c.norm = Math.sqrt(centredDot(c, c));
  return c;
}

/** ⟨K̃, L̃⟩_F of two centred Grams of the same images. */
function centredDot(a: CentredGram, b: CentredGram): number {
  const n = a.n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (a.debiased && i === j) continue;
      s += (a.G[row + j] - a.m[i] - a.m[j]) * (b.G[row + j] - b.m[i] - b.m[j]);
    }
  }
  return s;
}

/** CKA of two centred Grams (the same centring); NaN when either embedding is constant. */
export function ckaFromGrams(a: CentredGram, b: CentredGram): number {
  if (a.n !== b.n || a.debiased !== b.debiased) throw new Error('CKA needs two Gram matrices of the same images, centred alike');
  const d = a.norm * b.norm;
  return d > 0 ? centredDot(a, b) / d : NaN;
}

/** Linear CKA of two row-aligned embeddings (n × dimX, n × dimY). */
export function linearCka(X: ArrayLike<number>, dimX: number, Y: ArrayLike<number>, dimY: number, n: number, debiased = false): number {
  return ckaFromGrams(centreGram(gramMatrix(X, n, dimX), n, debiased), centreGram(gramMatrix(Y, n, dimY), n, debiased));
}
