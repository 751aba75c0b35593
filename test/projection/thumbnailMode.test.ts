import { describe, expect, it } from 'vitest';
import { MAX_THUMBNAIL_PX, MIN_THUMBNAIL_PX, maxThumbnails, pointsInView, thumbnailSize } from '../../src/projection/lib/thumbnailMode';

describe('thumbnail mode', () => {
  // Points at x = 0..9 on y = 0; point 3 hidden.
  const coords = Float32Array.from({ length: 20 }, (_, j) => (j % 2 ? 0 : j / 2));
  const colours = Uint8Array.from({ length: 40 }, (_, j) => (j === 4 * 3 + 3 ? 0 : 200));
  it('finds the visible points in view', () => {
    // 100 × 100 px at zoom 3 (8 px per unit) around x = 2: x from −4.25 to 8.25.
    expect(pointsInView(coords, colours, { target: [2, 0, 0], zoom: 3 }, 100, 100, 100)).toEqual([0, 1, 2, 4, 5, 6, 7, 8]);
    expect(pointsInView(coords, colours, { target: [2, 0, 0], zoom: 3 }, 100, 100, 2)).toEqual([0, 1, 2]);
  });
  it('sizes thumbnails by the typical distance between neighbours on screen; dots when too close or too many', () => {
    const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(thumbnailSize(coords, [], 5, 800, 500)).toBe(0);
    expect(thumbnailSize(coords, [4], 5, 800, 500)).toBe(MAX_THUMBNAIL_PX);
    expect(thumbnailSize(coords, all, 5, 800, 500)).toBe(32); // 1 unit apart at 32 px per unit
    expect(thumbnailSize(coords, [0, 2, 4, 6, 8], 5, 800, 500)).toBe(64);
    expect(thumbnailSize(coords, all, 4, 800, 500)).toBe(0); // 16 px apart: dots
    expect(MIN_THUMBNAIL_PX).toBeGreaterThan(16);
    expect(thumbnailSize(coords, all, 5, 100, 50)).toBe(0); // 10 thumbnails do not fit in 100 × 50 px
    expect(maxThumbnails(100, 50)).toBeLessThan(10);
  });
});
