/** Header values and typed keyword look-ups shared by the FITS readers (plain and tile-compressed). */
export type HeaderValue = string | number | boolean | null;
export type FitsHeader = Record<string, HeaderValue>;

/** An integer keyword; missing means `fallback`, or an Error naming the keyword if there is none. */
export const intKey = (h: FitsHeader, key: string, fallback?: number): number => {
  const v = h[key];
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v === undefined && fallback !== undefined) return fallback;
  throw new Error(`FITS header keyword ${key} is missing or not an integer`);
};

/** A numeric keyword, or undefined when it is absent or not a number. */
export const numKey = (h: FitsHeader, key: string): number | undefined => {
  const v = h[key];
  return typeof v === 'number' ? v : undefined;
};
