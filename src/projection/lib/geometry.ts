/** Plane geometry for lasso and box selection. */

/** Even–odd rule: is (x, y) inside the polygon [x0, y0, x1, y1, …]? */
export function insidePolygon(x: number, y: number, polygon: ArrayLike<number>): boolean {
  let inside = false;
  const n = polygon.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = polygon[2 * i],
      yi = polygon[2 * i + 1];
    const xj = polygon[2 * j],
      yj = polygon[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Indices of the points [x0, y0, …] inside the polygon (a box is a 4-corner polygon). */
export function pointsInPolygon(coords: ArrayLike<number>, polygon: ArrayLike<number>): number[] {
  if (polygon.length < 6) return [];
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let i = 0; i < polygon.length; i += 2) {
    minX = Math.min(minX, polygon[i]);
    maxX = Math.max(maxX, polygon[i]);
    minY = Math.min(minY, polygon[i + 1]);
    maxY = Math.max(maxY, polygon[i + 1]);
  }
  const out: number[] = [];
  for (let i = 0; i < coords.length / 2; i++) {
    const x = coords[2 * i],
      y = coords[2 * i + 1];
    if (x >= minX && x <= maxX && y >= minY && y <= maxY && insidePolygon(x, y, polygon)) out.push(i);
  }
  return out;
}

export const boxPolygon = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y0, x1, y1, x0, y1];
