/**
 * A pipeline's preprocessing: everything between a decoded file and the 8-bit image a model sees
 * (resizing and normalisation to the model's input happen last, in `preprocess.ts`). It is plain
 * JSON, part of the app state and of permalinks; embeddings are keyed by it.
 */
import { applyBox, cropBox, type CropSpec } from './crop';
import { colormapLut, type ColourSpec } from './colourMaps';
import type { DecodedImage } from '../../images/lib/image';
import { luptonFromData, radioMiraBest, type Preset } from './presets';
import { applyScale, DEFAULT_SCALE, type ScaleParams } from './stretch';

export interface Preprocessing {
  /** FITS HDU to read; null = the first HDU holding an image. */
  hdu: number | null;
  /** FITS cube plane (the optical preset reads this plane and the next two as R, G, B). */
  plane: number;
  preset: Preset;
  /** Interval and stretch for FITS data when no preset is chosen. */
  scale: ScaleParams;
  crop: CropSpec;
  colour: ColourSpec;
  /** Model input side in pixels; null = the model's own (fixed-size models ignore other values). */
  resize: number | null;
}

export const DEFAULT_PREPROCESSING: Preprocessing = {
  hdu: null,
  plane: 0,
  preset: { kind: 'none' },
  scale: DEFAULT_SCALE,
  crop: { kind: 'none' },
  colour: { kind: 'replicate' },
  resize: null,
};

export const RESIZE_CHOICES = [224, 320, 480, 512] as const;

/** A decoded file before preprocessing: float planes on a 0–255 scale for rasters, data units for FITS. */
export interface RawImage {
  width: number;
  height: number;
  planes: Float32Array[];
  source: 'fits' | 'raster';
}

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

function describeScale(s: ScaleParams): string {
  const i = s.interval;
  const interval =
    i.kind === 'minmax'
      ? 'min–max'
      : i.kind === 'zscale'
        ? 'zscale'
        : i.kind === 'percentile'
          ? `${fmt(i.percent)} % interval`
          : `${fmt(i.lower)}–${fmt(i.upper)} percentile`;
  const t = s.stretch;
  const stretch = 'a' in t ? `${t.kind} (a = ${fmt(t.a)})` : t.kind === 'histeq' ? 'histogram equalisation' : t.kind;
  return `${interval}, ${stretch}`;
}

/** The pipeline's steps, in order, in words (for the preview and panel titles). */
export function describePreprocessing(p: Preprocessing): string[] {
  const steps: string[] = [];
  if (p.hdu !== null || p.plane !== 0) steps.push(`FITS HDU ${p.hdu ?? 'first image'}, plane ${p.plane}`);
  if (p.preset.kind === 'radio-mirabest')
    steps.push(
      `FITS: radio preset (MiraBest): NaN → 0, ≤ ${fmt(p.preset.sigma)}σ → 0, central ${fmt(p.preset.cropFraction * 100)} % crop, circular mask, min–max`,
    );
  else if (p.preset.kind === 'optical-lupton')
    steps.push(
      `FITS: Lupton asinh RGB of planes ${p.plane}–${p.plane + 2} (Q = ${fmt(p.preset.Q)}, stretch = ${fmt(p.preset.stretchPercentile)}th percentile)`,
    );
  else steps.push(`FITS: ${describeScale(p.scale)}`);
  const c = p.crop;
  if (c.kind === 'fraction') steps.push(`crop to the central ${fmt(c.fraction * 100)} %`);
  if (c.kind === 'pixels') steps.push(`crop to the central ${c.size} px`);
  if (c.kind === 'auto') steps.push(`crop to the central source (≥ ${fmt(c.threshold)}, margin ${fmt(c.margin * 100)} %)`);
  steps.push(p.colour.kind === 'colormap' ? `grey → RGB with the ${p.colour.name} colour map` : 'grey → RGB by channel replication');
  // How it is resized (bilinear or bicubic, crop or not) is the model's input recipe (src/models/lib/inputRecipes.ts).
  steps.push(p.resize ? `resize to ${p.resize}×${p.resize} (the model's input recipe)` : "resize to the model's input (its input recipe)");
  return steps;
}

