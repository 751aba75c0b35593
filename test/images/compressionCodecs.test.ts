/**
 * Each codec of the compressed-FITS reader on its own, on streams small enough to write by hand
 * (the fpack/funpack round trips in tileCompression.test.ts check them on real data).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CorruptTileError, riceDecode } from '../../src/images/lib/rice';
import { plioDecode } from '../../src/images/lib/plio';
import { hdecompress } from '../../src/images/lib/hcompress';
import { ditherOffsets } from '../../src/images/lib/dither';
import { bunzip2 } from '../../src/images/lib/bunzip2';
import { SizeLimitError } from '../../src/shared/lib/bytes';
import { hasCommand } from '../support/tools';

/** '0101…' → bytes, zero-padded to a whole byte. */
const bitsToBytes = (bits: string) => {
  const clean = bits.replace(/\s/g, '');
  const out = new Uint8Array(Math.ceil(clean.length / 8));
  for (let i = 0; i < clean.length; i++) if (clean[i] === '1') out[i >> 3] |= 0x80 >> (i & 7);
  return out;
};
const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

describe('RICE_1', () => {
  it('an all-equal block (fs code 0) repeats the first pixel', () => {
    expect(Array.from(riceDecode(Uint8Array.from([10, 0]), 4, 4, 1))).toEqual([10, 10, 10, 10]);
  });
  it('a raw block (fs = fsmax) holds zig-zag differences in full width', () => {
    // bytepix 1: fs code 7 = raw; differences +1, −1, +2, 0 → codes 2, 1, 4, 0.
    const bytes = Uint8Array.from([10, ...bitsToBytes('111 00000010 00000001 00000100 00000000')]);
    expect(Array.from(riceDecode(bytes, 4, 4, 1))).toEqual([11, 10, 12, 12]);
  });
  it('a Rice-coded block: unary high part, fs low bits', () => {
    // fs = 1 (code 2); codes 2, 1, 3, 0 = differences +1, −1, −2, 0.
    const bytes = Uint8Array.from([10, ...bitsToBytes('010 010 11 011 10')]);
    expect(Array.from(riceDecode(bytes, 4, 4, 1))).toEqual([11, 10, 8, 8]);
  });
  it('16- and 32-bit pixels wrap as the C code does, and are signed', () => {
    // First pixel −2 (0xFFFE) then an all-equal block.
    expect(Array.from(riceDecode(Uint8Array.from([0xff, 0xfe, 0]), 3, 32, 2))).toEqual([-2, -2, -2]);
    expect(Array.from(riceDecode(Uint8Array.from([0x80, 0, 0, 0, 0]), 2, 32, 4))).toEqual([-(2 ** 31), -(2 ** 31)]);
  });
  it('a truncated tile is refused, not read past its end', () => {
    expect(() => riceDecode(Uint8Array.from([10]), 4, 4, 1)).toThrow(CorruptTileError);
    expect(() => riceDecode(Uint8Array.from([10, 0xff]), 4, 4, 1)).toThrow(/runs past the end/);
    // A stream of zero bits: the unary count must stop at the end of the data.
    expect(() => riceDecode(Uint8Array.from([10, 0x40, 0, 0, 0]), 64, 32, 1)).toThrow(/runs past the end/);
    expect(() => riceDecode(Uint8Array.from([10, 0]), 4, 4, 3)).toThrow(/BYTEPIX = 3/);
  });
});

describe('PLIO_1', () => {
  it('expands runs of the high value, zeros, value changes and single pixels', () => {
    // Header words 1–3 (length in word 3), then: 3 × high value (1); 2 zeros; set high value 5;
    // +2 and emit one pixel (7); 2 zeros then one high value.
    const list = Int16Array.from([0, 0, 9, 4 * 4096 + 3, 2, 4096 + 5, 0, 6 * 4096 + 2, 5 * 4096 + 3]);
    expect(Array.from(plioDecode(list, 9))).toEqual([1, 1, 1, 0, 0, 7, 0, 0, 7]);
    // Pixels beyond the list are zero; fewer pixels than the list are cut.
    expect(Array.from(plioDecode(list, 11))).toEqual([1, 1, 1, 0, 0, 7, 0, 0, 7, 0, 0]);
    expect(Array.from(plioDecode(list, 4))).toEqual([1, 1, 1, 0]);
  });
  it('a list shorter than its header says is refused', () => {
    expect(() => plioDecode(Int16Array.from([0, 0, 20, 16387]), 4)).toThrow(CorruptTileError);
  });
});

