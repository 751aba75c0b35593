import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeFile, DEFAULT_LIMITS, fitWithin, type DecodeLimits } from '../../src/images/lib/decode';
import { checkJpeg, checkPng } from '../../src/images/lib/raster';
import { isIgnorable, sniffKind } from '../../src/images/lib/sniff';
import { image, makeFits } from '../../src/images/lib/fitsWrite';
import { nodeRaster } from '../support/nodeRaster';
import { sharedPath } from '../support/shared';

const decode = (name: string, bytes: Uint8Array, o: Partial<DecodeLimits> = {}) => decodeFile(name, bytes, { ...DEFAULT_LIMITS, ...o }, nodeRaster);
const greyPng = (w: number, h: number) => encode({ width: w, height: h, data: Uint8Array.from({ length: w * h }, (_, i) => i % 256), channels: 1, depth: 8 });
const fitsDir = sharedPath('mirabest/fits_sample');
const realFits = readdirSync(fitsDir)
  .filter((f) => f.endsWith('.fits'))
  .sort();
const gz1Jpeg = () => {
  const dir = sharedPath('gz1-sdss-subset/images');
  return new Uint8Array(readFileSync(`${dir}/${readdirSync(dir).sort()[0]}`));
};

describe('good files decode', () => {
  it('grey PNG stays one channel', async () => {
    const out = await decode('a.png', greyPng(5, 3));
    expect(out.format).toBe('png');
    expect(out.raw).toMatchObject({ width: 5, height: 3, source: 'raster' });
    expect(out.raw.planes).toHaveLength(1);
    expect(Array.from(out.raw.planes[0].subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
  });

  it('colour PNG becomes planar RGB', async () => {
    const png = encode({ width: 2, height: 1, data: Uint8Array.from([10, 20, 30, 40, 50, 60]), channels: 3, depth: 8 });
    const out = await decode('c.png', png);
    expect(out.raw.planes.map((p) => Array.from(p))).toEqual([
      [10, 40],
      [20, 50],
      [30, 60],
    ]);
  });

  it('real FITS keeps its data units and header', async () => {
    const out = await decode(realFits[0], new Uint8Array(readFileSync(`${fitsDir}/${realFits[0]}`)));
    expect(out.format).toBe('fits');
    expect(out.raw).toMatchObject({ width: 300, height: 300, source: 'fits' });
    expect(out.header?.CTYPE1).toBe('RA---TAN');
    expect(out.planes).toBe(1);
  });

  it('reads three planes of a cube for colour presets, and says when there are not three', async () => {
    const cube = makeFits({ cards: { BITPIX: -32, NAXIS: 3, NAXIS1: 1, NAXIS2: 1, NAXIS3: 3 }, values: [1, 2, 3] });
    const out = await decodeFile('c.fits', cube, DEFAULT_LIMITS, nodeRaster, { hdu: null, plane: 0, bands: 3 });
    expect(out.raw.planes.map((p) => p[0])).toEqual([1, 2, 3]);
    const flat = makeFits(image(1, 1, -32, [1]));
    await expect(decodeFile('f.fits', flat, DEFAULT_LIMITS, nodeRaster, { hdu: null, plane: 0, bands: 3 })).rejects.toThrow(/three bands .* 1 plane/);
  });

  it('gzipped FITS (.fits.gz) decodes like the original', async () => {
    const raw = new Uint8Array(readFileSync(`${fitsDir}/${realFits[1]}`));
    const [a, b] = await Promise.all([decode('x.fits', raw), decode('x.fits.gz', new Uint8Array(gzipSync(raw)))]);
    expect(b.raw.planes).toEqual(a.raw.planes);
  });

  it('magic bytes win over the file name', async () => {
    expect((await decode('misnamed.jpg', greyPng(2, 2))).format).toBe('png');
  });
});

describe('bad files get a clear reason', () => {
  const cases: [string, string, () => Uint8Array, RegExp][] = [
    ['empty file', 'empty.png', () => new Uint8Array(0), /empty file/],
    ['text file', 'notes.txt', () => new TextEncoder().encode('hello, sky'), /not a supported image/],
    ['text named .png', 'fake.png', () => new TextEncoder().encode('definitely not a PNG'), /not a supported image/],
    ['truncated PNG', 'cut.png', () => greyPng(40, 40).subarray(0, 60), /truncated PNG/],
    [
      'PNG with garbage after the signature',
      'bad.png',
      () => Uint8Array.from([...greyPng(4, 4).subarray(0, 8), ...new Uint8Array(40).fill(7)]),
      /corrupt PNG|truncated PNG/,
    ],
    [
      'PNG whose pixel data is corrupt',
      'zlib.png',
      () => {
        const png = greyPng(40, 40).slice();
        // Overwrite the compressed IDAT payload (starts after signature 8 + IHDR 25 + IDAT header 8).
        png.fill(0xff, 41, 41 + 40);
        return png;
      },
      /corrupt PNG: the image data could not be decoded/,
    ],
    ['truncated JPEG', 'cut.jpg', () => gz1Jpeg().subarray(0, 3000), /truncated JPEG/],
    ['truncated FITS', 'cut.fits', () => new Uint8Array(readFileSync(`${fitsDir}/${realFits[2]}`)).subarray(0, 50_000), /truncated FITS/],
    ['FITS without image data', 'table.fits', () => makeFits({ cards: { BITPIX: 8, NAXIS: 0 } }), /no 2-D image/],
    ['gzip that is not FITS', 'x.fits.gz', () => new Uint8Array(gzipSync(Buffer.from('plain text'))), /does not contain a FITS file/],
    ['gzip with another name', 'x.tar.gz', () => new Uint8Array(gzipSync(Buffer.from('x'))), /only gzipped FITS/],
    ['corrupt gzip', 'x.fits.gz', () => Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4]), /corrupt or truncated gzip/],
  ];
  it.each(cases)('%s', async (_, name, bytes, reason) => {
    await expect(decode(name, bytes())).rejects.toThrow(reason);
  });

  it('oversized files are refused before decoding', async () => {
    await expect(decode('big.png', greyPng(64, 64), { maxBytes: 100 })).rejects.toThrow(/larger than the 0.0 MiB limit/);
  });

  it('a gzip bomb stops at the size limit', async () => {
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(64 * 2 ** 20)));
    expect(bomb.length).toBeLessThan(100_000);
    await expect(decode('bomb.fits.gz', bomb, { maxBytes: 2 ** 20 })).rejects.toThrow(/decompressed size exceeds/);
  });

  it('one bad file in a batch does not stop the others', async () => {
    const files: [string, Uint8Array][] = [
      ['a.png', greyPng(3, 3)],
      ['bad.png', new Uint8Array(0)],
      ['b.fits', makeFits(image(2, 2, -32, [1, 2, 3, 4]))],
    ];
    const results = await Promise.allSettled(files.map(([n, b]) => decode(n, b)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('structure checks and sniffing', () => {
  it('reads sizes of real PNG and JPEG files', () => {
    expect(checkPng(greyPng(7, 9))).toEqual({ width: 7, height: 9 });
    expect(checkJpeg(gz1Jpeg())).toEqual({ width: 423, height: 423 });
  });
  it('fits huge images within maxSide, keeping aspect', () => {
    expect(fitWithin({ width: 8000, height: 4000 }, 1024)).toEqual({ width: 1024, height: 512 });
    expect(fitWithin({ width: 100, height: 50 }, 1024)).toEqual({ width: 100, height: 50 });
  });
  it('sniffs kinds and ignores OS clutter', () => {
    expect(sniffKind('a.csv', new Uint8Array(0))).toBe('csv');
    expect(sniffKind('m.onnx', new Uint8Array(0))).toBe('onnx');
    expect(isIgnorable('folder/.DS_Store')).toBe(true);
    expect(isIgnorable('folder/Thumbs.db')).toBe(true);
    expect(isIgnorable('FRI/a.png')).toBe(false);
  });
});
