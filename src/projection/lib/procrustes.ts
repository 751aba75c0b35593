/**
 * Orthogonal Procrustes in 2-D with scaling: the rotation (or reflection), uniform scale and shift
 * that best map one layout onto a reference in the least-squares sense, so the same galaxies sit in
 * similar places across panels. UMAP layouts are arbitrary up to exactly these transforms.
 */
export type Transform2D = (x: number, y: number) => [number, number];

/** The transform fitted on paired points (reference[i] ↔ layout[i]). */
export function fitProcrustes(reference: Float32Array, layout: Float32Array): Transform2D {
  const n = layout.length / 2;
  if (n === 0 || reference.length !== layout.length) return (x, y) => [x, y];
  let ax = 0,
    ay = 0,
    bx = 0,
    by = 0;
  for (let i = 0; i < n; i++) {
    ax += reference[2 * i];
    ay += reference[2 * i + 1];
    bx += layout[2 * i];
    by += layout[2 * i + 1];
  }
  ax /= n;
  ay /= n;
  bx /= n;
  by /= n;
  // Cross-covariance M = Σ b·aᵀ of the centred layouts.
  let m11 = 0,
    m12 = 0,
    m21 = 0,
    m22 = 0,
    bb = 0;
  for (let i = 0; i < n; i++) {
    const x = layout[2 * i] - bx,
      y = layout[2 * i + 1] - by;
    const u = reference[2 * i] - ax,
      v = reference[2 * i + 1] - ay;
    m11 += x * u;
    m12 += x * v;
    m21 += y * u;
    m22 += y * v;
    bb += x * x + y * y;
  }
  // Best rotation and best reflection in closed form; keep whichever fits better.
  const rot = { c: m11 + m22, s: m12 - m21 };
  const ref = { c: m11 - m22, s: m12 + m21 };
  const rotNorm = Math.hypot(rot.c, rot.s),
    refNorm = Math.hypot(ref.c, ref.s);
  const useReflection = refNorm > rotNorm;
  const { c, s } = useReflection ? ref : rot;
  const norm = Math.max(rotNorm, refNorm) || 1;
  const cos = c / norm,
    sin = s / norm;
  const scale = bb > 0 ? norm / bb : 1;
  return (px, py) => {
    const x = px - bx,
      y = py - by;
    const rx = useReflection ? cos * x + sin * y : cos * x - sin * y;
    const ry = useReflection ? sin * x - cos * y : sin * x + cos * y;
    return [ax + scale * rx, ay + scale * ry];
  };
}

export function applyTransform(t: Transform2D, layout: Float32Array): Float32Array {
  const out = new Float32Array(layout.length);
  for (let i = 0; i < layout.length; i += 2) [out[i], out[i + 1]] = t(layout[i], layout[i + 1]);
  return out;
}

/** A layout aligned to a reference of the same points in the same order. */
export const alignTo = (reference: Float32Array, layout: Float32Array) => applyTransform(fitProcrustes(reference, layout), layout);

/** Point ids and their interleaved x, y: a layout whose points are named, so two layouts can be paired. */
export interface NamedLayout {
  imageIds: readonly string[];
  coords: Float32Array;
}

/**
 * `own` rotated/scaled onto `reference`, fitted on the points both layouts contain (matched by id,
 * whatever their order); points only `own` has move with the same transform.
 */
export function alignLayout(own: NamedLayout, reference: NamedLayout): Float32Array {
  const refIndex = new Map(reference.imageIds.map((id, i) => [id, i]));
  const a: number[] = [];
  const b: number[] = [];
  own.imageIds.forEach((id, i) => {
    const r = refIndex.get(id);
    if (r === undefined) return;
    a.push(reference.coords[2 * r], reference.coords[2 * r + 1]);
    b.push(own.coords[2 * i], own.coords[2 * i + 1]);
  });
  return applyTransform(fitProcrustes(Float32Array.from(a), Float32Array.from(b)), own.coords);
}