describe('HCOMPRESS_1', () => {
  // Magic, nx = ny = 2, scale 0, sum of pixels 8, no bit planes, end nybble: a flat 2 × 2 image of 2s.
  const flat = Uint8Array.from([0xdd, 0x99, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0]);
  it('inverts the H-transform of a flat image', () => {
    const out = hdecompress(flat, false, 4);
    expect(Array.from(out.values)).toEqual([2, 2, 2, 2]);
    expect([out.rows, out.rowLength]).toEqual([2, 2]);
  });
  it('bad magic, absurd sizes and truncation are refused', () => {
    expect(() => hdecompress(Uint8Array.from([0, 0, ...flat.subarray(2)]), false, 4)).toThrow(/bad magic/);
    expect(() => hdecompress(flat, false, 3)).toThrow(/declares 2 × 2/);
    expect(() => hdecompress(flat.subarray(0, 24), false, 4)).toThrow(CorruptTileError);
  });
});

describe('dither offsets', () => {
  it("are cfitsio's Park–Miller sequence", () => {
    const r = ditherOffsets();
    expect(r).toHaveLength(10000);
    expect(r[0]).toBe(Math.fround(16807 / 2147483647));
    expect(r[1]).toBe(Math.fround(282475249 / 2147483647));
  });
});

describe('bzip2', () => {
  const hello = 'QlpoOTFBWSZTWS2fcLIAAA8ZgEAEEAASZMAQIAAxANNNAikBp6lOG0POnqFIRtCCEY/F3JFOFCQLZ9wsgA==';
  // 64 MiB of zeros in 79 bytes.
  const bomb = 'QlpoOTFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZvAS1wwCidcAAwAAACCAAIKQINjKKiE0qKiE4u5IpwoSFALuD6A==';

  it('decodes a stream', () => {
    expect(new TextDecoder().decode(bunzip2(fromBase64(hello), 1000))).toBe('hello hello hello, bzip2 '.repeat(3));
  });
  it('concatenated streams (pbzip2) decode one after the other', () => {
    const two = new Uint8Array([...fromBase64(hello), ...fromBase64(hello)]);
    expect(bunzip2(two, 1000)).toHaveLength(150);
  });
  it('a bomb is stopped at the limit', () => {
    expect(() => bunzip2(fromBase64(bomb), 16 * 2 ** 20)).toThrow(SizeLimitError);
    expect(() => bunzip2(fromBase64(bomb), 16 * 2 ** 20)).toThrow(/exceeds the 16 MiB limit/);
    expect(bunzip2(fromBase64(bomb), 64 * 2 ** 20)).toHaveLength(64 * 2 ** 20);
  });
  it('corruption and truncation are refused with a reason', () => {
    const flipped = fromBase64(hello);
    flipped[30] ^= 0x10;
    expect(() => bunzip2(flipped, 1000)).toThrow(/corrupt or truncated bzip2 data/);
    expect(() => bunzip2(fromBase64(hello).subarray(0, 40), 1000)).toThrow(/corrupt or truncated bzip2 data/);
    expect(() => bunzip2(new TextEncoder().encode('BZh9 not really'), 1000)).toThrow(/corrupt or truncated bzip2 data/);
  });

  it.skipIf(!hasCommand('bzip2', '--help'))('round-trips what the bzip2 tool writes, across several 100 kB blocks', () => {
    // Mixed content: runs (RLE1 counts), text, and bytes of every value.
    const parts: number[] = [];
    for (let i = 0; i < 60000; i++) parts.push(i % 251, (i * 7) & 0xff, i % 5 === 0 ? 0 : 65);
    for (let i = 0; i < 3000; i++) parts.push(...new Array(i % 300).fill(i & 0xff));
    const data = Uint8Array.from(parts);
    const packed = new Uint8Array(execFileSync('bzip2', ['-1', '-c'], { input: data }));
    expect(Buffer.from(bunzip2(packed, data.length)).equals(Buffer.from(data))).toBe(true);
    expect(() => bunzip2(packed, data.length - 1)).toThrow(SizeLimitError);
  });
});
