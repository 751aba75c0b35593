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

const naturally = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/** Classes in a stable order (natural sort, so "class 2" precedes "class 10"), unlabelled last. */
export function classOrder(labels: readonly (string | undefined)[]): string[] {
  const set = new Set<string>();
  let unlabelled = false;
  for (const l of labels) {
    if (l === undefined) unlabelled = true;
    else set.add(l);
  }
  const sorted = [...set].sort(naturally);
  return unlabelled ? [...sorted, UNLABELLED_NAME] : sorted;
}

export function classColour(index: number, name: string): Rgb {
  if (name === UNLABELLED_NAME) return UNLABELLED;
  return CATEGORICAL[index % CATEGORICAL.length];
}

/**
 * Each class's colour, so that naming a class never recolours another: the dataset's own classes
 * (folder and CSV labels) take the first colours in natural order; classes named in the app take the
 * next ones in the order they were first used (`appClasses`, kept with the labels and carried by a
 * permalink, so the same link gives the same colours anywhere); any other class comes after, in
 * natural order. A class that loses all its images keeps its colour's slot, so removing it recolours
 * nothing either. Returns each name's slot (its colour is classColour(slot, name)).
 */
export function classSlots(names: readonly string[], datasetClasses: Iterable<string>, appClasses: readonly string[] = []): number[] {
  const slots = new Map<string, number>();
  const take = (n: string) => {
    if (!slots.has(n)) slots.set(n, slots.size);
  };
  [...new Set(datasetClasses)].sort(naturally).forEach(take);
  appClasses.forEach(take);
  names
    .filter((n) => !slots.has(n) && n !== UNLABELLED_NAME)
    .sort(naturally)
    .forEach(take);
  take(UNLABELLED_NAME); // last, as in the legend; its colour is grey whatever its slot
  return names.map((n) => slots.get(n)!);
}

/** `appClasses` with `name` appended when it is new: the next free colour goes to it. */
export const withAppClass = (appClasses: readonly string[], name: string): readonly string[] =>
  appClasses.includes(name) ? appClasses : [...appClasses, name];
