import type { SkyPosition } from './skyLinks';

/** Column names (case-insensitive) a labels CSV or manifest may give the position in. */
const RA_COLUMNS = ['ra', 'ra_deg', 'radeg', 'raj2000', 'ra_j2000', 'ra_icrs'];
const DEC_COLUMNS = ['dec', 'dec_deg', 'decdeg', 'dej2000', 'decj2000', 'dec_j2000', 'de_icrs', 'dec_icrs'];

/**
 * "12.5", "12.5d" → degrees; "hh:mm:ss.s" / "hh mm ss.s" → degrees, with the first field in
 * hours for RA (as catalogues write it) and in degrees for Dec. Anything else: undefined.
 */
export function parseAngle(text: string, hours: boolean): number | undefined {
  const t = text
    .trim()
    .replace(/d$/i, '')
    .replace(/^\u2212/, '-');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  const parts = /^([+-]?)(\d+)[:\s]+(\d+)[:\s]+(\d+\.?\d*)$/.exec(t);
  if (!parts) return undefined;
  const [, sign, a, m, s] = parts;
  const value = (Number(a) + Number(m) / 60 + Number(s) / 3600) * (hours ? 15 : 1);
  return sign === '-' ? -value : value;
}

/**
 * The sky position in a row of metadata columns (`ra`/`dec`, `RAJ2000`/`DEJ2000`, …): decimal
 * degrees or sexagesimal. Undefined when a column is missing, unreadable or out of range, so a
 * bad cell never puts an image at a wrong place on the sky.
 */
export function skyFromColumns(meta: Record<string, string>): SkyPosition | undefined {
  const keys = Object.keys(meta);
  const find = (names: string[]) => keys.find((k) => names.includes(k.toLowerCase()));
  const raKey = find(RA_COLUMNS);
  const decKey = find(DEC_COLUMNS);
  if (!raKey || !decKey) return undefined;
  const raText = meta[raKey];
  const ra = parseAngle(raText, /[:\s]/.test(raText.trim()));
  const dec = parseAngle(meta[decKey], false);
  if (ra === undefined || dec === undefined || ra < 0 || ra >= 360 || dec < -90 || dec > 90) return undefined;
  return { ra, dec };
}
