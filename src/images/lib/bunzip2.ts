/**
 * Bounded bzip2 decompression (SDSS ships its frames as .fits.bz2). Browsers have no bzip2 in
 * DecompressionStream, and the pure-JS packages on npm need Node's Buffer or return strings, so
 * this is the format written out (Seward's bzip2 1.0 format: Huffman + MTF + RLE2, inverse
 * Burrows–Wheeler, RLE1, block and stream CRCs). Decoding stops with SizeLimitError as soon as the
 * output passes `maxBytes`, so a bzip2 bomb costs one 900 kB block of memory, not the whole file.
 */
import { SizeLimitError, concatBytes, formatMiB } from '../../shared/lib/bytes';

export class CorruptBzip2Error extends Error {
  constructor(detail: string) {
    super(`corrupt or truncated bzip2 data: ${detail}`);
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

class BitReader {
  private pos = 0;
  private buffer = 0;
  private left = 0;
  constructor(private readonly bytes: Uint8Array) {}
  bits(n: number): number {
    let out = 0;
    while (n > 0) {
      if (this.left === 0) {
        if (this.pos >= this.bytes.length) throw new CorruptBzip2Error('the data ends inside a block');
        this.buffer = this.bytes[this.pos++];
        this.left = 8;
      }
      const take = Math.min(n, this.left);
      this.left -= take;
      out = out * 2 ** take + ((this.buffer >> this.left) & ((1 << take) - 1));
      n -= take;
    }
    return out;
  }
  /** The hot path of Huffman decoding: one bit, no arithmetic beyond a shift. */
  bit(): number {
    if (this.left === 0) {
      if (this.pos >= this.bytes.length) throw new CorruptBzip2Error('the data ends inside a block');
      this.buffer = this.bytes[this.pos++];
      this.left = 8;
    }
    return (this.buffer >> --this.left) & 1;
  }
  /** Streams are byte-aligned: a concatenated stream starts at the next whole byte. */
  alignedRemaining(): number {
    return this.bytes.length - this.pos;
  }
  align(): void {
    this.left = 0;
  }
}

const BLOCK_MAGIC = 0x314159265359;
const END_MAGIC = 0x177245385090;
const MAX_GROUPS = 6;
const GROUP_SIZE = 50;
const MAX_CODE_LENGTH = 20;

/** Canonical Huffman table of one coding group, decoded bit by bit. */
interface Huffman {
  first: Int32Array; // first code of each length
  count: Int32Array; // codes of each length
  offset: Int32Array; // where each length's symbols start in `symbols`
  symbols: Int32Array;
  minLen: number;
  maxLen: number;
}

function huffmanTable(lengths: Uint8Array): Huffman {
  const count = new Int32Array(MAX_CODE_LENGTH + 2);
  for (const l of lengths) count[l]++;
  const first = new Int32Array(MAX_CODE_LENGTH + 2);
  const offset = new Int32Array(MAX_CODE_LENGTH + 2);
  let code = 0;
  let at = 0;
  let maxLen = 0;
  let minLen = 0;
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    first[len] = code;
    offset[len] = at;
    code = (code + count[len]) * 2;
    at += count[len];
    if (count[len]) {
      maxLen = len;
      if (!minLen) minLen = len;
    }
  }
  const symbols = new Int32Array(lengths.length);
  const fill = offset.slice();
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    for (let s = 0; s < lengths.length; s++) if (lengths[s] === len) symbols[fill[len]++] = s;
  }
  return { first, count, offset, symbols, minLen, maxLen };
}

function decodeSymbol(bits: BitReader, h: Huffman): number {
  // No code is shorter than minLen: take those bits at once, then one at a time.
  let code = bits.bits(h.minLen - 1);
  for (let len = h.minLen; len <= h.maxLen; len++) {
    code = code * 2 + bits.bit();
    const idx = code - h.first[len];
    if (idx >= 0 && idx < h.count[len]) return h.symbols[h.offset[len] + idx];
  }
  throw new CorruptBzip2Error('an invalid Huffman code');
}

