/**
 * Compressed files through decodeFile, as the app's workers see them: .fits.fz (fpack),
 * .fits.bz2 and .png.bz2 (bzip2), and the ways they can be broken. Needs fpack and bzip2 on the
 * PATH (scripts/ensure-fits-references.sh); skips saying so without them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { encode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile, DEFAULT_LIMITS, type DecodeLimits } from '../../src/images/lib/decode';
import { makeFits } from '../../src/images/lib/fitsWrite';
import { sniffKind } from '../../src/images/lib/sniff';
import { nodeRaster } from '../support/nodeRaster';
import { sharedPath } from '../support/shared';
import { hasCommand } from '../support/tools';

const decode = (name: string, bytes: Uint8Array, o: Partial<DecodeLimits> = {}) => decodeFile(name, bytes, { ...DEFAULT_LIMITS, ...o }, nodeRaster);
const hasTools = hasCommand('fpack', '-V') && hasCommand('bzip2', '--help');
if (!hasTools) console.warn('skipping compressed decodeFile tests: fpack or bzip2 is not installed (run scripts/ensure-fits-references.sh)');

const fitsDir = sharedPath('mirabest/fits_sample');
const first = readdirSync(fitsDir)
  .filter((f) => f.endsWith('.fits'))
  .sort()[0];
const original = () => new Uint8Array(readFileSync(join(fitsDir, first)));

describe.skipIf(!hasTools)('compressed files decode like their originals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-sky-compressed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let made = 0;
  const fpacked = (opts: string[]) => {
    const name = join(dir, `in${made++}.fits`);
    writeFileSync(name, original());
    execFileSync('fpack', [...opts, '-O', `${name}.fz`, name], { stdio: 'pipe' });
    return new Uint8Array(readFileSync(`${name}.fz`));
  };
  const bzipped = (bytes: Uint8Array) => new Uint8Array(execFileSync('bzip2', ['-c'], { input: bytes }));

  it('.fits.fz (lossless) gives the image, its header as the image header, and the codec', async () => {
    const [plain, fz] = await Promise.all([decode('a.fits', original()), decode('a.fits.fz', fpacked(['-g2', '-q', '0']))]);
    expect(fz.format).toBe('fits');
    expect(Array.from(fz.raw.planes[0])).toEqual(Array.from(plain.raw.planes[0]));
    expect(fz.header?.CTYPE1).toBe('RA---TAN');
    expect(fz.header?.BITPIX).toBe(-32);
    expect(fz.header?.NAXIS1).toBe(300);
    expect(fz.header?.ZCMPTYPE).toBe('GZIP_2'); // kept as the note the header viewer shows
    expect(fz.header?.ZIMAGE).toBeUndefined();
    expect(fz.header?.TTYPE1).toBeUndefined();
    expect(fz.compression).toBe('GZIP_2');
  });

  it('.fits.bz2 and .png.bz2 decode like the files inside', async () => {
    const [plain, bz] = await Promise.all([decode('a.fits', original()), decode('a.fits.bz2', bzipped(original()))]);
    expect(Array.from(bz.raw.planes[0])).toEqual(Array.from(plain.raw.planes[0]));
    const png = encode({ width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]), channels: 1, depth: 8 });
    const out = await decode('b.png.bz2', bzipped(png));
    expect(out.format).toBe('png');
    expect(Array.from(out.raw.planes[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sniffKind('x.fits.bz2', bzipped(png).subarray(0, 16))).toBe('bzip2');
  });

  it('a bzip2 file holding something else, or too big once decompressed, is refused', async () => {
    await expect(decode('a.txt.bz2', bzipped(new TextEncoder().encode('plain text')))).rejects.toThrow(/does not contain a FITS, PNG or JPEG/);
    const packed = bzipped(original());
    expect(packed.length).toBeLessThan(original().length);
    await expect(decode('a.fits.bz2', packed, { maxBytes: packed.length + 1 })).rejects.toThrow(/decompressed size exceeds the .* limit/);
  });

  it('a corrupt tile is refused with a reason, not decoded into garbage', async () => {
    const fz = fpacked(['-r']);
    // The heap (compressed tiles) sits at the end of the file's data: damage bytes in the middle of it.
    const damaged = fz.slice();
    for (let i = 0; i < 400; i++) damaged[damaged.length - 20000 + i * 7] ^= 0xff;
    const cut = fz.slice(0, fz.length - 2880 * 3);
    await expect(decode('d.fits.fz', damaged)).rejects.toThrow(/corrupt|truncated/);
    await expect(decode('c.fits.fz', cut)).rejects.toThrow(/truncated FITS/);
  });
});

describe('hand-made compressed tables', () => {
  /** A one-tile GZIP_1 table around the given compressed bytes, for an image of w × h 8-bit pixels. */
  const table = (w: number, h: number, tile: Uint8Array) => {
    const rowBytes = 8;
    const heap = tile;
    const values = new Uint8Array(rowBytes + heap.length);
    new DataView(values.buffer).setInt32(0, heap.length);
    new DataView(values.buffer).setInt32(4, 0);
    values.set(heap, rowBytes);
    return makeFits(
      { cards: { BITPIX: 8, NAXIS: 0, EXTEND: true } },
      {
        cards: {
          BITPIX: 8,
          NAXIS: 2,
          NAXIS1: rowBytes,
          NAXIS2: 1,
          PCOUNT: heap.length,
          GCOUNT: 1,
          TFIELDS: 1,
          TTYPE1: 'COMPRESSED_DATA',
          TFORM1: '1PB',
          ZIMAGE: true,
          ZCMPTYPE: 'GZIP_1',
          ZBITPIX: 8,
          ZNAXIS: 2,
          ZNAXIS1: w,
          ZNAXIS2: h,
          ZTILE1: w,
          ZTILE2: h,
        },
        values,
        extension: 'BINTABLE',
      },
    );
  };

  it('reads a tile made here, with the table as an image in the HDU choice', async () => {
    const out = await decode('t.fits.fz', table(3, 2, new Uint8Array(deflateSync(Uint8Array.from([1, 2, 3, 4, 5, 6])))));
    expect(Array.from(out.raw.planes[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.compression).toBe('GZIP_1');
  });
  it('a tile that inflates beyond its pixels (a bomb inside the table) is refused', async () => {
    const bomb = new Uint8Array(deflateSync(new Uint8Array(8 * 2 ** 20)));
    await expect(decode('b.fits.fz', table(3, 2, bomb))).rejects.toThrow(/inflates to more than its pixels can hold/);
  });
  it('a tile pointing outside the heap is refused', async () => {
    const fits = table(3, 2, new Uint8Array(deflateSync(Uint8Array.from([1, 2, 3, 4, 5, 6]))));
    // The descriptor's offset is the second int32 of the table's first row (after two header blocks).
    new DataView(fits.buffer).setInt32(2880 * 2 + 4, 1 << 20);
    await expect(decode('o.fits.fz', fits)).rejects.toThrow(/points outside the file's heap/);
  });
  it('hostile sizes are refused before anything large is allocated', async () => {
    const tile = new Uint8Array(deflateSync(Uint8Array.from([1])));
    await expect(decode('big.fits.fz', table(8192, 8192, tile))).rejects.toThrow(/larger than this reader handles/);
    const text = new TextDecoder('latin1').decode(table(3, 2, tile)).replace('ZTILE1  =                    3', 'ZTILE1  =                    1');
    await expect(
      decode(
        'rows.fits.fz',
        Uint8Array.from(text, (c) => c.charCodeAt(0)),
      ),
    ).rejects.toThrow(/has 1 rows \(one per tile\) where the image needs 3 tiles/);
  });
  it('an unknown codec is named', async () => {
    const fits = table(3, 2, Uint8Array.from([0]));
    const text = new TextDecoder('latin1').decode(fits).replace("'GZIP_1  '", "'ZSTD_9  '");
    await expect(
      decode(
        'u.fits.fz',
        Uint8Array.from(text, (c) => c.charCodeAt(0)),
      ),
    ).rejects.toThrow(/codec 'ZSTD_9'/);
  });
});
