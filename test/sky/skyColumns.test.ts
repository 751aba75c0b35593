import { describe, expect, it } from 'vitest';
import { parseAngle, skyFromColumns } from '../../src/sky/lib/skyColumns';

describe('sky position from metadata columns', () => {
  it('reads decimal degrees from ra/dec in any case (MiraBest labels.csv)', () => {
    expect(skyFromColumns({ ra: '159.613', dec: '41.815', split: 'train' })).toEqual({ ra: 159.613, dec: 41.815 });
    expect(skyFromColumns({ RAJ2000: '10.5d', DEJ2000: '-9.25' })).toEqual({ ra: 10.5, dec: -9.25 });
  });

  it('reads sexagesimal: RA in hours, Dec in degrees', () => {
    expect(parseAngle('00:41:48.2', true)).toBeCloseTo(10.45083, 5);
    expect(parseAngle('-09 17 03', false)).toBeCloseTo(-9.28417, 5);
    expect(parseAngle('\u221209:17:03', false)).toBeCloseTo(-9.28417, 5);
    const sky = skyFromColumns({ ra: '10:38:27.1', dec: '+41:48:54' })!;
    expect(sky.ra).toBeCloseTo(159.61292, 5);
    expect(sky.dec).toBeCloseTo(41.815, 5);
  });

  it('gives no position for missing, unreadable or impossible values', () => {
    expect(skyFromColumns({ ra: '159.6' })).toBeUndefined();
    expect(skyFromColumns({ ra: '', dec: '4' })).toBeUndefined();
    expect(skyFromColumns({ ra: 'n/a', dec: '4' })).toBeUndefined();
    expect(skyFromColumns({ ra: '360', dec: '0' })).toBeUndefined();
    expect(skyFromColumns({ ra: '10', dec: '-91' })).toBeUndefined();
  });
});
