import { CorruptTileError } from './rice';

/**
 * HCOMPRESS_1 decoding (R. White's H-transform coder, as in cfitsio's fits_hdecompress.c, which
 * this follows function by function): a header (magic, size, scale, sum of all pixels, bit-plane
 * counts), quadtree-coded bit planes of the four quadrants of H-transform coefficients, their
 * signs, then undigitising and the inverse H-transform, optionally smoothed.
 *
 * Coefficients are JS numbers (exact to 2⁵³), so the reference's 64-bit integer shifts and masks
 * are written as floor divisions: x >> n = floor(x / 2ⁿ), x & −2ⁿ = floor(x / 2ⁿ)·2ⁿ.
 */
export interface HDecoded {
  /** Row-major, the tile's first FITS axis fastest. */
  values: Float64Array;
  /** Rows and row length as the stream declares them. */
  rows: number;
  rowLength: number;
}

const MAGIC = [0xdd, 0x99];

class Bits {
  private pos = 0; // next byte
  private buffer = 0;
  private left = 0; // bits still in buffer
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new CorruptTileError('corrupt HCOMPRESS_1 tile: the code runs past the end of the tile');
    return this.bytes[this.pos++];
  }
  /** Drops the rest of the current byte (the reference's start_inputing_bits). */
  align(): void {
    this.left = 0;
  }
  bits(n: number): number {
    while (this.left < n) {
      this.buffer = ((this.buffer << 8) | this.byte()) & 0xffff;
      this.left += 8;
    }
    this.left -= n;
    return (this.buffer >> this.left) & ((1 << n) - 1);
  }
  int32(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) v = v * 256 + this.byte();
    return v | 0;
  }
  int64(): number {
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.byte());
    return Number(BigInt.asIntN(64, v));
  }
}

const log2Ceil = (n: number) => {
  if (n < 1) return 0;
  let k = Math.trunc(Math.log(n) / Math.log(2) + 0.5);
  if (n > 2 ** k) k++;
  return k;
};

// Huffman codes of the quadtree's 4-bit values (input_huffman).
function huffman(b: Bits): number {
  let c = b.bits(3);
  if (c < 4) return 1 << c;
  c = b.bits(1) | (c << 1);
  if (c < 13) return [3, 5, 10, 12, 15][c - 8];
  c = b.bits(1) | (c << 1);
  if (c < 31) return [6, 7, 9, 11, 13][c - 26];
  c = b.bits(1) | (c << 1);
  return c === 62 ? 0 : 14;
}

/** Expands 4-bit codes a[(nx+1)/2][(ny+1)/2] into bits b[nx][ny] (row length n); a and b may be one array. */
function qtreeCopy(a: Uint8Array, nx: number, ny: number, b: Uint8Array, n: number): void {
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  let k = ny2 * (nx2 - 1) + ny2 - 1;
  for (let i = nx2 - 1; i >= 0; i--) {
    let s00 = 2 * (n * i + ny2 - 1);
    for (let j = ny2 - 1; j >= 0; j--) {
      b[s00] = a[k--];
      s00 -= 2;
    }
  }
  for (let i = 0; i < nx; i += 2) {
    const s00 = n * i;
    const s10 = s00 + n;
    for (let j = 0; j < ny; j += 2) {
      const v = b[s00 + j];
      if (i + 1 < nx && j + 1 < ny) b[s10 + j + 1] = v & 1;
      if (i + 1 < nx) b[s10 + j] = (v >> 1) & 1;
      if (j + 1 < ny) b[s00 + j + 1] = (v >> 2) & 1;
      b[s00 + j] = (v >> 3) & 1;
    }
  }
}

/** Coefficients are non-negative while bit planes are read (signs come later): OR-ing a clear bit is adding it. */
function setBit(b: Float64Array, at: number, planeVal: number): void {
  if (Math.floor(b[at] / planeVal) % 2 === 0) b[at] += planeVal;
}

