import { describe, expect, it } from 'vitest';
import { orientImage, ORIENTATIONS, type Orientation } from '../../src/images/lib/orient';
import type { DecodedImage } from '../../src/images/lib/image';

// a = [[1, 2, 3], [4, 5, 6]] (2 rows, 3 columns); the expected results are numpy's
// rot90(a, 1), rot90(a, 2), rot90(a, 3) and fliplr(a).
const grey: DecodedImage = { width: 3, height: 2, channels: 1, pixels: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
// Rows separated by '/'.
const expected: Record<Orientation, string> = { rot90: '3 6 / 2 5 / 1 4', rot180: '6 5 4 / 3 2 1', rot270: '4 1 / 5 2 / 6 3', mirror: '3 2 1 / 6 5 4' };
const rowsOf = (text: string) => text.split('/').map((row) => row.trim().split(' ').map(Number));

describe('orientImage', () => {
  it.each(ORIENTATIONS)('%s of a 3 × 2 grey image equals numpy', (o) => {
    const out = orientImage(grey, o);
    const rows = rowsOf(expected[o]);
    expect([out.width, out.height, out.channels]).toEqual([rows[0].length, rows.length, 1]);
    expect(Array.from(out.pixels)).toEqual(rows.flat());
  });

  it('turns every plane of a colour image the same way', () => {
    const rgb: DecodedImage = { width: 3, height: 2, channels: 3, pixels: Uint8Array.from([1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25, 26]) };
    const out = orientImage(rgb, 'rot90');
    expect(Array.from(out.pixels)).toEqual([3, 6, 2, 5, 1, 4, 13, 16, 12, 15, 11, 14, 23, 26, 22, 25, 21, 24]);
  });

  it('composes as the rotation group: four quarter turns and two mirrors are the identity', () => {
    const img: DecodedImage = { width: 5, height: 4, channels: 1, pixels: Uint8Array.from({ length: 20 }, (_, i) => i * 7) };
    const turn = (x: DecodedImage, o: Orientation, times = 1) => Array.from({ length: times }).reduce<DecodedImage>((y) => orientImage(y, o), x);
    expect(turn(img, 'rot90', 4)).toEqual(img);
    expect(turn(img, 'rot90', 2)).toEqual(orientImage(img, 'rot180'));
    expect(turn(img, 'rot90', 3)).toEqual(orientImage(img, 'rot270'));
    expect(orientImage(orientImage(img, 'rot90'), 'rot270')).toEqual(img);
    expect(turn(img, 'mirror', 2)).toEqual(img);
  });

  it('leaves the input untouched', () => {
    const before = Array.from(grey.pixels);
    orientImage(grey, 'mirror');
    expect(Array.from(grey.pixels)).toEqual(before);
  });
});
