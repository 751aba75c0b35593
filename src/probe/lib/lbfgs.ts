/**
 * Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4 and 7.5) with a backtracking Armijo line
 * search, for smooth convex objectives such as the probe's L2-regularised logistic loss.
 */
export interface LbfgsOptions {
  memory?: number;
  maxIterations?: number;
  /** Stop when the largest gradient component falls below this. */
  gradientTolerance?: number;
  /** Stop when (f_k − f_k+1) / max(|f_k|, |f_k+1|, 1) falls below this (scipy's L-BFGS-B ftol default). */
  relativeTolerance?: number;
}

/** f(x) → value; writes the gradient into `grad`. May be asynchronous (the probe's loss runs on onnxruntime). */
export type Objective = (x: Float64Array, grad: Float64Array) => number | Promise<number>;

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export async function minimize(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): Promise<{ x: Float64Array; value: number; iterations: number }> {
  const m = options.memory ?? 10;
  const maxIter = options.maxIterations ?? 500;
  const tol = options.gradientTolerance ?? 1e-6;
  const ftol = options.relativeTolerance ?? 2.2e-9;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = await f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const alpha = new Array<number>(m);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]));
    if (gmax < tol) break;
    // Two-loop recursion: dir = −H·g.
    dir.set(g);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], dir);
      for (let i = 0; i < n; i++) dir[i] -= alpha[k] * Y[k][i];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < n; i++) dir[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], dir);
      for (let i = 0; i < n; i++) dir[i] += S[k][i] * (alpha[k] - beta);
    }
    for (let i = 0; i < n; i++) dir[i] = -dir[i];
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i];
      slope = -dot(g, g);
    }
    // Backtracking line search (Armijo, c = 1e-4).
    let step = 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * dir[i];
      fNew = await f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < fx) && !(fNew <= fx + 1e-4 * step * slope)) break; // no progress possible
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const converged = fx - fNew <= ftol * Math.max(1, Math.abs(fx), Math.abs(fNew));
    x = xNew;
    g = gNew;
    fx = fNew;
    if (converged) break;
  }
  return { x, value: fx, iterations: iter };
}
