import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHeaderValue, readFitsImage } from '../src/core/fits';
import { applyStretch } from '../src/core/stretch';
import reference from './fixtures/fits-reference.json';
import { image, makeFits } from './support/makeFits';
import { sharedPath } from './support/shared';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

describe('FITS reader on the real MiraBest cutouts, against astropy', () => {
  for (const ref of reference.files) {
    it(ref.file, () => {
      const fits = readFitsImage(new Uint8Array(readFileSync(sharedPath('mirabest/fits_sample', ref.file))));
      const [h, w] = ref.shape;
      expect([fits.height, fits.width, fits.hduIndex, fits.downsample]).toEqual([h, w, 0, 1]);
      let sum = 0, min = Infinity, max = -Infinity, nonFinite = 0;
      for (const v of fits.data) {
        if (!Number.isFinite(v)) { nonFinite++; continue; }
        sum += v; min = Math.min(min, v); max = Math.max(max, v);
      }
      expect(nonFinite).toBe(ref.nonFinite);
      expect(rel(sum, ref.sum)).toBeLessThan(1e-5);
      expect(min).toBe(ref.min);
      expect(max).toBe(ref.max);
      // Our row 0 is the top of the image: FITS row r is our row h-1-r.
      const stretched = applyStretch(fits.data, { interval: { kind: 'percentile', lower: reference.interval[0], upper: reference.interval[1] }, stretch: { kind: 'asinh', a: reference.asinhA } });
      for (const p of ref.probes) {
        const i = (h - 1 - p.row) * w + p.col;
        expect(fits.data[i]).toBe(p.value);
        expect(Math.abs(stretched[i] - p.stretched)).toBeLessThan(1e-5);
      }
      expect(fits.header.BITPIX).toBe(-32);
      expect(fits.header.BUNIT).toBe('JY/BEAM');
    });
  }
});

describe('FITS reader: data types and scaling', () => {
  it.each([8, 16, 32, 64, -32, -64])('BITPIX %i', (bitpix) => {
    const values = [1, 2, 3, 4, 5, 6];
    const fits = readFitsImage(makeFits(image(3, 2, bitpix, values)));
    // Flipped: the second FITS row comes first.
    expect(Array.from(fits.data)).toEqual([4, 5, 6, 1, 2, 3]);
  });

  it('applies BSCALE and BZERO (unsigned 16-bit convention)', () => {
    const fits = readFitsImage(makeFits(image(2, 1, 16, [-32768, 32767], { BZERO: 32768, BSCALE: 1 })));
    expect(Array.from(fits.data)).toEqual([0, 65535]);
    const scaled = readFitsImage(makeFits(image(2, 1, 16, [10, 20], { BZERO: 1.5, BSCALE: 0.5 })));
    expect(Array.from(scaled.data)).toEqual([6.5, 11.5]);
  });

  it('treats BLANK, NaN and Inf as missing', () => {
    expect(Array.from(readFitsImage(makeFits(image(3, 1, 16, [7, -999, 9], { BLANK: -999 }))).data)).toEqual([7, NaN, 9]);
    expect(Array.from(readFitsImage(makeFits(image(3, 1, -32, [NaN, Infinity, 2]))).data)).toEqual([NaN, NaN, 2]);
  });

  it('finds the image in an IMAGE extension after an empty primary HDU', () => {
    const fits = readFitsImage(makeFits({ cards: { BITPIX: 8, NAXIS: 0, EXTEND: true } }, image(2, 2, -32, [1, 2, 3, 4], { EXTNAME: 'SCI' }, true)));
    expect(fits.hduIndex).toBe(1);
    expect(fits.header.EXTNAME).toBe('SCI');
    expect(Array.from(fits.data)).toEqual([3, 4, 1, 2]);
  });

  it('takes the first plane of a cube', () => {
    const fits = readFitsImage(makeFits({ cards: { BITPIX: 8, NAXIS: 3, NAXIS1: 2, NAXIS2: 1, NAXIS3: 2 }, values: [1, 2, 3, 4] }));
    expect(Array.from(fits.data)).toEqual([1, 2]);
  });

  it('block-averages images larger than maxSide, ignoring missing pixels', () => {
    const values = Array.from({ length: 16 }, (_, i) => i);
    values[0] = NaN;
    const fits = readFitsImage(makeFits(image(4, 4, -32, values)), { maxSide: 2 });
    expect([fits.width, fits.height, fits.downsample]).toEqual([2, 2, 2]);
    // Top-left output block = FITS rows 2–3, columns 0–1: 8, 9, 12, 13.
    expect(Array.from(fits.data)).toEqual([10.5, 12.5, Math.fround((1 + 4 + 5) / 3), 4.5]);
  });

  it('parses header values as the standard writes them', () => {
    expect(parseHeaderValue("'O''Brien '  / name")).toBe("O'Brien");
    expect(parseHeaderValue('                   T')).toBe(true);
    expect(parseHeaderValue('  1.5D3 / exponent')).toBe(1500);
    expect(parseHeaderValue('   42')).toBe(42);
  });
});

