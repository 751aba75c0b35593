import { describe, expect, it } from 'vitest';
import { aladinLiteUrl, legacySurveyUrl, nedUrl, normaliseSky, simbadUrl, skyLinks } from '../../src/sky/lib/skyLinks';

// The WCS centre of the MiraBest cutout 100_010.451-009.284 (astropy: 10.4509 -9.28422) and a northern one.
const south = { ra: 10.4509, dec: -9.28422 };
const north = { ra: 159.613, dec: 41.815 };

describe('sky links', () => {
  it('builds the exact Legacy Survey viewer URL, with a marker', () => {
    expect(legacySurveyUrl(south)).toBe('https://www.legacysurvey.org/viewer?ra=10.450900&dec=-9.284220&layer=ls-dr10&zoom=15&mark=10.450900,-9.284220');
    expect(legacySurveyUrl(north)).toBe('https://www.legacysurvey.org/viewer?ra=159.613000&dec=41.815000&layer=ls-dr10&zoom=15&mark=159.613000,41.815000');
  });

  it('builds the exact Aladin Lite URL; a positive Dec keeps its sign percent-encoded', () => {
    expect(aladinLiteUrl(south)).toBe('https://aladin.cds.unistra.fr/AladinLite/?target=10.450900%20-9.284220&fov=0.1&survey=P%2FDSS2%2Fcolor');
    expect(aladinLiteUrl(north)).toBe('https://aladin.cds.unistra.fr/AladinLite/?target=159.613000%20%2B41.815000&fov=0.1&survey=P%2FDSS2%2Fcolor');
    expect(new URL(aladinLiteUrl(north)).searchParams.get('target')).toBe('159.613000 +41.815000');
  });

  it('builds the exact SIMBAD and NED cone searches', () => {
    expect(simbadUrl(south)).toBe(
      'https://simbad.cds.unistra.fr/simbad/sim-coo?Coord=10.450900%20-9.284220&CooFrame=ICRS&CooEpoch=2000&CooEqui=2000&Radius=1&Radius.unit=arcmin',
    );
    expect(nedUrl(north)).toBe(
      'https://ned.ipac.caltech.edu/conesearch?search_type=Near%20Position%20Search&in_csys=Equatorial&in_equinox=J2000&coordinates=159.613000d%20%2B41.815000d&radius=1',
    );
    expect(new URL(nedUrl(south)).searchParams.get('coordinates')).toBe('10.450900d -9.284220d');
    expect(new URL(simbadUrl(north)).searchParams.get('Coord')).toBe('159.613000 +41.815000');
  });

  it('wraps RA into [0, 360) and refuses impossible positions', () => {
    expect(normaliseSky({ ra: -0.5, dec: 0 })).toEqual({ ra: 359.5, dec: 0 });
    expect(normaliseSky({ ra: 360, dec: 0 })).toEqual({ ra: 0, dec: 0 });
    expect(() => simbadUrl({ ra: 10, dec: 91 })).toThrow(/±90/);
    expect(() => nedUrl({ ra: NaN, dec: 0 })).toThrow(/not a sky position/);
  });

  it('lists the four sites in order, every URL https', () => {
    const links = skyLinks(south);
    expect(links.map((l) => l.name)).toEqual(['Legacy Survey', 'Aladin Lite', 'SIMBAD', 'NED']);
    expect(links.every((l) => l.url.startsWith('https://'))).toBe(true);
  });
});
