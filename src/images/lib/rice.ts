/**
 * Rice decoding as the FITS tiled-image convention's RICE_1 defines it (Pence, White & Seaman 2010;
 * the reference is cfitsio's ricecomp.c, which this follows step by step): the first pixel is stored
 * raw in `bytepix` bytes, then blocks of `blockSize` pixel differences, each block led by its
 * `fs` code (all-zero block, raw values, or Rice codes with `fs` low bits).
 *
 * Every read is checked against the end of the input, so a corrupt tile ends in an Error
 * instead of a loop over missing bytes.
 */

const PARAMS: Record<number, { fsbits: number; fsmax: number }> = {
  1: { fsbits: 3, fsmax: 6 },
  2: { fsbits: 4, fsmax: 14 },
  4: { fsbits: 5, fsmax: 25 },
};

/** Signed differences were mapped 0, -1, 1, -2, … → 0, 1, 2, 3, …; this maps them back. */
const unzigzag = (u: number) => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);

export class CorruptTileError extends Error {}

/**
 * Decodes `count` pixels. Returns them as signed integers of `bytepix` bytes (BITPIX 8 is unsigned
 * in FITS: 1-byte values are returned 0…255).
 */
export function riceDecode(input: Uint8Array, count: number, blockSize: number, bytepix: number): Int32Array {
  const params = PARAMS[bytepix];
  if (!params) throw new CorruptTileError(`RICE_1 BYTEPIX = ${bytepix} is not 1, 2 or 4`);
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new CorruptTileError(`RICE_1 BLOCKSIZE = ${blockSize} is not a positive integer`);
  const { fsbits, fsmax } = params;
  const bbits = 8 * bytepix;
  const out = new Int32Array(count);
  if (count === 0) return out;
  if (input.length < bytepix + 1) throw new CorruptTileError('corrupt RICE_1 tile: shorter than its first pixel');

  let c = 0;
  const next = (): number => {
    if (c >= input.length) throw new CorruptTileError('corrupt RICE_1 tile: the code runs past the end of the tile');
    return input[c++];
  };
  // Wrap a sum to the pixel's width, as the C code's unsigned arithmetic does.
  const wrap = bytepix === 4 ? (v: number) => v | 0 : bytepix === 2 ? (v: number) => (v << 16) >> 16 : (v: number) => v & 0xff;

  let lastpix = 0;
  for (let k = 0; k < bytepix; k++) lastpix = lastpix * 256 + next();
  lastpix = wrap(lastpix);

  // As in the C: `b` holds the `nbits` (< 8 between codes) not yet used bits; it never needs more
  // than 32, and unsigned shifts (>>> 0) keep it exact.
  let b = next();
  let nbits = 8;
  for (let i = 0; i < count;) {
    nbits -= fsbits;
    while (nbits < 0) {
      b = ((b << 8) | next()) >>> 0;
      nbits += 8;
    }
    const fs = (b >>> nbits) - 1;
    b &= (1 << nbits) - 1;
    const imax = Math.min(i + blockSize, count);
    if (fs < 0) {
      for (; i < imax; i++) out[i] = lastpix;
    } else if (fs === fsmax) {
      for (; i < imax; i++) {
        // A raw bbits-wide code: the nbits left in b, whole bytes, then the top of one more.
        let k = bbits - nbits;
        let diff = nbits > 0 ? (b << k) >>> 0 : 0;
        for (k -= 8; k >= 0; k -= 8) diff = (diff | (next() << k)) >>> 0;
        if (nbits > 0) {
          b = next();
          diff = (diff | (b >>> -k)) >>> 0;
          b &= (1 << nbits) - 1;
        } else b = 0;
        lastpix = wrap(unzigzag(diff) + lastpix);
        out[i] = lastpix;
      }
    } else {
      for (; i < imax; i++) {
        // Unary high part: count zero bits up to the first one. Every zero byte read consumes
        // input, so a corrupt tile ends at its end.
        while (b === 0) {
          nbits += 8;
          b = next();
        }
        const nzero = nbits - (32 - Math.clz32(b));
        nbits -= nzero + 1;
        b ^= 1 << nbits;
        nbits -= fs;
        while (nbits < 0) {
          b = ((b << 8) | next()) >>> 0;
          nbits += 8;
        }
        const diff = nzero * 2 ** fs + (b >>> nbits);
        b &= (1 << nbits) - 1;
        lastpix = wrap(unzigzag(diff) + lastpix);
        out[i] = lastpix;
      }
    }
  }
  return out;
}
