/**
 * The selection after a click on one point: that point alone, or with `toggle` (Shift or Ctrl/Cmd
 * held) the current selection with the point added, or taken out when it was in it. Undefined
 * when nothing is left.
 */
export function clickSelection(current: ReadonlySet<string> | undefined, id: string, toggle: boolean): ReadonlySet<string> | undefined {
  if (!toggle) return new Set([id]);
  const next = new Set(current);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next.size > 0 ? next : undefined;
}
