import type { OrthoViewState } from './camera';

/** Thumbnails smaller than this are no use: the view stays with dots. */
export const MIN_THUMBNAIL_PX = 28;
/** …and larger than this hide their neighbourhood. */
export const MAX_THUMBNAIL_PX = 72;
/** The share of the panel the thumbnails may cover between them, which bounds how many are drawn. */
const COVER = 0.5;

/** Indices of the visible (alpha > 0) points inside a width × height view, at most `limit` + 1 of them. */
export function pointsInView(coords: Float32Array, colours: Uint8Array, view: OrthoViewState, width: number, height: number, limit: number): number[] {
  const scale = 2 ** view.zoom;
  const [cx, cy] = view.target;
  const halfW = width / 2 / scale,
    halfH = height / 2 / scale;
  const inside: number[] = [];
  for (let i = 0; i < coords.length / 2 && inside.length <= limit; i++) {
    if (colours[4 * i + 3] === 0) continue;
    if (Math.abs(coords[2 * i] - cx) <= halfW && Math.abs(coords[2 * i + 1] - cy) <= halfH) inside.push(i);
  }
  return inside;
}

/** The most thumbnails a width × height view draws: together they cover at most half of it at the smallest useful size. */
export const maxThumbnails = (width: number, height: number) => Math.floor((COVER * width * height) / MIN_THUMBNAIL_PX ** 2);

/**
 * The side, in pixels, of the thumbnails of the points `indices` in a width × height view at
 * `zoom`: the median distance on screen from a point to its nearest neighbour (so most thumbnails
 * do not cover their neighbours, however the points cluster), up to MAX_THUMBNAIL_PX; 0 (dots) when
 * that is under MIN_THUMBNAIL_PX or when there are more points than the view has room for.
 */
export function thumbnailSize(coords: Float32Array, indices: readonly number[], zoom: number, width: number, height: number): number {
  if (indices.length === 0 || indices.length > maxThumbnails(width, height)) return 0;
  if (indices.length === 1) return MAX_THUMBNAIL_PX;
  const nearest = indices.map((i) => {
    let best = Infinity;
    for (const j of indices) if (j !== i) best = Math.min(best, (coords[2 * i] - coords[2 * j]) ** 2 + (coords[2 * i + 1] - coords[2 * j + 1]) ** 2);
    return Math.sqrt(best);
  });
  nearest.sort((a, b) => a - b);
  const side = Math.floor(nearest[Math.floor(nearest.length / 2)] * 2 ** zoom);
  return side < MIN_THUMBNAIL_PX ? 0 : Math.min(side, MAX_THUMBNAIL_PX);
}
