/**
 * Embeddings a model returned that cannot be used: a vector with a NaN or an infinity in it would
 * poison every distance, the UMAP layout and the probe's fits. Such an image is listed as failed
 * for its pipeline (with this reason) and left out of everything downstream.
 */

/** Why a vector is unusable, or undefined when every value in it is a finite number. */
export function nonFiniteReason(vector: ArrayLike<number>): string | undefined {
  if (vector.length === 0) return 'the model returned an empty embedding';
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i];
    if (Number.isNaN(x)) nan++;
    else if (x === Infinity || x === -Infinity) inf++;
  }
  if (nan === 0 && inf === 0) return undefined;
  const parts = [nan && `NaN in ${nan}`, inf && `±Inf in ${inf}`].filter(Boolean).join(' and ');
  return `the model returned ${parts} of ${vector.length} values`;
}

export const isFiniteVector = (vector: ArrayLike<number>): boolean => {
  for (let i = 0; i < vector.length; i++) if (!Number.isFinite(vector[i])) return false;
  return vector.length > 0;
};

/**
 * Splits a batch's row-major [n × dim] output into usable vectors and failures (row index and reason).
 * The usable vectors are views into `flat`.
 */
export function splitFinite(
  flat: Float32Array,
  n: number,
  dim: number,
): { ok: { row: number; vector: Float32Array }[]; failed: { row: number; reason: string }[] } {
  const ok: { row: number; vector: Float32Array }[] = [];
  const failed: { row: number; reason: string }[] = [];
  for (let row = 0; row < n; row++) {
    const vector = flat.subarray(row * dim, (row + 1) * dim);
    const reason = nonFiniteReason(vector);
    if (reason) failed.push({ row, reason });
    else ok.push({ row, vector });
  }
  return { ok, failed };
}