/** One block: Huffman/MTF/RLE2 → BWT output with its inverse-transform links (dbuf), per the format. */
function readBlock(bits: BitReader, maxBlock: number): { dbuf: Uint32Array; count: number; origPtr: number } {
  if (bits.bit()) throw new CorruptBzip2Error('randomised blocks (bzip2 0.9.0) are not supported');
  const origPtr = bits.bits(24);
  // Which byte values occur: 16 groups of 16.
  const used = bits.bits(16);
  const symToByte = new Uint8Array(256);
  let symTotal = 0;
  for (let g = 0; g < 16; g++) {
    if (!(used & (0x8000 >> g))) continue;
    const inGroup = bits.bits(16);
    for (let k = 0; k < 16; k++) if (inGroup & (0x8000 >> k)) symToByte[symTotal++] = g * 16 + k;
  }
  if (symTotal === 0) throw new CorruptBzip2Error('a block with no symbols');
  const groupCount = bits.bits(3);
  if (groupCount < 2 || groupCount > MAX_GROUPS) throw new CorruptBzip2Error('a bad number of Huffman groups');
  const nSelectors = bits.bits(15);
  if (nSelectors < 1) throw new CorruptBzip2Error('no selectors');
  const mtfGroups = Array.from({ length: groupCount }, (_, i) => i);
  const selectors = new Uint8Array(nSelectors);
  for (let i = 0; i < nSelectors; i++) {
    let j = 0;
    while (bits.bit()) if (++j >= groupCount) throw new CorruptBzip2Error('a bad selector');
    const v = mtfGroups[j];
    mtfGroups.splice(j, 1);
    mtfGroups.unshift(v);
    selectors[i] = v;
  }
  const symCount = symTotal + 2;
  const tables: Huffman[] = [];
  for (let g = 0; g < groupCount; g++) {
    const lengths = new Uint8Array(symCount);
    let t = bits.bits(5);
    for (let s = 0; s < symCount; s++) {
      for (;;) {
        if (t < 1 || t > MAX_CODE_LENGTH) throw new CorruptBzip2Error('a bad Huffman code length');
        if (!bits.bit()) break;
        t += bits.bit() ? -1 : 1;
      }
      lengths[s] = t;
    }
    tables.push(huffmanTable(lengths));
  }

  const mtf = Uint8Array.from({ length: 256 }, (_, i) => i);
  const byteCount = new Uint32Array(256);
  const dbuf = new Uint32Array(maxBlock);
  let count = 0;
  let selector = 0;
  let left = 0;
  let table = tables[0];
  let run = 0;
  let runBit = 1;
  const flushRun = () => {
    if (run === 0) return;
    const b = symToByte[mtf[0]];
    if (count + run > maxBlock) throw new CorruptBzip2Error('a block longer than its declared size');
    byteCount[b] += run;
    dbuf.fill(b, count, count + run);
    count += run;
    run = 0;
    runBit = 1;
  };
  for (;;) {
    if (left-- === 0) {
      if (selector >= nSelectors) throw new CorruptBzip2Error('more symbols than selectors');
      table = tables[selectors[selector++]];
      left = GROUP_SIZE - 1;
    }
    const sym = decodeSymbol(bits, table);
    if (sym <= 1) {
      // RUNA/RUNB: a bijective base-2 run length of the front MTF symbol.
      run += runBit << sym;
      runBit <<= 1;
      if (run > maxBlock) throw new CorruptBzip2Error('a run longer than the block');
      continue;
    }
    flushRun();
    if (sym === symTotal + 1) break; // end of block
    if (count >= maxBlock) throw new CorruptBzip2Error('a block longer than its declared size');
    const idx = sym - 1;
    const v = mtf[idx];
    mtf.copyWithin(1, 0, idx);
    mtf[0] = v;
    const b = symToByte[v];
    byteCount[b]++;
    dbuf[count++] = b;
  }
  if (origPtr >= count) throw new CorruptBzip2Error('the BWT start is outside the block');
  // Links for the inverse Burrows–Wheeler transform, kept in the high 24 bits beside each byte.
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    const c = byteCount[i];
    byteCount[i] = sum;
    sum += c;
  }
  for (let i = 0; i < count; i++) {
    const b = dbuf[i] & 0xff;
    dbuf[byteCount[b]++] |= i << 8;
  }
  return { dbuf, count, origPtr };
}

/** Decompresses a whole .bz2 (concatenated streams too), refusing output beyond `maxBytes`. */
export function bunzip2(input: Uint8Array, maxBytes: number): Uint8Array {
  const bits = new BitReader(input);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const tooLarge = () => new SizeLimitError(`decompressed size exceeds the ${formatMiB(maxBytes)} limit`);
  let streams = 0;
  while (streams === 0 || bits.alignedRemaining() >= 4) {
    bits.align();
    if (bits.bits(8) !== 0x42 || bits.bits(8) !== 0x5a || bits.bits(8) !== 0x68) {
      if (streams === 0) throw new CorruptBzip2Error('no BZh signature');
      break; // trailing garbage after a complete stream, as bzip2 itself tolerates
    }
    const level = bits.bits(8) - 0x30;
    if (level < 1 || level > 9) throw new CorruptBzip2Error('a bad block size');
    const maxBlock = level * 100000;
    let combined = 0;
    for (;;) {
      const magic = bits.bits(48);
      const storedCrc = bits.bits(32) >>> 0;
      if (magic === END_MAGIC) {
        if (storedCrc !== combined >>> 0) throw new CorruptBzip2Error('the stream checksum does not match');
        break;
      }
      if (magic !== BLOCK_MAGIC) throw new CorruptBzip2Error('a bad block header');
      const { dbuf, count, origPtr } = readBlock(bits, maxBlock);
      // Inverse BWT, undoing RLE1 (four equal bytes, then a count of further copies) on the way.
      let outBlock = new Uint8Array(Math.min(maxBlock * 2, 1 << 20));
      let o = 0;
      let crc = 0xffffffff;
      const emit = (b: number) => {
        if (o === outBlock.length) {
          chunks.push(outBlock);
          outBlock = new Uint8Array(outBlock.length);
          o = 0;
        }
        if (++total > maxBytes) throw tooLarge();
        outBlock[o++] = b;
        crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff];
      };
      let pos = dbuf[origPtr] >>> 8;
      let last = -1;
      let same = 0;
      for (let k = 0; k < count; k++) {
        const x = dbuf[pos];
        const b = x & 0xff;
        pos = x >>> 8;
        if (same === 4) {
          for (let r = 0; r < b; r++) emit(last);
          same = 0;
          last = -1;
          continue;
        }
        if (b === last) same++;
        else {
          last = b;
          same = 1;
        }
        emit(b);
      }
      chunks.push(outBlock.subarray(0, o));
      const blockCrc = ~crc >>> 0;
      if (blockCrc !== storedCrc) throw new CorruptBzip2Error('a block checksum does not match');
      combined = (((combined << 1) | (combined >>> 31)) ^ blockCrc) >>> 0;
    }
    streams++;
  }
  return concatBytes(chunks, total);
}
