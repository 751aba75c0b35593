/**
 * Block-averaging accumulator: pixels arrive one by one (row by row from a plain FITS image,
 * tile by tile from a compressed one) and are summed into blocks of `factor` × `factor`, so an
 * image larger than `maxSide` never exists at full size in memory. Non-finite values (NaN = missing)
 * are left out of their block's mean; a block with none left is NaN.
 */
export class BlockAverager {
  readonly factor: number;
  readonly width: number;
  readonly height: number;
  private readonly sum: Float32Array;
  private readonly count: Uint32Array;

  constructor(fullWidth: number, fullHeight: number, maxSide: number) {
    this.factor = Math.max(1, Math.ceil(Math.max(fullWidth, fullHeight) / maxSide));
    this.width = Math.ceil(fullWidth / this.factor);
    this.height = Math.ceil(fullHeight / this.factor);
    this.sum = new Float32Array(this.width * this.height);
    this.count = new Uint32Array(this.width * this.height);
  }

  add(x: number, y: number, v: number): void {
    if (!Number.isFinite(v)) return;
    const o = ((y / this.factor) | 0) * this.width + ((x / this.factor) | 0);
    this.sum[o] += v;
    this.count[o]++;
  }

  /** The means; the accumulator is spent afterwards. */
  finish(): Float32Array {
    const { sum, count } = this;
    for (let i = 0; i < sum.length; i++) sum[i] = count[i] ? sum[i] / count[i] : NaN;
    return sum;
  }
}
