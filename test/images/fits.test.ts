import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listHdus, parseHeaderValue, readFitsImage } from '../../src/images/lib/fits';
import reference from '../fixtures/fits-reference.json';
import { image, makeFits } from '../../src/images/lib/fitsWrite';
import { sharedPath } from '../support/shared';

describe('FITS reader: data types and scaling', () => {
  it.each([8, 16, 32, 64, -32, -64])('BITPIX %i', (bitpix) => {
    const values = [1, 2, 3, 4, 5, 6];
    const fits = readFitsImage(makeFits(image(3, 2, bitpix, values)));
    expect(Array.from(fits.data)).toEqual(values);
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
    expect(Array.from(fits.data)).toEqual([1, 2, 3, 4]);
  });

  it('reads the HDU the user picks, and lists HDUs for the picker', () => {
    const file = makeFits(image(1, 2, 8, [1, 2]), image(2, 1, -32, [5, 6], { EXTNAME: 'ERR' }, true));
    expect(Array.from(readFitsImage(file).data)).toEqual([1, 2]);
    expect(Array.from(readFitsImage(file, { hdu: 1 }).data)).toEqual([5, 6]);
    expect(() => readFitsImage(file, { hdu: 2 })).toThrow(/no HDU 2/);
    expect(listHdus(file)).toEqual([
      { index: 0, type: 'PRIMARY', axes: [1, 2], bitpix: 8, name: undefined, isImage: true },
      { index: 1, type: 'IMAGE', axes: [2, 1], bitpix: -32, name: 'ERR', isImage: true },
    ]);
    const emptyPrimary = makeFits({ cards: { BITPIX: 8, NAXIS: 0 } });
    expect(() => readFitsImage(emptyPrimary, { hdu: 0 })).toThrow(/HDU 0 holds no 2-D image/);
  });

  it('takes the first plane of a cube by default, any plane on request', () => {
    const cube = makeFits({ cards: { BITPIX: 8, NAXIS: 3, NAXIS1: 2, NAXIS2: 1, NAXIS3: 2 }, values: [1, 2, 3, 4] });
    expect(Array.from(readFitsImage(cube).data)).toEqual([1, 2]);
    expect(readFitsImage(cube, { plane: 1 })).toMatchObject({ plane: 1, planes: 2, data: Float32Array.from([3, 4]) });
    expect(() => readFitsImage(cube, { plane: 2 })).toThrow(/plane 2 does not exist: this image has 2 planes/);
  });

  it('reads 4-D radio images with degenerate frequency and Stokes axes', () => {
    const fits = readFitsImage(makeFits({ cards: { BITPIX: -32, NAXIS: 4, NAXIS1: 2, NAXIS2: 2, NAXIS3: 1, NAXIS4: 1 }, values: [1, 2, 3, 4] }));
    expect([fits.width, fits.height, fits.planes]).toEqual([2, 2, 1]);
  });

  it('block-averages images larger than maxSide, ignoring missing pixels', () => {
    const values = Array.from({ length: 16 }, (_, i) => i);
    values[0] = NaN;
    const fits = readFitsImage(makeFits(image(4, 4, -32, values)), { maxSide: 2 });
    expect([fits.width, fits.height, fits.downsample]).toEqual([2, 2, 2]);
    // First output block = FITS rows 0–1, columns 0–1: NaN, 1, 4, 5.
    expect(Array.from(fits.data)).toEqual([Math.fround((1 + 4 + 5) / 3), 4.5, 10.5, 12.5]);
  });

  it('reads an 8k × 8k image into a bounded 1k × 1k one', () => {
    const side = 8192;
    const header = makeFits({ cards: { BITPIX: 8, NAXIS: 2, NAXIS1: side, NAXIS2: side } });
    const file = new Uint8Array(header.length + side * side);
    file.set(header);
    file.fill(7, header.length);
    const fits = readFitsImage(file, { maxSide: 1024 });
    expect([fits.width, fits.height, fits.downsample]).toEqual([1024, 1024, 8]);
    expect(fits.data.length).toBe(1024 * 1024);
    expect(fits.data[12345]).toBe(7);
  });

  it('parses header values as the standard writes them', () => {
    expect(parseHeaderValue("'O''Brien '  / name")).toBe("O'Brien");
    expect(parseHeaderValue('                   T')).toBe(true);
    expect(parseHeaderValue('  1.5D3 / exponent')).toBe(1500);
    expect(parseHeaderValue('   42')).toBe(42);
  });
});

describe('FITS reader: bad input gets a clear error', () => {
  const good = makeFits(
    image(
      4,
      4,
      -32,
      Array.from({ length: 16 }, (_, i) => i),
    ),
  );

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
  it('a 1-D spectrum only', () =>
    expect(() => readFitsImage(makeFits({ cards: { BITPIX: -32, NAXIS: 1, NAXIS1: 3 }, values: [1, 2, 3] }))).toThrow(/no 2-D image/));
  it('zero-size axis', () => expect(() => readFitsImage(makeFits({ cards: { BITPIX: -32, NAXIS: 2, NAXIS1: 0, NAXIS2: 5 } }))).toThrow(/no 2-D image/));
  it('invalid BITPIX', () => expect(() => readFitsImage(makeFits({ cards: { BITPIX: 12, NAXIS: 2, NAXIS1: 1, NAXIS2: 1 } }))).toThrow(/BITPIX = 12/));
  it('missing NAXIS2', () => expect(() => readFitsImage(makeFits({ cards: { BITPIX: 8, NAXIS: 2, NAXIS1: 1 } }))).toThrow(/NAXIS2 is missing/));
  it('hostile huge axes do not allocate', () => {
    expect(() => readFitsImage(makeFits({ cards: { BITPIX: -64, NAXIS: 2, NAXIS1: 2_000_000_000, NAXIS2: 2_000_000_000 } }))).toThrow(/truncated FITS/);
  });
  it('a tile-compressed table without its image axes says which keyword is missing', () => {
    // fpack writes the image as a BINTABLE extension with ZIMAGE = T and the image's axes in ZNAXISn.
    const compressed = makeFits(
      { cards: { BITPIX: 8, NAXIS: 0 } },
      { cards: { BITPIX: 8, NAXIS: 2, NAXIS1: 8, NAXIS2: 1, PCOUNT: 0, GCOUNT: 1, ZIMAGE: true }, values: new Array(8).fill(0), extension: 'BINTABLE' },
    );
    expect(() => readFitsImage(compressed)).toThrow(/ZNAXIS is missing/);
  });
});
