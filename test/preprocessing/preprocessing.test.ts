import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { colormapLut } from '../../src/preprocessing/lib/colourMaps';
import { applyBox, cropBox } from '../../src/preprocessing/lib/crop';
import { readFitsImage } from '../../src/images/lib/fits';
import { luptonRgb, PRESET_DEFAULTS, radioMiraBest } from '../../src/preprocessing/lib/presets';
import { applyPreprocessing, DEFAULT_PREPROCESSING, describePreprocessing, preprocessingLabel, type RawImage } from '../../src/preprocessing/lib/preprocessing';
import lupton from '../fixtures/lupton-reference.json';
import { sharedPath } from '../support/shared';

const fitsPath = (name: string) => sharedPath('mirabest/fits_sample', name);
const readFits = (name: string) => readFitsImage(new Uint8Array(readFileSync(fitsPath(name))));

describe('radio preset = the MiraBest recipe', () => {
  // full_derived was made from the same FITS with the recipe (see its README): compare byte for byte.
  const derived = new Uint8Array(gunzipSync(readFileSync(sharedPath('mirabest/full_derived/images_u8.raw.gz'))));
  const rows = readFileSync(sharedPath('mirabest/full_derived/labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const indexOf = new Map(rows.map((r) => [r[1], Number(r[0])]));

  it.each(
    readdirSync(sharedPath('mirabest/fits_sample'))
      .filter((f) => f.endsWith('.fits'))
      .sort(),
  )('%s reproduces full_derived', (name) => {
    const fits = readFits(name);
    const out = radioMiraBest(fits.data, fits.width, fits.height, PRESET_DEFAULTS['radio-mirabest']);
    expect([out.width, out.height]).toEqual([150, 150]);
    const i = indexOf.get(name)!;
    const ref = derived.subarray(i * 22500, (i + 1) * 22500);
    let differing = 0,
      maxDiff = 0;
    for (let k = 0; k < ref.length; k++) {
      const d = Math.abs(out.pixels[k] - ref[k]);
      if (d) differing++;
      maxDiff = Math.max(maxDiff, d);
    }
    // float32 rounding may move a pixel across an integer boundary; nothing more.
    expect(maxDiff).toBeLessThanOrEqual(1);
    expect(differing).toBeLessThanOrEqual(3);
  });

  it('goes through the pipeline flipped to display orientation', () => {
    const name = '200_000.395-008.865_0.1765_0010.28.fits';
    const fits = readFits(name);
    const direct = radioMiraBest(fits.data, fits.width, fits.height, PRESET_DEFAULTS['radio-mirabest']).pixels;
    const raw: RawImage = { width: fits.width, height: fits.height, planes: [fits.data], source: 'fits' };
    const img = applyPreprocessing(raw, { ...DEFAULT_PREPROCESSING, preset: PRESET_DEFAULTS['radio-mirabest'] });
    expect(img).toMatchObject({ width: 150, height: 150, channels: 1 });
    expect(Array.from(img.pixels.subarray(0, 150))).toEqual(Array.from(direct.subarray(149 * 150)));
  });
});

describe('optical preset = astropy make_lupton_rgb', () => {
  it('matches astropy on three real bands', () => {
    const bands = lupton.files.map((f) => readFits(f).data) as [Float32Array, Float32Array, Float32Array];
    const rgb = luptonRgb(bands, lupton.minimum as [number, number, number], lupton.stretch, lupton.Q);
    for (const p of lupton.probes) {
      const i = p.row * 300 + p.col;
      [0, 1, 2].forEach((k) => expect(Math.abs(rgb[k][i] - p.rgb[k])).toBeLessThanOrEqual(1));
    }
    lupton.histograms.forEach((hist, k) => {
      const mine = new Array(256).fill(0);
      for (const v of rgb[k]) mine[v]++;
      const off = mine.reduce((a: number, c: number, v: number) => a + Math.abs(c - hist[v]), 0);
      expect(off).toBeLessThan(0.002 * 90000);
    });
  });

  it('needs three bands', () => {
    const raw: RawImage = { width: 1, height: 1, planes: [new Float32Array(1)], source: 'fits' };
    expect(() => applyPreprocessing(raw, { ...DEFAULT_PREPROCESSING, preset: PRESET_DEFAULTS['optical-lupton'] })).toThrow(/three bands/);
  });
});

describe('crops', () => {
  const blob = (w: number, h: number, x0: number, y0: number, size: number) => {
    const unit = new Float32Array(w * h).fill(0.05);
    for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) unit[y * w + x] = 0.9;
    return unit;
  };
  it('central fraction and pixels', () => {
    expect(cropBox({ kind: 'fraction', fraction: 0.5 }, new Float32Array(300 * 200), 300, 200)).toEqual({ x: 100, y: 50, size: 100 });
    expect(cropBox({ kind: 'pixels', size: 64 }, new Float32Array(100 * 100), 100, 100)).toEqual({ x: 18, y: 18, size: 64 });
    expect(cropBox({ kind: 'pixels', size: 999 }, new Float32Array(100 * 100), 100, 100).size).toBe(100);
  });
  it('auto: around the bright source in the centre, with a margin', () => {
    const unit = blob(100, 100, 45, 40, 10);
    unit[5 * 100 + 5] = 1; // a brighter artefact in the corner does not attract the box
    const box = cropBox({ kind: 'auto', threshold: 0.5, margin: 0.5 }, unit, 100, 100);
    expect(box).toEqual({ x: 40, y: 35, size: 20 });
  });
  it('auto: falls back to the whole image when nothing is bright', () => {
    expect(cropBox({ kind: 'auto', threshold: 0.5, margin: 0.2 }, new Float32Array(50 * 40), 50, 40)).toEqual({ x: 5, y: 0, size: 40 });
  });
  it('copies the box from every plane', () => {
    const plane = Float32Array.from({ length: 16 }, (_, i) => i);
    const out = applyBox([plane, plane], 4, 4, { x: 1, y: 2, size: 2 });
    expect(out.planes.map((p) => Array.from(p))).toEqual([
      [9, 10, 13, 14],
      [9, 10, 13, 14],
    ]);
  });
});

describe('the pipeline', () => {
  const raw: RawImage = { width: 2, height: 2, planes: [Float32Array.from([0, 1, 2, 3])], source: 'fits' };

  it('scales FITS and flips it to display orientation', () => {
    const img = applyPreprocessing(raw, { ...DEFAULT_PREPROCESSING, scale: { interval: { kind: 'minmax' }, stretch: { kind: 'linear' } } });
    expect(Array.from(img.pixels)).toEqual([170, 255, 0, 85]);
  });

  it('maps grey through a colour map into three channels', () => {
    const img = applyPreprocessing(raw, {
      ...DEFAULT_PREPROCESSING,
      scale: { interval: { kind: 'minmax' }, stretch: { kind: 'linear' } },
      colour: { kind: 'colormap', name: 'viridis' },
    });
    expect(img.channels).toBe(3);
    const lut = colormapLut('viridis');
    expect([img.pixels[2], img.pixels[6], img.pixels[10]]).toEqual([lut[0], lut[1], lut[2]]);
    expect(Array.from(lut.subarray(0, 3))).toEqual([0x44, 0x01, 0x54]);
    expect(Array.from(lut.subarray(765))).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('passes PNG/JPEG pixels through untouched unless cropped', () => {
    const png: RawImage = { width: 2, height: 1, planes: [Float32Array.from([7, 200])], source: 'raster' };
    expect(Array.from(applyPreprocessing(png, DEFAULT_PREPROCESSING).pixels)).toEqual([7, 200]);
  });

  it('refuses an image with no finite pixel', () => {
    const nan: RawImage = { width: 2, height: 1, planes: [Float32Array.from([NaN, NaN])], source: 'fits' };
    expect(() => applyPreprocessing(nan, DEFAULT_PREPROCESSING)).toThrow(/no finite pixel/);
  });

  it('describes itself in words, and names only what differs from the default', () => {
    expect(preprocessingLabel(DEFAULT_PREPROCESSING)).toBe('default preprocessing');
    const p = { ...DEFAULT_PREPROCESSING, crop: { kind: 'fraction' as const, fraction: 0.5 }, resize: 320 };
    expect(preprocessingLabel(p)).toBe('crop 50 % · 320 px');
    expect(describePreprocessing(p)).toEqual([
      'FITS: 50–99.99 percentile, asinh (a = 0.1)',
      'crop to the central 50 %',
      'grey → RGB by channel replication',
      "resize to 320×320 (the model's input recipe)",
    ]);
  });
});
