/** Grey → RGB by a perceptual colour map (d3-scale-chromatic), the study's alternative to channel replication. */
import { memoByKey } from '../../shared/lib/memo';
import { interpolateCividis, interpolateInferno, interpolateMagma, interpolateViridis } from 'd3-scale-chromatic';

export const COLORMAPS = { viridis: interpolateViridis, magma: interpolateMagma, inferno: interpolateInferno, cividis: interpolateCividis } as const;
export type ColormapName = keyof typeof COLORMAPS;
export type ColourSpec = { kind: 'replicate' } | { kind: 'colormap'; name: ColormapName };

/** 256 × RGB lookup table (made once per colour map). */
export const colormapLut = memoByKey((name: ColormapName): Uint8Array => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const css = COLORMAPS[name](i / 255); // "#rrggbb" or "rgb(r, g, b)"
    const rgb = css.startsWith('#') ? [1, 3, 5].map((o) => parseInt(css.slice(o, o + 2), 16)) : css.match(/\d+/g)!.slice(0, 3).map(Number);
    lut.set(rgb, 3 * i);
  }
  return lut;
});
