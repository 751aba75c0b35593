/**
 * The session cache's stored records, and their validation when read back. Two tabs of the app
 * share one IndexedDB, a browser may be killed mid-write, and storage can be edited by hand: a
 * stored embedding or layout is used only when it proves itself whole, otherwise it counts as
 * missing (the caller recomputes it and overwrites the record).
 *
 * Records written by the version before this one hold a bare Float32Array (embeddings) or
 * `{hashes, coords}` (layouts), without a checksum. They are accepted when their shape is right
 * and every number is finite: IndexedDB writes are transactional (a record is stored whole or not
 * at all), the keys name exactly the computation, and rejecting them would make every returning
 * visitor recompute everything once for no gain in safety against the faults that actually
 * happen (those leave non-finite values, wrong lengths or wrong types, which are still caught).
 */

export const ENTRY_VERSION = 1;

/** A stored embedding: its dimension and a checksum of its bytes travel with it. */
export interface EmbeddingEntry {
  v: typeof ENTRY_VERSION;
  dim: number;
  vector: Float32Array;
  check: number;
}

/** A stored UMAP layout: image content hashes in row order and `[x0, y0, x1, y1, …]`. */
export interface LayoutEntry {
  v: typeof ENTRY_VERSION;
  hashes: string[];
  coords: Float32Array;
  check: number;
}

/** 32-bit FNV-1a over bytes: cheap and plenty to catch damage (not an adversarial hash). */
export function fnv1a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const bytesOf = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

export const vectorCheck = (v: Float32Array): number => fnv1a(bytesOf(v));

function allFinite(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** The record to store for an embedding (a copy: the vector may be a view into a batch buffer). */
export function embeddingEntry(vector: Float32Array): EmbeddingEntry {
  const copy = vector.slice();
  return { v: ENTRY_VERSION, dim: copy.length, vector: copy, check: vectorCheck(copy) };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** The embedding in a stored record, or undefined when the record is not a whole, finite one. */
export function readEmbeddingEntry(value: unknown): Float32Array | undefined {
  // The previous version's format: a bare vector (see the module comment).
  if (value instanceof Float32Array) return value.length > 0 && allFinite(value) ? value : undefined;
  if (!isObject(value) || value.v !== ENTRY_VERSION) return undefined;
  const { dim, vector, check } = value;
  if (!(vector instanceof Float32Array) || !Number.isInteger(dim) || (dim as number) <= 0 || vector.length !== dim) return undefined;
  if (typeof check !== 'number' || vectorCheck(vector) !== check) return undefined;
  return allFinite(vector) ? vector : undefined;
}

/**
 * The embeddings in the records read for one pipeline key, in order; undefined for each record
 * that is not whole, and for each whose dimension is not the pipeline's. That dimension is
 * `expectedDim` when the caller knows it (from vectors it already holds); else the most common one
 * among the checked records; else, for previous-format bare vectors alone, the most common one
 * among at least two of them. A bare vector has no dimension or checksum of its own, so alone it
 * vouches for nothing (a truncated one read on its own would otherwise mix dimensions in a
 * pipeline). When no dimension is the most common, none is trusted.
 */
export function readEmbeddingEntries(values: readonly unknown[], expectedDim?: number): (Float32Array | undefined)[] {
  const vectors = values.map(readEmbeddingEntry);
  const bare = values.map((v) => v instanceof Float32Array);
  const checked = vectors.filter((v, i): v is Float32Array => !!v && !bare[i]);
  const old = vectors.filter((v, i): v is Float32Array => !!v && bare[i]);
  const dim = expectedDim ?? (checked.length > 0 ? mostCommonLength(checked) : old.length >= 2 ? mostCommonLength(old) : -1);
  return vectors.map((v) => (v && v.length === dim ? v : undefined));
}

/** The length most of `vectors` have, or -1 when two lengths tie for most. */
function mostCommonLength(vectors: readonly Float32Array[]): number {
  const counts = new Map<number, number>();
  for (const v of vectors) counts.set(v.length, (counts.get(v.length) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  return ranked.length === 1 || ranked[0][1] > ranked[1][1] ? ranked[0][0] : -1;
}

function layoutCheck(hashes: readonly string[], coords: Float32Array): number {
  return fnv1a(bytesOf(coords), fnv1a(new TextEncoder().encode(hashes.join('\n'))));
}

/** The record to store for a layout (copies). */
export function layoutEntry(layout: { hashes: readonly string[]; coords: Float32Array }): LayoutEntry {
  const hashes = [...layout.hashes];
  const coords = layout.coords.slice();
  return { v: ENTRY_VERSION, hashes, coords, check: layoutCheck(hashes, coords) };
}

/** The layout in a stored record, or undefined when it is not whole: 2 finite coordinates per hash. */
export function readLayoutEntry(value: unknown): { hashes: string[]; coords: Float32Array } | undefined {
  if (!isObject(value)) return undefined;
  const { hashes, coords } = value;
  if (!Array.isArray(hashes) || hashes.length === 0 || !hashes.every((h) => typeof h === 'string')) return undefined;
  if (!(coords instanceof Float32Array) || coords.length !== 2 * hashes.length || !allFinite(coords)) return undefined;
  // Without a version it is the previous version's `{hashes, coords}` (see the module comment).
  if (value.v !== undefined && (value.v !== ENTRY_VERSION || value.check !== layoutCheck(hashes, coords))) return undefined;
  return { hashes, coords };
}