/** ORs bit plane `bit` of the 4-bit codes a[(nx+1)/2][(ny+1)/2] into coefficients b (row length n). */
function qtreeBitins(a: Uint8Array, nx: number, ny: number, b: Float64Array, n: number, bit: number): void {
  const planeVal = 2 ** bit;
  let k = 0;
  for (let i = 0; i < nx; i += 2) {
    const s00 = n * i;
    for (let j = 0; j < ny; j += 2) {
      const v = a[k++];
      if (v === 0) continue;
      if (i + 1 < nx && j + 1 < ny && v & 1) setBit(b, s00 + n + j + 1, planeVal);
      if (i + 1 < nx && v & 2) setBit(b, s00 + n + j, planeVal);
      if (j + 1 < ny && v & 4) setBit(b, s00 + j + 1, planeVal);
      if (v & 8) setBit(b, s00 + j, planeVal);
    }
  }
}

function qtreeDecode(bits: Bits, a: Float64Array, start: number, n: number, nqx: number, nqy: number, nbitplanes: number): void {
  const log2n = log2Ceil(Math.max(nqx, nqy));
  const nqx2 = (nqx + 1) >> 1;
  const nqy2 = (nqy + 1) >> 1;
  const scratch = new Uint8Array(Math.max(1, nqx * nqy, nqx2 * nqy2));
  const view = a.subarray(start);
  for (let bit = nbitplanes - 1; bit >= 0; bit--) {
    const code = bits.bits(4);
    if (code === 0) {
      for (let i = 0; i < nqx2 * nqy2; i++) scratch[i] = bits.bits(4);
    } else if (code !== 0xf) {
      throw new CorruptTileError('corrupt HCOMPRESS_1 tile: bad bit-plane format code');
    } else {
      scratch[0] = huffman(bits);
      let nx = 1;
      let ny = 1;
      let nfx = nqx;
      let nfy = nqy;
      let c = 1 << log2n;
      for (let k = 1; k < log2n; k++) {
        c >>= 1;
        nx <<= 1;
        ny <<= 1;
        if (nfx <= c) nx -= 1;
        else nfx -= c;
        if (nfy <= c) ny -= 1;
        else nfy -= c;
        qtreeCopy(scratch, nx, ny, scratch, ny);
        for (let i = nx * ny - 1; i >= 0; i--) if (scratch[i]) scratch[i] = huffman(bits);
      }
    }
    qtreeBitins(scratch, nqx, nqy, view, n, bit);
  }
}

function unshuffle(a: Float64Array, start: number, n: number, n2: number, tmp: Float64Array): void {
  const nhalf = (n + 1) >> 1;
  for (let i = nhalf, t = 0; i < n; i++) tmp[t++] = a[start + n2 * i];
  for (let i = nhalf - 1; i >= 0; i--) a[start + 2 * n2 * i] = a[start + n2 * i];
  for (let i = 1, t = 0; i < n; i += 2) a[start + n2 * i] = tmp[t++];
}

const clamp = (v: number, lo: number, hi: number) => Math.max(Math.min(v, hi), lo);

