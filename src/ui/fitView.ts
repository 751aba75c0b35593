/** An orthographic view state that shows every point with a margin. */
export interface OrthoViewState {
  target: [number, number, number];
  zoom: number;
}

export function fitView(coords: Float32Array, width: number, height: number, margin = 0.85): OrthoViewState {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    minX = Math.min(minX, coords[i]);
    maxX = Math.max(maxX, coords[i]);
    minY = Math.min(minY, coords[i + 1]);
    maxY = Math.max(maxY, coords[i + 1]);
  }
  if (!Number.isFinite(minX)) return { target: [0, 0, 0], zoom: 0 };
  const dx = Math.max(maxX - minX, 1e-6);
  const dy = Math.max(maxY - minY, 1e-6);
  const scale = Math.min(width / dx, height / dy) * margin;
  return { target: [(minX + maxX) / 2, (minY + maxY) / 2, 0], zoom: Math.log2(Math.max(scale, 1e-6)) };
}
