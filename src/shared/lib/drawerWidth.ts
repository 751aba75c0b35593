/** Bounds of a side drawer's width: wide enough for its content, narrow enough to leave the plots a usable column. */
export const DRAWER_MIN = 320;
/** The drawer takes at most this share of the window. */
export const DRAWER_MAX_SHARE = 0.6;
export const DRAWER_DEFAULT_SHARE = 0.34;
/** Pixels per arrow-key press on the resizer. */
export const DRAWER_KEY_STEP = 24;

/** The width to use for a wish (NaN: the default) in a window this wide. */
export function clampDrawerWidth(wish: number, windowWidth: number): number {
  const max = Math.max(DRAWER_MIN, windowWidth * DRAWER_MAX_SHARE);
  const w = Number.isNaN(wish) ? windowWidth * DRAWER_DEFAULT_SHARE : wish;
  return Math.min(max, Math.max(DRAWER_MIN, w));
}
