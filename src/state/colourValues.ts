import { imageMeta, imageSky } from './selectors';
import type { ColourBy, InvarianceOutcome, LatentSkyState } from './store';

export type { ColourBy };

/** Colour-by choices beyond the class: probe output, neighbour disagreement, any metadata column or FITS keyword. */

/** Metadata columns (labels CSV) and numeric FITS keywords present on at least one image. */
export function colourChoices(s: Pick<LatentSkyState, 'images' | 'labelTable'>): { value: ColourBy; label: string }[] {
  const meta = new Set<string>();
  const fits = new Set<string>();
  for (const img of s.images) {
    for (const k of Object.keys(imageMeta(img, s.labelTable))) meta.add(k);
    for (const [k, v] of Object.entries(img.header ?? {})) if (typeof v === 'number' && !/^NAXIS|^BITPIX$|^SIMPLE$/.test(k)) fits.add(k);
  }
  const sky = s.images.some((i) => imageSky(i, s.labelTable))
    ? [
        { value: 'sky:ra' as const, label: 'RA (sky position)' },
        { value: 'sky:dec' as const, label: 'Dec (sky position)' },
      ]
    : [];
  return [
    ...[...meta].sort().map((k) => ({ value: `meta:${k}` as ColourBy, label: `${k} (labels CSV)` })),
    ...sky,
    ...[...fits].sort().map((k) => ({ value: `fits:${k}` as ColourBy, label: `${k} (FITS header)` })),
  ];
}

/**
 * The value of a metadata colour-by for each image id (undefined where the image has none).
 * Invariance is the panel's own: `invariance` is its pipeline's current result (src/state/selectors.ts
 * `currentInvariance`), and each sampled image gets its mean cosine to its turned copies.
 */
export function colourValues(
  by: ColourBy,
  s: Pick<LatentSkyState, 'images' | 'labelTable' | 'comparison'> & { invariance?: InvarianceOutcome },
): Map<string, string | number | undefined> {
  const out = new Map<string, string | number | undefined>();
  if (by === 'invariance') {
    const outcome = s.invariance;
    const score = new Map(outcome?.sampleHashes.map((h, i) => [h, outcome.result.score[i]]));
    for (const img of s.images) out.set(img.id, score.get(img.hash));
    return out;
  }
  if (by === 'disagreement') {
    const c = s.comparison?.result;
    s.comparison?.imageIds.forEach((id, i) => out.set(id, c?.disagreement[i]));
    return out;
  }
  for (const img of s.images) {
    let v: string | number | undefined;
    if (by.startsWith('meta:')) v = imageMeta(img, s.labelTable)[by.slice(5)];
    else if (by.startsWith('fits:')) {
      const h = img.header?.[by.slice(5)];
      v = typeof h === 'number' || typeof h === 'string' ? h : undefined;
    } else if (by === 'sky:ra') v = imageSky(img, s.labelTable)?.ra;
    else if (by === 'sky:dec') v = imageSky(img, s.labelTable)?.dec;
    out.set(img.id, v === '' ? undefined : v);
  }
  return out;
}
