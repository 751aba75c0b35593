/**
 * The vectors held of some rows of a dataset whose embedding is not held whole (its seeded sample,
 * then the rows read on demand, e.g. a clicked point's): row → vector, each a view into the block
 * it was read in. Pure.
 */
export interface RowVectors {
  /** The embedding's dimension (0 until the first block). */
  readonly dim: number;
  /** Rows held. */
  readonly size: number;
  get(row: number): Float32Array | undefined;
  /** Adds a block read for `rows` (row-major, rows.length × dim); a dimension other than the held one is refused. */
  add(rows: Int32Array, dim: number, vectors: Float32Array): void;
  /** Of `rows`, those not held yet (each once, in the order given). */
  missing(rows: Iterable<number>): Int32Array;
}

export function createRowVectors(): RowVectors {
  const held = new Map<number, Float32Array>();
  let dim = 0;
  return {
    get dim() {
      return dim;
    },
    get size() {
      return held.size;
    },
    get: (row) => held.get(row),
    add(rows, d, vectors) {
      if (vectors.length !== rows.length * d) throw new Error(`${vectors.length} values for ${rows.length} rows of ${d}`);
      if (dim && d !== dim) throw new Error(`rows of ${d} values added to rows of ${dim}`);
      dim = d;
      rows.forEach((r, i) => held.set(r, vectors.subarray(i * d, (i + 1) * d)));
    },
    missing(rows) {
      const out = new Set<number>();
      for (const r of rows) if (!held.has(r)) out.add(r);
      return Int32Array.from(out);
    },
  };
}