function hsmooth(a: Float64Array, nxtop: number, nytop: number, ny: number, scale: number): void {
  const smax = Math.floor(scale / 2);
  if (smax <= 0) return;
  const ny2 = ny * 2;
  const limit = (s: number, div: number) => clamp(s >= 0 ? Math.floor(s / div) : Math.floor((s + div - 1) / div), -smax, smax);
  for (let i = 2; i < nxtop - 2; i += 2) {
    for (let j = 0, s00 = ny * i, s10 = s00 + ny; j < nytop; j += 2, s00 += 2, s10 += 2) {
      const hm = a[s00 - ny2];
      const h0 = a[s00];
      const hp = a[s00 + ny2];
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) * 4;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) * 4;
      if (dmin < dmax) a[s10] += limit(clamp(hp - hm, dmin, dmax) - a[s10] * 8, 8);
    }
  }
  for (let i = 0; i < nxtop; i += 2) {
    for (let j = 2, s00 = ny * i + 2; j < nytop - 2; j += 2, s00 += 2) {
      const hm = a[s00 - 2];
      const h0 = a[s00];
      const hp = a[s00 + 2];
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) * 4;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) * 4;
      if (dmin < dmax) a[s00 + 1] += limit(clamp(hp - hm, dmin, dmax) - a[s00 + 1] * 8, 8);
    }
  }
  for (let i = 2; i < nxtop - 2; i += 2) {
    for (let j = 2, s00 = ny * i + 2, s10 = s00 + ny; j < nytop - 2; j += 2, s00 += 2, s10 += 2) {
      const hmm = a[s00 - ny2 - 2];
      const hpm = a[s00 + ny2 - 2];
      const hmp = a[s00 - ny2 + 2];
      const hpp = a[s00 + ny2 + 2];
      const h0 = a[s00];
      const hx2 = a[s10] * 2;
      const hy2 = a[s00 + 1] * 2;
      const dmax =
        Math.min(
          Math.min(Math.max(hpp - h0, 0) - hx2 - hy2, Math.max(h0 - hpm, 0) + hx2 - hy2),
          Math.min(Math.max(h0 - hmp, 0) - hx2 + hy2, Math.max(hmm - h0, 0) + hx2 + hy2),
        ) * 16;
      const dmin =
        Math.max(
          Math.max(Math.min(hpp - h0, 0) - hx2 - hy2, Math.min(h0 - hpm, 0) + hx2 - hy2),
          Math.max(Math.min(h0 - hmp, 0) - hx2 + hy2, Math.min(hmm - h0, 0) + hx2 + hy2),
        ) * 16;
      if (dmin < dmax) a[s10 + 1] += limit(clamp(hpp + hmm - hmp - hpm, dmin, dmax) - a[s10 + 1] * 64, 64);
    }
  }
}

const roundTo = (v: number, plus: number, minus: number, bit: number) => Math.floor((v + (v >= 0 ? plus : minus)) / bit) * bit;
const hasBit = (v: number, bit: number) => Math.abs(Math.floor(v / bit)) % 2 === 1;

function hinv(a: Float64Array, nx: number, ny: number, smooth: boolean, scale: number): void {
  const nmax = Math.max(nx, ny);
  const log2n = log2Ceil(nmax);
  const tmp = new Float64Array((nmax + 1) >> 1);
  let shift = 1;
  let bit0 = 2 ** (log2n - 1);
  let bit1 = bit0 * 2;
  let bit2 = bit0 * 4;
  let prnd0 = Math.floor(bit0 / 2);
  let prnd1 = Math.floor(bit1 / 2);
  const prnd2 = Math.floor(bit2 / 2);
  let nrnd0 = prnd0 - 1;
  let nrnd1 = prnd1 - 1;
  const nrnd2 = prnd2 - 1;
  a[0] = roundTo(a[0], prnd2, nrnd2, bit2);
  let nxtop = 1;
  let nytop = 1;
  let nxf = nx;
  let nyf = ny;
  let c = 2 ** log2n;
  for (let k = log2n - 1; k >= 0; k--) {
    c /= 2;
    nxtop *= 2;
    nytop *= 2;
    if (nxf <= c) nxtop -= 1;
    else nxf -= c;
    if (nyf <= c) nytop -= 1;
    else nyf -= c;
    if (k === 0) {
      nrnd0 = 0;
      shift = 2;
    }
    const div = 2 ** shift;
    for (let i = 0; i < nxtop; i++) unshuffle(a, ny * i, nytop, 1, tmp);
    for (let j = 0; j < nytop; j++) unshuffle(a, j, nxtop, ny, tmp);
    if (smooth) hsmooth(a, nxtop, nytop, ny, scale);
    const oddx = nxtop % 2;
    const oddy = nytop % 2;
    let i = 0;
    for (; i < nxtop - oddx; i += 2) {
      let s00 = ny * i;
      let s10 = s00 + ny;
      for (let j = 0; j < nytop - oddy; j += 2, s00 += 2, s10 += 2) {
        let h0 = a[s00];
        let hx = roundTo(a[s10], prnd1, nrnd1, bit1);
        let hy = roundTo(a[s00 + 1], prnd1, nrnd1, bit1);
        const hc = roundTo(a[s10 + 1], prnd0, nrnd0, bit0);
        const lowbit0 = hasBit(hc, bit0) ? bit0 : 0;
        hx = hx >= 0 ? hx - lowbit0 : hx + lowbit0;
        hy = hy >= 0 ? hy - lowbit0 : hy + lowbit0;
        // (hc ^ hx ^ hy) & bit1: the parity of bit1 over the three.
        const lowbit1 = (Number(hasBit(hc, bit1)) + Number(hasBit(hx, bit1)) + Number(hasBit(hy, bit1))) % 2 === 1 ? bit1 : 0;
        h0 = h0 >= 0 ? h0 + lowbit0 - lowbit1 : h0 + (lowbit0 === 0 ? lowbit1 : lowbit0 - lowbit1);
        a[s10 + 1] = Math.floor((h0 + hx + hy + hc) / div);
        a[s10] = Math.floor((h0 + hx - hy - hc) / div);
        a[s00 + 1] = Math.floor((h0 - hx + hy - hc) / div);
        a[s00] = Math.floor((h0 - hx - hy + hc) / div);
      }
      if (oddy) {
        let h0 = a[s00];
        const hx = roundTo(a[s10], prnd1, nrnd1, bit1);
        const lowbit1 = hasBit(hx, bit1) ? bit1 : 0;
        h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s10] = Math.floor((h0 + hx) / div);
        a[s00] = Math.floor((h0 - hx) / div);
      }
    }
    if (oddx) {
      let s00 = ny * i;
      for (let j = 0; j < nytop - oddy; j += 2, s00 += 2) {
        let h0 = a[s00];
        const hy = roundTo(a[s00 + 1], prnd1, nrnd1, bit1);
        const lowbit1 = hasBit(hy, bit1) ? bit1 : 0;
        h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s00 + 1] = Math.floor((h0 + hy) / div);
        a[s00] = Math.floor((h0 - hy) / div);
      }
      if (oddy) a[s00] = Math.floor(a[s00] / div);
    }
    bit2 = bit1;
    bit1 = bit0;
    bit0 = Math.floor(bit0 / 2);
    prnd1 = prnd0;
    prnd0 = Math.floor(prnd0 / 2);
    nrnd1 = nrnd0;
    nrnd0 = prnd0 - 1;
  }
  void bit2;
}

