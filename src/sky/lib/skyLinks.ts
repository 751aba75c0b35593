/**
 * Links to the sky around an image's position in the archives astronomers look things up in.
 * Plain URLs the user opens: the app builds them and never fetches them.
 */
export interface SkyPosition {
  /** Right ascension, degrees (ICRS/J2000). */
  ra: number;
  /** Declination, degrees. */
  dec: number;
}

export interface SkyLink {
  /** The site's name, as a link text. */
  name: string;
  /** What it shows there, for the link's title. */
  what: string;
  url: string;
}

/** Search radius of the catalogue look-ups (SIMBAD, NED), arcmin: about a cutout's half-width. */
export const SEARCH_RADIUS_ARCMIN = 1;

/** Checks a position and puts RA into [0, 360). */
export function normaliseSky({ ra, dec }: SkyPosition): SkyPosition {
  if (!Number.isFinite(ra) || !Number.isFinite(dec)) throw new Error(`not a sky position: RA ${ra}, Dec ${dec}`);
  if (dec < -90 || dec > 90) throw new Error(`Dec must be within ±90°, not ${dec}`);
  return { ra: ((ra % 360) + 360) % 360, dec };
}

// Six decimals of a degree are 3.6 milliarcseconds: finer than any cutout's pixel.
const deg = (v: number) => v.toFixed(6);
/** Dec with its sign spelled out (a '+' must be percent-encoded in a query string). */
const signedDec = (dec: number) => `${dec < 0 ? '-' : '%2B'}${deg(Math.abs(dec))}`;

/** Legacy Survey viewer, DR10 images, zoomed to a cutout's scale, with a marker on the position. */
export function legacySurveyUrl(position: SkyPosition): string {
  const { ra, dec } = normaliseSky(position);
  return `https://www.legacysurvey.org/viewer?ra=${deg(ra)}&dec=${deg(dec)}&layer=ls-dr10&zoom=15&mark=${deg(ra)},${deg(dec)}`;
}

/** Aladin Lite (CDS) centred on the position, 6 arcmin field, DSS2 colour. */
export function aladinLiteUrl(position: SkyPosition): string {
  const { ra, dec } = normaliseSky(position);
  return `https://aladin.cds.unistra.fr/AladinLite/?target=${deg(ra)}%20${signedDec(dec)}&fov=0.1&survey=P%2FDSS2%2Fcolor`;
}

/** SIMBAD objects within the search radius (ICRS, J2000). */
export function simbadUrl(position: SkyPosition): string {
  const { ra, dec } = normaliseSky(position);
  return `https://simbad.cds.unistra.fr/simbad/sim-coo?Coord=${deg(ra)}%20${signedDec(dec)}&CooFrame=ICRS&CooEpoch=2000&CooEqui=2000&Radius=${SEARCH_RADIUS_ARCMIN}&Radius.unit=arcmin`;
}

/** NED objects within the search radius (equatorial J2000; degrees marked with 'd'). */
export function nedUrl(position: SkyPosition): string {
  const { ra, dec } = normaliseSky(position);
  return `https://ned.ipac.caltech.edu/conesearch?search_type=Near%20Position%20Search&in_csys=Equatorial&in_equinox=J2000&coordinates=${deg(ra)}d%20${signedDec(dec)}d&radius=${SEARCH_RADIUS_ARCMIN}`;
}

/** Every link for one position, in the order they are shown. */
export function skyLinks(position: SkyPosition): SkyLink[] {
  return [
    { name: 'Legacy Survey', what: 'Legacy Survey viewer (DR10 images) at this position', url: legacySurveyUrl(position) },
    { name: 'Aladin Lite', what: 'Aladin Lite (CDS) centred here, DSS2 colour', url: aladinLiteUrl(position) },
    { name: 'SIMBAD', what: `SIMBAD objects within ${SEARCH_RADIUS_ARCMIN}′`, url: simbadUrl(position) },
    { name: 'NED', what: `NED objects within ${SEARCH_RADIUS_ARCMIN}′`, url: nedUrl(position) },
  ];
}
