/**
 * Sky position of a cutout's centre from its FITS WCS keywords (Calabretta & Greisen 2002):
 * linear transform (CD, PC+CDELT, or CDELT+CROTA2), then the TAN or SIN zenithal projection, then
 * the spherical rotation to (RA, Dec). Other projections give no position rather than a wrong one.
 */
import type { FitsHeader } from './fits';

const D2R = Math.PI / 180;
const num = (h: FitsHeader, k: string): number | undefined => (typeof h[k] === 'number' ? (h[k] as number) : undefined);

/** The 2×2 matrix from pixel offsets to intermediate world coordinates (degrees). */
function linearTransform(h: FitsHeader): [number, number, number, number] | undefined {
  const cd = ['CD1_1', 'CD1_2', 'CD2_1', 'CD2_2'].map((k) => num(h, k));
  if (cd.some((v) => v !== undefined)) return cd.map((v) => v ?? 0) as [number, number, number, number];
  const c1 = num(h, 'CDELT1');
  const c2 = num(h, 'CDELT2');
  if (c1 === undefined || c2 === undefined) return undefined;
  const pc = ['PC1_1', 'PC1_2', 'PC2_1', 'PC2_2'].map((k) => num(h, k));
  if (pc.some((v) => v !== undefined)) {
    const [p11 = 1, p12 = 0, p21 = 0, p22 = 1] = pc;
    return [c1 * p11, c1 * p12, c2 * p21, c2 * p22];
  }
  const rot = (num(h, 'CROTA2') ?? 0) * D2R;
  return [c1 * Math.cos(rot), -c2 * Math.sin(rot), c1 * Math.sin(rot), c2 * Math.cos(rot)];
}

/** (RA, Dec) in degrees at 0-based pixel (x, y), or undefined without a TAN/SIN celestial WCS. */
export function pixelToSky(h: FitsHeader, x: number, y: number): { ra: number; dec: number } | undefined {
  const t1 = String(h.CTYPE1 ?? '');
  const t2 = String(h.CTYPE2 ?? '');
  const proj = t1.slice(5, 8);
  if (!/^RA--/.test(t1) || !/^DEC-/.test(t2) || t2.slice(5, 8) !== proj || (proj !== 'TAN' && proj !== 'SIN')) return undefined;
  const m = linearTransform(h);
  const [crpix1, crpix2, ra0, dec0] = ['CRPIX1', 'CRPIX2', 'CRVAL1', 'CRVAL2'].map((k) => num(h, k));
  if (!m || crpix1 === undefined || crpix2 === undefined || ra0 === undefined || dec0 === undefined) return undefined;
  const dx = x + 1 - crpix1;
  const dy = y + 1 - crpix2;
  const xi = m[0] * dx + m[1] * dy;
  const eta = m[2] * dx + m[3] * dy;
  const r = Math.hypot(xi, eta);
  const phi = r === 0 ? 0 : Math.atan2(xi, -eta);
  let theta: number;
  if (proj === 'TAN') theta = r === 0 ? Math.PI / 2 : Math.atan(180 / (Math.PI * r));
  else {
    const rr = r * D2R;
    if (rr > 1) return undefined;
    theta = Math.acos(rr);
  }
  // Zenithal projections: the native pole sits at (CRVAL1, CRVAL2) with LONPOLE = 180°.
  const phiP = (num(h, 'LONPOLE') ?? (dec0 >= 90 ? 0 : 180)) * D2R;
  const dp = dec0 * D2R;
  const dphi = phi - phiP;
  const ra = ra0 + Math.atan2(-Math.cos(theta) * Math.sin(dphi), Math.sin(theta) * Math.cos(dp) - Math.cos(theta) * Math.sin(dp) * Math.cos(dphi)) / D2R;
  const dec = Math.asin(Math.sin(theta) * Math.sin(dp) + Math.cos(theta) * Math.cos(dp) * Math.cos(dphi)) / D2R;
  return { ra: ((ra % 360) + 360) % 360, dec };
}

/** Sky position of the image centre. */
export const centreSky = (h: FitsHeader, width: number, height: number) => pixelToSky(h, (width - 1) / 2, (height - 1) / 2);
