/**
 * Labels the user makes in the app, and their undo history. A label belongs to an image's content,
 * not to a file name: it is keyed by the first LABEL_KEY_CHARS hex digits of the content hash, the
 * same prefix a permalink carries for each file, so labels from a link apply to whichever files the
 * recipient drops, in any order or under any name. A value is a class, or null for "no label"
 * (which also hides a class the image had from its folder or a labels CSV).
 */
export type LabelEdits = ReadonlyMap<string, string | null>;

/** 40 bits of the content hash: enough to tell any two real files apart (as permalinks do). */
export const LABEL_KEY_CHARS = 10;
export const labelKey = (hash: string): string => hash.slice(0, LABEL_KEY_CHARS);

export const MAX_CLASS_NAME = 64;
/** The legend's name for images without a class: a class of that name would be indistinguishable. */
const RESERVED = '(unlabelled)';

/** A class name as typed, trimmed and checked; throws an Error saying what is wrong. */
export function checkClassName(raw: unknown): string {
  if (typeof raw !== 'string') throw new Error('a class name must be text');
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new Error('a class name cannot be empty');
  if (name.length > MAX_CLASS_NAME) throw new Error(`a class name can have at most ${MAX_CLASS_NAME} characters (this one has ${name.length})`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw new Error('a class name cannot contain control characters');
  if (name === RESERVED) throw new Error(`"${RESERVED}" is how images without a class are shown; choose another name`);
  return name;
}

/** One undoable step: the values of the keys it touched, before and after (undefined: no app label). */
export interface LabelChange {
  before: [key: string, value: string | null | undefined][];
  after: [key: string, value: string | null | undefined][];
}

export interface LabelHistory {
  past: readonly LabelChange[];
  future: readonly LabelChange[];
}

export const EMPTY_HISTORY: LabelHistory = { past: [], future: [] };
/** Steps kept for undo; older ones are forgotten. */
export const MAX_UNDO = 200;

function applyValues(edits: LabelEdits, values: LabelChange['after']): Map<string, string | null> {
  const next = new Map(edits);
  for (const [key, value] of values) {
    if (value === undefined) next.delete(key);
    else next.set(key, value);
  }
  return next;
}

export interface Labelling {
  edits: LabelEdits;
  history: LabelHistory;
}

/**
 * Gives every key the value `label` (a checked class name, null = no label, undefined = back to the
 * folder/CSV label) as one undoable step. Unchanged when no key changes, so a repeated click adds
 * no empty step to the history.
 */
export function setLabels(state: Labelling, keys: Iterable<string>, label: string | null | undefined): Labelling {
  const touched = [...new Set(keys)].filter((k) => state.edits.get(k) !== label);
  if (touched.length === 0) return state;
  const change: LabelChange = { before: touched.map((k) => [k, state.edits.get(k)]), after: touched.map((k) => [k, label]) };
  return {
    edits: applyValues(state.edits, change.after),
    history: { past: [...state.history.past, change].slice(-MAX_UNDO), future: [] },
  };
}

export function undoLabels(state: Labelling): Labelling {
  const change = state.history.past.at(-1);
  if (!change) return state;
  return { edits: applyValues(state.edits, change.before), history: { past: state.history.past.slice(0, -1), future: [change, ...state.history.future] } };
}

export function redoLabels(state: Labelling): Labelling {
  const change = state.history.future[0];
  if (!change) return state;
  return { edits: applyValues(state.edits, change.after), history: { past: [...state.history.past, change], future: state.history.future.slice(1) } };
}
