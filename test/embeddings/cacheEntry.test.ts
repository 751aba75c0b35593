import { describe, expect, it } from 'vitest';
import {
  embeddingEntry,
  fnv1a,
  layoutEntry,
  readEmbeddingEntries,
  readEmbeddingEntry,
  readLayoutEntry,
  vectorCheck,
} from '../../src/embeddings/lib/cacheEntry';
import { describeStorageFailure, storageNotice } from '../../src/shared/lib/storageProblem';

const text = (s: string) => new TextEncoder().encode(s);
const vector = (n: number, seed = 1) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 31 + i) * 3);
/** What IndexedDB does to a value: a structured clone. */
const stored = <T>(x: T): T => structuredClone(x);

describe('fnv1a', () => {
  it('matches the published 32-bit FNV-1a test vectors', () => {
    expect(fnv1a(text(''))).toBe(0x811c9dc5);
    expect(fnv1a(text('a'))).toBe(0xe40c292c);
    expect(fnv1a(text('foobar'))).toBe(0xbf9cf968);
  });
  it('checks only the bytes of a view, not the rest of its buffer', () => {
    const batch = vector(12);
    expect(vectorCheck(batch.subarray(4, 8))).toBe(vectorCheck(batch.slice(4, 8)));
  });
});

describe('embedding records', () => {
  it('round-trip through a structured clone, copied out of a larger batch buffer', () => {
    const batch = vector(3 * 1280);
    const entry = stored(embeddingEntry(batch.subarray(1280, 2560)));
    expect(entry).toMatchObject({ v: 1, dim: 1280 });
    expect(entry.vector.buffer.byteLength).toBe(1280 * 4);
    expect(readEmbeddingEntry(entry)).toEqual(batch.slice(1280, 2560));
  });

  it('rejects truncated, damaged, non-finite, mistyped and foreign records', () => {
    const good = embeddingEntry(vector(64));
    const bad: unknown[] = [
      undefined,
      null,
      'garbage',
      42,
      [1, 2, 3],
      { ...good, vector: good.vector.slice(0, 32) }, // truncated, dim and check kept
      { ...good, vector: good.vector.slice(0, 32), dim: 32 }, // truncated, check kept
      { ...good, v: 2 },
      { ...good, check: good.check ^ 1 },
      { ...good, check: String(good.check) },
      { ...good, dim: 64.5 },
      { ...good, vector: Float64Array.from(good.vector) },
      { ...good, vector: Array.from(good.vector) },
      { v: 1, dim: 0, vector: new Float32Array(0), check: vectorCheck(new Float32Array(0)) },
    ];
    for (const b of bad) expect(readEmbeddingEntry(stored(b))).toBeUndefined();
    // One flipped bit anywhere in the bytes.
    const flipped = good.vector.slice();
    new Uint8Array(flipped.buffer)[100] ^= 0x10;
    expect(readEmbeddingEntry({ ...good, vector: flipped })).toBeUndefined();
    // NaN / ±Infinity with a checksum that matches them (a writer that stored garbage faithfully).
    for (const x of [NaN, Infinity, -Infinity]) {
      const v = good.vector.slice();
      v[7] = x;
      expect(readEmbeddingEntry({ v: 1, dim: 64, vector: v, check: vectorCheck(v) })).toBeUndefined();
    }
    expect(readEmbeddingEntry(good)).toBe(good.vector);
  });

  it("accepts the previous version's bare vectors when non-empty and finite", () => {
    const old = vector(1280);
    expect(readEmbeddingEntry(stored(old))).toEqual(old);
    expect(readEmbeddingEntry(new Float32Array(0))).toBeUndefined();
    const nan = old.slice();
    nan[3] = NaN;
    expect(readEmbeddingEntry(nan)).toBeUndefined();
  });

  it('rejects records whose dimension disagrees with the other records of the pipeline', () => {
    const records = [1, 2, 3, 4].map((s) => embeddingEntry(vector(1280, s)));
    const odd = embeddingEntry(vector(640, 9)); // whole by itself, but not this pipeline's size
    const oldTruncated = vector(1280, 5).slice(0, 700); // a bare vector of the wrong size
    const read = readEmbeddingEntries([records[0], odd, undefined, records[1], 'garbage', oldTruncated, records[2], vector(1280, 6)]);
    expect(read.map((v) => v?.length)).toEqual([1280, undefined, undefined, 1280, undefined, undefined, 1280, 1280]);
    expect(read[0]).toBe(records[0].vector);
    // A tie has no majority: none of the disagreeing records is trusted.
    expect(readEmbeddingEntries([records[0], odd]).every((v) => v === undefined)).toBe(true);
    // One dimension, or nothing at all: nothing to disagree with.
    expect(readEmbeddingEntries([odd]).map((v) => v?.length)).toEqual([640]);
    expect(readEmbeddingEntries([])).toEqual([]);
  });

  it('trusts a previous-format bare vector only at a dimension something vouches for', () => {
    const whole = embeddingEntry(vector(1280, 1));
    const oldTruncated = vector(1280, 5).slice(0, 700);
    // Read on its own (as when it is the first image to arrive after a reload), it vouches for nothing.
    expect(readEmbeddingEntries([oldTruncated])).toEqual([undefined]);
    // The pipeline's dimension, once known, decides for bare and checked records alike.
    expect(readEmbeddingEntries([oldTruncated, vector(1280, 6)], 1280).map((v) => v?.length)).toEqual([undefined, 1280]);
    expect(readEmbeddingEntries([whole, embeddingEntry(vector(700, 2))], 700).map((v) => v?.length)).toEqual([undefined, 700]);
    // Old caches stay usable: bare vectors agreeing among themselves (two or more), or with checked records.
    expect(readEmbeddingEntries([vector(1280, 2), vector(1280, 3), oldTruncated]).map((v) => v?.length)).toEqual([1280, 1280, undefined]);
    expect(readEmbeddingEntries([whole, vector(1280, 3)]).map((v) => v?.length)).toEqual([1280, 1280]);
  });
});

