import { colormapLut } from '../preprocessing/lib/colourMaps';
import { classColour, UNLABELLED, type Rgb } from '../shared/lib/palette';
import { probePredictions, type ClassInfo } from './selectors';
import type { LatentSkyState, ProbeOutcome } from './store';

export type LegendSpec =
  | { kind: 'categorical'; names: string[]; counts: number[]; colours: Rgb[]; label: string }
  | { kind: 'continuous'; min: number; max: number; label: string; missing: number };

export interface PointColours {
  /** RGBA per projected point. */
  rgba: Uint8Array;
  legend: LegendSpec;
}

const MAX_CATEGORIES = 12;

const CORRECT: Rgb = [0, 158, 115];
const WRONG: Rgb = [213, 94, 0];
const ALPHA = 215;
export interface Visibility {
  hiddenClasses: readonly string[];
}

/**
 * Colours of a panel's points: by class, or by the probe's prediction for images in the test split
 * (of the last seed, at the largest budget, first head); other images stay grey. Hidden classes get
 * alpha 0. The selection is not part of them: the scatter view dims around it (selectionMask.ts), so
 * a selection change does not recolour every point.
 */
export function pointColours(
  mode: LatentSkyState['colourBy'],
  imageIds: readonly string[],
  imageIndex: Map<string, number>,
  classes: ClassInfo,
  outcome: ProbeOutcome | undefined,
  visibility: Visibility,
  values?: Map<string, string | number | undefined>,
): PointColours {
  const hidden = new Set(visibility.hiddenClasses.map((n) => classes.names.indexOf(n)));
  const alpha = (id: string, base: number) => (hidden.has(classes.indexOf[imageIndex.get(id) ?? 0]) ? 0 : base);
  const rgba = new Uint8Array(imageIds.length * 4);
  if (values) return valueColours(mode, imageIds, values, rgba, alpha);
  const predicted = probePredictions(outcome);
  if (mode === 'class' || !outcome || !predicted) {
    const colours = classes.colours;
    imageIds.forEach((id, i) => rgba.set([...colours[classes.indexOf[imageIndex.get(id) ?? 0]], alpha(id, ALPHA)], 4 * i));
    return { rgba, legend: { kind: 'categorical', names: classes.names, counts: classes.counts, colours, label: 'Classes' } };
  }
  const names = mode === 'predicted' ? [...outcome.classNames, 'not in the test split'] : ['correct', 'wrong', 'not in the test split'];
  // A predicted class keeps its class colour (the probe's classes are the labelled ones, all in `classes`).
  const colourOf = (n: string) => classes.colours[classes.names.indexOf(n)] ?? UNLABELLED;
  const colours = mode === 'predicted' ? [...outcome.classNames.map(colourOf), UNLABELLED] : [CORRECT, WRONG, UNLABELLED];
  const counts = new Array<number>(names.length).fill(0);
  imageIds.forEach((id, i) => {
    const p = predicted.get(id) ?? -1;
    const truth = classes.indexOf[imageIndex.get(id) ?? 0];
    const k = p < 0 ? names.length - 1 : mode === 'predicted' ? p : p === truth ? 0 : 1;
    counts[k]++;
    rgba.set([...colours[k], alpha(id, p < 0 ? 90 : ALPHA)], 4 * i);
  });
  return { rgba, legend: { kind: 'categorical', names, counts, colours, label: mode === 'predicted' ? 'Predicted class' : 'Prediction' } };
}

/**
 * Metadata colouring: numbers on a viridis scale with a colour bar when every value is numeric and
 * there are more than 12 distinct ones; otherwise categories (the 12 most common, then "other").
 */
function valueColours(
  label: string,
  imageIds: readonly string[],
  values: Map<string, string | number | undefined>,
  rgba: Uint8Array,
  alpha: (id: string, base: number) => number,
): PointColours {
  const present = imageIds.map((id) => values.get(id)).filter((v): v is string | number => v !== undefined);
  const numbers = present.map((v) => (typeof v === 'number' ? v : Number(v)));
  // Disagreement and invariance are scores, continuous by nature even when they take few distinct values.
  const continuous =
    present.length > 0 && numbers.every(Number.isFinite) && (label === 'disagreement' || label === 'invariance' || new Set(numbers).size > MAX_CATEGORIES);
  if (continuous) {
    const min = Math.min(...numbers),
      max = Math.max(...numbers);
    const lut = colormapLut('viridis');
    let missing = 0;
    imageIds.forEach((id, i) => {
      const v = values.get(id);
      if (v === undefined) {
        missing++;
        rgba.set([...UNLABELLED, alpha(id, 90)], 4 * i);
        return;
      }
      const k = 3 * Math.round((255 * (Number(v) - min)) / (max - min || 1));
      rgba.set([lut[k], lut[k + 1], lut[k + 2], alpha(id, ALPHA)], 4 * i);
    });
    return { rgba, legend: { kind: 'continuous', min, max, label, missing } };
  }
  const counts = new Map<string, number>();
  for (const v of present) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], undefined, { numeric: true }))
    .slice(0, MAX_CATEGORIES)
    .map(([n]) => n);
  const names = [...top, 'other', '(none)'];
  const colours = [...top.map((n, i) => classColour(i, n)), [110, 110, 110] as Rgb, UNLABELLED];
  const legendCounts = new Array<number>(names.length).fill(0);
  imageIds.forEach((id, i) => {
    const v = values.get(id);
    const k = v === undefined ? names.length - 1 : top.includes(String(v)) ? top.indexOf(String(v)) : names.length - 2;
    legendCounts[k]++;
    rgba.set([...colours[k], alpha(id, v === undefined ? 90 : ALPHA)], 4 * i);
  });
  const keep = names.map((_, k) => legendCounts[k] > 0);
  return {
    rgba,
    legend: {
      kind: 'categorical',
      names: names.filter((_, k) => keep[k]),
      counts: legendCounts.filter((_, k) => keep[k]),
      colours: colours.filter((_, k) => keep[k]),
      label,
    },
  };
}
