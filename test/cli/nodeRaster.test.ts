import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeFile, DEFAULT_LIMITS } from '../../src/images/lib/decode';
import { nodeRasterDecoder, shrinkRgba } from '../../src/cli/nodeRaster';

const full = (w: number, h: number) => ({ width: w, height: h });

describe("the CLI's PNG and JPEG decoder", () => {
  it('reads 8-bit grey, grey+alpha, RGB and RGBA PNGs as canvas RGBA', async () => {
    const grey = await nodeRasterDecoder(encodePng({ width: 2, height: 1, data: Uint8Array.from([10, 200]), channels: 1, depth: 8 }), 'png', full(2, 1));
    expect(Array.from(grey.rgba)).toEqual([10, 10, 10, 255, 200, 200, 200, 255]);
    const ga = await nodeRasterDecoder(encodePng({ width: 1, height: 1, data: Uint8Array.from([7, 99]), channels: 2, depth: 8 }), 'png', full(1, 1));
    expect(Array.from(ga.rgba)).toEqual([7, 7, 7, 99]);
    const rgb = await nodeRasterDecoder(encodePng({ width: 1, height: 1, data: Uint8Array.from([1, 2, 3]), channels: 3, depth: 8 }), 'png', full(1, 1));
    expect(Array.from(rgb.rgba)).toEqual([1, 2, 3, 255]);
    const rgba = await nodeRasterDecoder(encodePng({ width: 1, height: 1, data: Uint8Array.from([1, 2, 3, 4]), channels: 4, depth: 8 }), 'png', full(1, 1));
    expect(Array.from(rgba.rgba)).toEqual([1, 2, 3, 4]);
  });

  it('reduces 16-bit PNGs to their high byte and expands packed 1-bit ones', async () => {
    const deep = await nodeRasterDecoder(
      encodePng({ width: 2, height: 1, data: Uint16Array.from([0x1234, 0xff00]), channels: 1, depth: 16 }),
      'png',
      full(2, 1),
    );
    expect([deep.rgba[0], deep.rgba[4]]).toEqual([0x12, 0xff]);
    // 1-bit rows are byte-aligned: 3 pixels in the top bits of one byte per row.
    const bits = await nodeRasterDecoder(
      encodePng({ width: 3, height: 2, data: Uint8Array.from([0b10100000, 0b01000000]), channels: 1, depth: 1 }),
      'png',
      full(3, 2),
    );
    expect(Array.from({ length: 6 }, (_, i) => bits.rgba[4 * i])).toEqual([255, 0, 255, 0, 255, 0]);
  });

  it('reads palette PNGs through their palette', async () => {
    const png = encodePng({
      width: 2,
      height: 1,
      data: Uint8Array.from([1, 0]),
      channels: 1,
      depth: 8,
      palette: [
        [0, 0, 0],
        [250, 100, 50],
      ],
    });
    const out = await nodeRasterDecoder(png, 'png', full(2, 1));
    expect(Array.from(out.rgba)).toEqual([250, 100, 50, 255, 0, 0, 0, 255]);
  });

  it('decodes JPEG (jpeg-js) to within JPEG loss of the original', async () => {
    const w = 16;
    const data = new Uint8Array(4 * w * w);
    for (let i = 0; i < w * w; i++) data.set([128, 128, 128, 255], 4 * i);
    const bytes = jpeg.encode({ data, width: w, height: w }, 95).data;
    const out = await decodeFile('grey.jpg', new Uint8Array(bytes), DEFAULT_LIMITS, nodeRasterDecoder);
    expect(out).toMatchObject({ format: 'jpeg', originalWidth: w, originalHeight: w });
    expect(Math.abs(out.raw.planes[0][0] - 128)).toBeLessThanOrEqual(2);
  });

  it('shrinks a raster over the size limit by area averaging', async () => {
    expect(Array.from(shrinkRgba(Uint8Array.from([0, 0, 0, 255, 100, 100, 100, 255, 50, 50, 50, 255, 250, 250, 250, 255]), 2, 2, 1, 1))).toEqual([
      100, 100, 100, 255,
    ]);
    const big = encodePng({ width: 40, height: 20, data: new Uint8Array(800).fill(9), channels: 1, depth: 8 });
    const out = await decodeFile('big.png', big, { ...DEFAULT_LIMITS, maxSide: 10 }, nodeRasterDecoder);
    expect([out.raw.width, out.raw.height, out.originalWidth]).toEqual([10, 5, 40]);
  });

  it("gives the app's reason for a corrupt file", async () => {
    const png = encodePng({ width: 4, height: 4, data: new Uint8Array(16), channels: 1, depth: 8 });
    const broken = Uint8Array.from(png);
    broken.fill(0, 41, png.length - 12); // damage the image data, keep the chunks' frame
    await expect(decodeFile('x.png', broken, DEFAULT_LIMITS, nodeRasterDecoder)).rejects.toThrow(/corrupt PNG|PNG/);
  });
});
