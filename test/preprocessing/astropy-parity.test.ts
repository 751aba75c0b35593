import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFitsImage } from '../../src/images/lib/fits';
import { intervalLimits, type IntervalSpec } from '../../src/preprocessing/lib/interval';
import { sigmaClippedStats } from '../../src/preprocessing/lib/sigmaClip';
import { applyScale, type StretchSpec } from '../../src/preprocessing/lib/stretch';
import { centreSky } from '../../src/images/lib/wcs';
import reference from '../fixtures/fits-reference.json';
import { sharedPath } from '../support/shared';

// Values made by scripts/fits_reference.py with astropy 5.2 from the 12 real MiraBest FITS files.
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
const load = (file: string) => readFitsImage(new Uint8Array(readFileSync(sharedPath('mirabest/fits_sample', file))));

describe.each(reference.files)('$file', (ref) => {
  const fits = load(ref.file);
  const [h, w] = ref.shape;
  const index = (p: number[]) => p[0] * w + p[1];

  it('reads the same pixels as astropy.io.fits', () => {
    expect([fits.height, fits.width, fits.hduIndex, fits.downsample]).toEqual([h, w, 0, 1]);
    let sum = 0,
      min = Infinity,
      max = -Infinity,
      nonFinite = 0;
    for (const v of fits.data) {
      if (!Number.isFinite(v)) {
        nonFinite++;
        continue;
      }
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(nonFinite).toBe(ref.nonFinite);
    expect(rel(sum, ref.sum)).toBeLessThan(1e-5);
    expect([min, max]).toEqual([ref.min, ref.max]);
    expect(reference.probes.map((p) => fits.data[index(p)])).toEqual(ref.values);
    expect(fits.header.BUNIT).toBe('JY/BEAM');
  });

  it.each(ref.scales.map((s) => [`${s.interval.kind} + ${s.stretch.kind}`, s] as const))('scales like astropy.visualization: %s', (_, scale) => {
    const limits = intervalLimits(fits.data, scale.interval as IntervalSpec);
    expect(rel(limits[0], scale.limits[0])).toBeLessThan(1e-5);
    expect(rel(limits[1], scale.limits[1])).toBeLessThan(1e-5);
    const out = applyScale(fits.data, { interval: scale.interval as IntervalSpec, stretch: scale.stretch as StretchSpec });
    reference.probes.forEach((p, k) => {
      // 1e-5 relative, or absolute near zero.
      expect(Math.abs(out[index(p)] - scale.probes[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(scale.probes[k])));
    });
  });

  it('finds the centre RA/Dec like astropy.wcs', () => {
    const sky = centreSky(fits.header, w, h)!;
    expect(Math.abs(sky.ra - ref.centre.ra)).toBeLessThan(1e-9);
    expect(Math.abs(sky.dec - ref.centre.dec)).toBeLessThan(1e-9);
  });

  it('sigma-clips like astropy.stats.sigma_clipped_stats', () => {
    const stats = sigmaClippedStats(fits.data.map((v) => (Number.isNaN(v) ? 0 : v)));
    expect(rel(stats.std, ref.sigmaClipped.std)).toBeLessThan(1e-4);
    expect(Math.abs(stats.median - ref.sigmaClipped.median)).toBeLessThan(1e-4 * ref.sigmaClipped.std);
    expect(Math.abs(stats.mean - ref.sigmaClipped.mean)).toBeLessThan(1e-4 * ref.sigmaClipped.std);
  });
});