/** A short name for panel titles: only what differs from the default. */
export function preprocessingLabel(p: Preprocessing): string {
  const parts: string[] = [];
  if (p.preset.kind === 'radio-mirabest') parts.push('radio preset');
  if (p.preset.kind === 'optical-lupton') parts.push('Lupton RGB');
  if (p.preset.kind === 'none' && JSON.stringify(p.scale) !== JSON.stringify(DEFAULT_SCALE)) parts.push(describeScale(p.scale));
  if (p.crop.kind === 'fraction') parts.push(`crop ${fmt(p.crop.fraction * 100)} %`);
  if (p.crop.kind === 'pixels') parts.push(`crop ${p.crop.size} px`);
  if (p.crop.kind === 'auto') parts.push('crop to source');
  if (p.colour.kind === 'colormap') parts.push(p.colour.name);
  if (p.resize) parts.push(`${p.resize} px`);
  if (p.hdu !== null || p.plane !== 0) parts.push(`HDU ${p.hdu ?? '*'}/${p.plane}`);
  return parts.length ? parts.join(' · ') : 'default preprocessing';
}

function flipRows(plane: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(plane.length);
  for (let y = 0; y < height; y++) out.set(plane.subarray((height - 1 - y) * width, (height - y) * width), y * width);
  return out;
}

/**
 * Raw image → the 8-bit planar image the model's resize/normalise step takes. FITS data arrive in
 * FITS order (bottom row first) and leave top row first, as DS9 and every PNG cutout show them.
 */
export function applyPreprocessing(raw: RawImage, p: Preprocessing): DecodedImage {
  let { width, height } = raw;
  let planes: Float32Array[];
  if (raw.source === 'fits') {
    if (p.preset.kind === 'radio-mirabest') {
      const r = radioMiraBest(raw.planes[0], width, height, p.preset);
      planes = [Float32Array.from(r.pixels)];
      width = r.width;
      height = r.height;
    } else if (p.preset.kind === 'optical-lupton') {
      if (raw.planes.length < 3) throw new Error('the Lupton colour preset needs three bands: a FITS cube with 3 planes (R, G, B)');
      planes = luptonFromData([raw.planes[0], raw.planes[1], raw.planes[2]], p.preset).map((b) => Float32Array.from(b));
    } else {
      planes = [applyScale(raw.planes[0], p.scale).map((v) => v * 255)];
    }
    planes = planes.map((plane) => flipRows(plane, width, height));
  } else {
    planes = raw.planes;
  }
  // Crops threshold the channel mean on a 0–1 scale.
  const unit = new Float32Array(width * height);
  for (const plane of planes) for (let i = 0; i < unit.length; i++) unit[i] += plane[i] / 255 / planes.length;
  const cropped = applyBox(planes, width, height, cropBox(p.crop, unit, width, height));
  ({ planes, width, height } = cropped);

  const n = width * height;
  if (planes.length === 1 && p.colour.kind === 'colormap') {
    const lut = colormapLut(p.colour.name);
    const pixels = new Uint8Array(3 * n);
    for (let i = 0; i < n; i++) {
      const k = 3 * Math.min(255, Math.max(0, Math.round(planes[0][i])));
      pixels[i] = lut[k];
      pixels[n + i] = lut[k + 1];
      pixels[2 * n + i] = lut[k + 2];
    }
    return { width, height, channels: 3, pixels };
  }
  const pixels = new Uint8Array(planes.length * n);
  planes.forEach((plane, c) => {
    for (let i = 0; i < n; i++) pixels[c * n + i] = Math.min(255, Math.max(0, Math.round(plane[i])));
  });
  return { width, height, channels: planes.length === 3 ? 3 : 1, pixels };
}