describe('FITS reader: bad input gets a clear error', () => {
  const good = makeFits(image(4, 4, -32, Array.from({ length: 16 }, (_, i) => i)));

  it('empty file', () => expect(() => readFitsImage(new Uint8Array(0))).toThrow(/empty file/));
  it('not FITS', () => expect(() => readFitsImage(new Uint8Array(3000).fill(65))).toThrow(/not a FITS file/));
  it('shorter than a header block', () => expect(() => readFitsImage(good.subarray(0, 1000))).toThrow(/truncated FITS/));
  it('header without END', () => {
    const noEnd = new Uint8Array(2880).fill(0x20);
    noEnd.set(new TextEncoder().encode('SIMPLE  =                    T'));
    expect(() => readFitsImage(noEnd)).toThrow(/truncated FITS: the header ends before its END card/);
  });
  it('truncated data', () => expect(() => readFitsImage(good.subarray(0, 2880 + 20))).toThrow(/truncated FITS: the image needs 64 bytes/));
  it('real file cut in half', () => {
    const real = new Uint8Array(readFileSync(sharedPath('mirabest/fits_sample', reference.files[0].file)));
    expect(() => readFitsImage(real.subarray(0, real.length / 2))).toThrow(/truncated FITS/);
  });
  it('no image data', () => expect(() => readFitsImage(makeFits({ cards: { BITPIX: 8, NAXIS: 0 } }))).toThrow(/no 2-D image/));
  it('a 1-D spectrum only', () => expect(() => readFitsImage(makeFits({ cards: { BITPIX: -32, NAXIS: 1, NAXIS1: 3 }, values: [1, 2, 3] }))).toThrow(/no 2-D image/));
  it('zero-size axis', () => expect(() => readFitsImage(makeFits({ cards: { BITPIX: -32, NAXIS: 2, NAXIS1: 0, NAXIS2: 5 } }))).toThrow(/no 2-D image/));
  it('invalid BITPIX', () => expect(() => readFitsImage(makeFits({ cards: { BITPIX: 12, NAXIS: 2, NAXIS1: 1, NAXIS2: 1 } }))).toThrow(/BITPIX = 12/));
  it('missing NAXIS2', () => expect(() => readFitsImage(makeFits({ cards: { BITPIX: 8, NAXIS: 2, NAXIS1: 1 } }))).toThrow(/NAXIS2 is missing/));
  it('hostile huge axes do not allocate', () => {
    expect(() => readFitsImage(makeFits({ cards: { BITPIX: -64, NAXIS: 2, NAXIS1: 2_000_000_000, NAXIS2: 2_000_000_000 } }))).toThrow(/truncated FITS/);
  });
  it('tile-compressed images say so', () => {
    // fpack writes the image as a BINTABLE extension with ZIMAGE = T.
    const compressed = makeFits({ cards: { BITPIX: 8, NAXIS: 0 } }, { cards: { BITPIX: 8, NAXIS: 2, NAXIS1: 8, NAXIS2: 1, PCOUNT: 0, GCOUNT: 1, ZIMAGE: true }, values: new Array(8).fill(0), extension: 'BINTABLE' });
    expect(() => readFitsImage(compressed)).toThrow(/tile-compressed/);
  });
});
