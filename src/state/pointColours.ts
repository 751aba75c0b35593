import { classColour, UNLABELLED, type Rgb } from '../core/palette';
import type { ClassInfo } from './selectors';
import type { LatentSkyState, ProbeOutcome } from './store';

export interface PointColours {
  /** RGBA per projected point. */
  rgba: Uint8Array;
  legend: { names: string[]; counts: number[]; colours: Rgb[]; label: string };
}

const CORRECT: Rgb = [0, 158, 115];
const WRONG: Rgb = [213, 94, 0];
const ALPHA = 215;
/** Points outside the current selection stay visible, dimmed. */
const DIMMED = 40;

export interface Visibility {
  hiddenClasses: readonly string[];
  selection?: ReadonlySet<string>;
}

/**
 * Colours of a panel's points: by class, or by the probe's prediction for images in the test split
 * (of the last seed, at the largest budget, first head); other images stay grey.
 */
export function pointColours(
  mode: LatentSkyState['colourBy'], imageIds: readonly string[], imageIndex: Map<string, number>, classes: ClassInfo, outcome: ProbeOutcome | undefined, visibility: Visibility,
): PointColours {
  const hidden = new Set(visibility.hiddenClasses.map((n) => classes.names.indexOf(n)));
  const alpha = (id: string, base: number) => {
    if (hidden.has(classes.indexOf[imageIndex.get(id) ?? 0])) return 0;
    return visibility.selection && !visibility.selection.has(id) ? DIMMED : base;
  };
  const rgba = new Uint8Array(imageIds.length * 4);
  const result = outcome?.results.filter((r) => r.head === outcome.results[0].head).at(-1);
  if (mode === 'class' || !outcome || !result) {
    const colours = classes.names.map((n, i) => classColour(i, n));
    imageIds.forEach((id, i) => rgba.set([...colours[classes.indexOf[imageIndex.get(id) ?? 0]], alpha(id, ALPHA)], 4 * i));
    return { rgba, legend: { names: classes.names, counts: classes.counts, colours, label: 'Classes' } };
  }
  const predicted = new Map(outcome.imageIds.map((id, r) => [id, result.predictions[r]]));
  const names = mode === 'predicted' ? [...outcome.classNames, 'not in the test split'] : ['correct', 'wrong', 'not in the test split'];
  const colours = mode === 'predicted' ? [...outcome.classNames.map((n, i) => classColour(i, n)), UNLABELLED] : [CORRECT, WRONG, UNLABELLED];
  const counts = new Array<number>(names.length).fill(0);
  imageIds.forEach((id, i) => {
    const p = predicted.get(id) ?? -1;
    const truth = classes.indexOf[imageIndex.get(id) ?? 0];
    const k = p < 0 ? names.length - 1 : mode === 'predicted' ? p : p === truth ? 0 : 1;
    counts[k]++;
    rgba.set([...colours[k], alpha(id, p < 0 ? 90 : ALPHA)], 4 * i);
  });
  return { rgba, legend: { names, counts, colours, label: mode === 'predicted' ? 'Predicted class' : 'Prediction' } };
}
