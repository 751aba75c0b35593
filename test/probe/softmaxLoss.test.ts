import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { buildSoftmaxLossGraph } from '../../models/build/softmaxLossGraph';
import type { OrtModule } from '../../src/models/lib/embedder';
import { createOrtSoftmaxLoss } from '../../src/probe/lib/ortSoftmaxLoss';
import { jsSoftmaxLoss } from '../../src/probe/lib/softmaxLoss';
import { seededRandom } from '../../src/shared/lib/random';

// 11 of 13 rows (not a whole number of the JavaScript kernel's blocks of four), 3 classes (odd: it pads to 4), 9 features.
const rand = seededRandom(4);
const [N, d, K] = [13, 9, 3];
const X = Float32Array.from({ length: N * d }, () => rand() * 4 - 2);
const labels = Int32Array.from({ length: N }, (_, i) => (i * 7) % K);
const rows = [0, 1, 2, 4, 5, 6, 7, 9, 10, 11, 12];
const theta = Float64Array.from({ length: K * d + K }, () => rand() - 0.5);

/** The loss and gradient straight from their definition, in float64. */
function reference(): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(K * d + K);
  let loss = 0;
  for (const i of rows) {
    const z = Array.from(
      { length: K },
      (_, k) => theta[K * d + k] + Array.from({ length: d }, (_, j) => theta[k * d + j] * X[i * d + j]).reduce((a, b) => a + b),
    );
    const lse = Math.log(z.reduce((a, v) => a + Math.exp(v), 0));
    loss += lse - z[labels[i]];
    z.forEach((v, k) => {
      const g = Math.exp(v - lse) - (k === labels[i] ? 1 : 0);
      for (let j = 0; j < d; j++) grad[k * d + j] += g * X[i * d + j];
      grad[K * d + k] += g;
    });
  }
  return { loss, grad };
}

describe('the linear head’s loss and gradient', () => {
  const want = reference();
  it('in JavaScript: equal to the definition', async () => {
    const grad = new Float64Array(K * d + K).fill(7); // stale values must be overwritten
    expect(await jsSoftmaxLoss(X, d, rows, labels, K)(theta, grad)).toBeCloseTo(want.loss, 10);
    expect([...grad]).toEqual([...want.grad].map((v) => expect.closeTo(v, 10)));
  });
  it('on onnxruntime-web: equal to the definition to float32 rounding', async () => {
    const { loss, release } = await createOrtSoftmaxLoss(ortWeb as unknown as OrtModule, buildSoftmaxLossGraph());
    const grad = new Float64Array(K * d + K).fill(7);
    expect(await loss(X, d, rows, labels, K)(theta, grad)).toBeCloseTo(want.loss, 4);
    expect([...grad]).toEqual([...want.grad].map((v) => expect.closeTo(v, 4)));
    await release();
  });
});