/** Decodes one HCOMPRESS_1 tile; `smooth` as the header's SMOOTH parameter asks. */
export function hdecompress(input: Uint8Array, smooth: boolean, maxPixels: number): HDecoded {
  const bits = new Bits(input);
  if (bits.byte() !== MAGIC[0] || bits.byte() !== MAGIC[1]) throw new CorruptTileError('corrupt HCOMPRESS_1 tile: bad magic number');
  const nx = bits.int32();
  const ny = bits.int32();
  const scale = bits.int32();
  if (nx < 1 || ny < 1 || nx * ny > maxPixels) throw new CorruptTileError(`corrupt HCOMPRESS_1 tile: it declares ${nx} × ${ny} pixels`);
  const sumall = bits.int64();
  const nbitplanes = [bits.byte(), bits.byte(), bits.byte()];
  const a = new Float64Array(nx * ny);
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  bits.align();
  qtreeDecode(bits, a, 0, ny, nx2, ny2, nbitplanes[0]);
  qtreeDecode(bits, a, ny2, ny, nx2, ny >> 1, nbitplanes[1]);
  qtreeDecode(bits, a, ny * nx2, ny, nx >> 1, ny2, nbitplanes[1]);
  qtreeDecode(bits, a, ny * nx2 + ny2, ny, nx >> 1, ny >> 1, nbitplanes[2]);
  if (bits.bits(4) !== 0) throw new CorruptTileError('corrupt HCOMPRESS_1 tile: bad bit-plane values');
  bits.align();
  for (let i = 0; i < a.length; i++) if (a[i] && bits.bits(1)) a[i] = -a[i];
  a[0] = sumall;
  if (scale > 1) for (let i = 0; i < a.length; i++) a[i] *= scale;
  hinv(a, nx, ny, smooth, scale);
  return { values: a, rows: nx, rowLength: ny };
}
