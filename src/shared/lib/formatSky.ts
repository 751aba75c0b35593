/** RA/Dec in degrees → "hh:mm:ss.s ±dd:mm:ss" (J2000), as catalogues print them. */
export function formatSky({ ra, dec }: { ra: number; dec: number }): string {
  const sexagesimal = (v: number, decimals: number) => {
    const a = Math.abs(v);
    const d = Math.floor(a);
    const m = Math.floor((a - d) * 60);
    const s = ((a - d) * 60 - m) * 60;
    const sText = s.toFixed(decimals).padStart(decimals ? 3 + decimals : 2, '0');
    return `${String(d).padStart(2, '0')}:${String(m).padStart(2, '0')}:${sText}`;
  };
  return `${sexagesimal(ra / 15, 1)} ${dec < 0 ? '−' : '+'}${sexagesimal(dec, 0)}`;
}
