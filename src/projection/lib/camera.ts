/**
 * What part of a layout a panel shows. A camera is the world rectangle [x0, y0, x1, y1] the user
 * framed: unlike deck.gl's target + zoom it means the same on any screen, so a permalink can carry
 * it and the recipient's panel, whatever its size, frames the same region.
 */
export type Camera = readonly [number, number, number, number];

/** An orthographic deck.gl view state. */
export interface OrthoViewState {
  target: [number, number, number];
  zoom: number;
}

/** The view that shows all of `camera` in a width × height panel, centred; the panel's other axis shows more. */
export function viewOfCamera([x0, y0, x1, y1]: Camera, width: number, height: number): OrthoViewState {
  const scale = Math.min(width / Math.max(x1 - x0, 1e-6), height / Math.max(y1 - y0, 1e-6));
  return { target: [(x0 + x1) / 2, (y0 + y1) / 2, 0], zoom: Math.log2(Math.max(scale, 1e-6)) };
}

/** The world rectangle a view shows in a width × height panel. */
export function cameraOfView(view: OrthoViewState, width: number, height: number): Camera {
  const scale = 2 ** view.zoom;
  const [x, y] = view.target;
  return [x - width / 2 / scale, y - height / 2 / scale, x + width / 2 / scale, y + height / 2 / scale];
}

/** A view that shows every point, the points filling `margin` of the panel. */
export function fitView(coords: Float32Array, width: number, height: number, margin = 0.85): OrthoViewState {
  const region = fittedRegion(coords, margin);
  return region ? viewOfCamera(region, width, height) : { target: [0, 0, 0], zoom: 0 };
}

/** The region a fitted view frames: every point, with room around them (undefined without points). A panel of any shape shows at least this. */
export function fittedRegion(coords: Float32Array, margin = 0.85): Camera | undefined {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    minX = Math.min(minX, coords[i]);
    maxX = Math.max(maxX, coords[i]);
    minY = Math.min(minY, coords[i + 1]);
    maxY = Math.max(maxY, coords[i + 1]);
  }
  if (!Number.isFinite(minX)) return undefined;
  const padX = (Math.max(maxX - minX, 1e-6) / margin - (maxX - minX)) / 2;
  const padY = (Math.max(maxY - minY, 1e-6) / margin - (maxY - minY)) / 2;
  return [minX - padX, minY - padY, maxX + padX, maxY + padY];
}

/** A camera rounded to 1/10,000 of its width: the same framing, and a shorter link. */
export function roundCamera(camera: Camera): Camera {
  const decimals = Math.min(12, Math.max(0, Math.ceil(-Math.log10(Math.max(camera[2] - camera[0], 1e-12) / 1e4))));
  return camera.map((v) => Number(v.toFixed(decimals))) as unknown as Camera;
}