describe('layout records', () => {
  const hashes = ['aa', 'bb', 'cc'];
  const coords = Float32Array.from([0, 1, 2, 3, 4, 5]);

  it('round-trip through a structured clone', () => {
    const entry = stored(layoutEntry({ hashes, coords }));
    expect(readLayoutEntry(entry)).toEqual({ hashes, coords });
  });

  it('reject wrong lengths, non-finite coordinates, wrong types and damage', () => {
    const good = layoutEntry({ hashes, coords });
    const nan = coords.slice();
    nan[2] = NaN;
    const bad: unknown[] = [
      undefined,
      'garbage',
      { ...good, coords: coords.slice(0, 5) },
      { ...good, hashes: hashes.slice(0, 2) },
      layoutEntry({ hashes, coords: nan }),
      { ...good, coords: Float64Array.from(coords) },
      { ...good, hashes: ['aa', 'bb', 3] },
      { ...good, hashes: [], coords: new Float32Array(0) },
      { ...good, check: good.check + 1 },
      { ...good, hashes: ['aa', 'cc', 'bb'] }, // reordered rows: the checksum covers the hashes too
      { ...good, v: 7 },
    ];
    for (const b of bad) expect(readLayoutEntry(stored(b))).toBeUndefined();
  });

  it("accept the previous version's {hashes, coords} when whole and finite", () => {
    expect(readLayoutEntry(stored({ hashes, coords }))).toEqual({ hashes, coords });
    expect(readLayoutEntry({ hashes, coords: coords.slice(0, 4) })).toBeUndefined();
    expect(readLayoutEntry({ hashes, coords: Float32Array.from([0, 1, 2, Infinity, 4, 5]) })).toBeUndefined();
  });
});

describe('storage failure notice', () => {
  it('names the storage and the reason', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(describeStorageFailure('results', quota)).toBe('IndexedDB is full (storage quota used up)');
    expect(describeStorageFailure('results')).toBe('IndexedDB is not available');
    expect(describeStorageFailure('models', new DOMException('no', 'SecurityError'))).toBe(
      'Cache Storage for model files is blocked (SecurityError; a private window?)',
    );
    expect(describeStorageFailure('results', new DOMException('x'.repeat(500), 'UnknownError'))).toBe(`IndexedDB failed (UnknownError: ${'x'.repeat(80)})`);
    expect(describeStorageFailure('models', new Error('boom'))).toBe('Cache Storage for model files failed (boom)');
    expect(describeStorageFailure('results', 'weird')).toBe('IndexedDB failed (weird)');
    expect(storageNotice('X is full')).toBe('This browser is not keeping results: X is full. Everything works; a reload will recompute.');
  });
});
