/**
 * Where a cluster's label goes in the region a panel shows, so that zooming in never cuts it at the
 * panel's edge: at its members' mean, pulled inside the region when the mean lies outside it, and
 * anchored so that the text runs inward near an edge. A cluster none of whose members can be in the
 * region gets no label: it would name something off screen (the list under the panel still does).
 */
export type Rect = readonly [x0: number, y0: number, x1: number, y1: number];

export interface LabelPlacement {
  position: [number, number];
  /** deck.gl TextLayer's text anchor and alignment baseline (y grows downward: the panels flip it). */
  anchor: 'start' | 'middle' | 'end';
  baseline: 'top' | 'center' | 'bottom';
  /** Pixels between the anchor point and the text, away from the edge. */
  offset: [number, number];
}

/**
 * Near an edge (this share of the region's width or height), the label runs inward. About half a
 * label's width in a panel (~35 of ~500 px): only a label the edge would cut moves. A fitted view
 * keeps its points 7.5 % off the edges, so there every label stays centred on its cluster, where it
 * covers no more of the points than before (a label is picked before the points under it, so a
 * label moved onto other points would hide their hover).
 */
const EDGE = 0.07;
/** Kept this share of the region's size off the edge itself. */
const INSET = 0.01;
const PADDING_PX = 6;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Each cluster's bounding box [x0, y0, x1, y1] (NaN for a cluster with no member shown), from the rows of `coords` its members have. */
export function clusterBounds(imageIds: readonly string[], labels: Int32Array, rowOf: ReadonlyMap<string, number>, coords: ArrayLike<number>): Float64Array {
  const k = labels.reduce((m, c) => Math.max(m, c + 1), 0);
  const box = new Float64Array(4 * k);
  for (let c = 0; c < k; c++) box.set([Infinity, Infinity, -Infinity, -Infinity], 4 * c);
  imageIds.forEach((id, i) => {
    const row = rowOf.get(id);
    const c = labels[i];
    if (c < 0 || row === undefined) return;
    const [x, y] = [coords[2 * row], coords[2 * row + 1]];
    box[4 * c] = Math.min(box[4 * c], x);
    box[4 * c + 1] = Math.min(box[4 * c + 1], y);
    box[4 * c + 2] = Math.max(box[4 * c + 2], x);
    box[4 * c + 3] = Math.max(box[4 * c + 3], y);
  });
  return box.map((v) => (Number.isFinite(v) ? v : NaN));
}

/** The label of a cluster with mean `centre` and bounding box `bounds`, in a panel showing `view`; undefined when the cluster is off screen. */
export function placeLabel(centre: readonly [number, number], bounds: Rect, view: Rect): LabelPlacement | undefined {
  const [x0, y0, x1, y1] = view;
  const [w, h] = [x1 - x0, y1 - y0];
  if (!(w > 0 && h > 0) || bounds.some((v) => !Number.isFinite(v))) return undefined;
  if (bounds[2] < x0 || bounds[0] > x1 || bounds[3] < y0 || bounds[1] > y1) return undefined;
  const x = clamp(centre[0], x0 + INSET * w, x1 - INSET * w);
  const y = clamp(centre[1], y0 + INSET * h, y1 - INSET * h);
  const [fx, fy] = [(x - x0) / w, (y - y0) / h];
  const anchor = fx < EDGE ? 'start' : fx > 1 - EDGE ? 'end' : 'middle';
  const baseline = fy < EDGE ? 'top' : fy > 1 - EDGE ? 'bottom' : 'center';
  return {
    position: [x, y],
    anchor,
    baseline,
    offset: [anchor === 'start' ? PADDING_PX : anchor === 'end' ? -PADDING_PX : 0, baseline === 'top' ? PADDING_PX : baseline === 'bottom' ? -PADDING_PX : 0],
  };
}
