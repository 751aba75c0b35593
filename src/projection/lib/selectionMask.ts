/** Points outside the current selection stay visible, dimmed to this alpha. */
export const DIMMED_ALPHA = 40;

/**
 * 1 for each of a layout's `count` points whose image is selected, else 0; `indexOf` maps an image id
 * to its point. It walks the selection, not the layout: a selection is usually far smaller.
 */
export function selectionMask(indexOf: ReadonlyMap<string, number>, count: number, selection: ReadonlySet<string>): Uint8Array {
  const mask = new Uint8Array(count);
  for (const id of selection) {
    const i = indexOf.get(id);
    if (i !== undefined) mask[i] = 1;
  }
  return mask;
}

/**
 * The colours as drawn while a selection exists: unselected points dimmed, hidden ones (alpha 0)
 * still hidden. A copy, so the selection-free colours are kept for when the selection is cleared.
 */
export function dimUnselected(rgba: Uint8Array, selected: Uint8Array): Uint8Array {
  const out = rgba.slice();
  for (let i = 0; i < selected.length; i++) if (!selected[i] && out[4 * i + 3] !== 0) out[4 * i + 3] = DIMMED_ALPHA;
  return out;
}
