/**
 * Class colours: Okabe–Ito's colour-blind-safe set first, then Tableau-10 hues for more classes.
 * Unlabelled images are a neutral grey so they never look like a class.
 */
export type Rgb = [number, number, number];

const CATEGORICAL: Rgb[] = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [204, 121, 167],
  [86, 180, 233],
  [213, 94, 0],
  [240, 228, 66],
  [78, 121, 167],
  [225, 87, 89],
  [118, 183, 178],
  [237, 201, 72],
  [176, 122, 161],
  [255, 157, 167],
  [156, 117, 95],
];
export const UNLABELLED: Rgb = [150, 150, 150];
export const UNLABELLED_NAME = '(unlabelled)';

/** Classes in a stable order (natural sort, so "class 2" precedes "class 10"), unlabelled last. */
export function classOrder(labels: readonly (string | undefined)[]): string[] {
  const set = new Set<string>();
  let unlabelled = false;
  for (const l of labels) {
    if (l === undefined) unlabelled = true;
    else set.add(l);
  }
  const sorted = [...set].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return unlabelled ? [...sorted, UNLABELLED_NAME] : sorted;
}

export function classColour(index: number, name: string): Rgb {
  if (name === UNLABELLED_NAME) return UNLABELLED;
  return CATEGORICAL[index % CATEGORICAL.length];
}
