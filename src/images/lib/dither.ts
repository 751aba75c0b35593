/**
 * The dither offsets of the FITS tiled-image convention (SUBTRACTIVE_DITHER_1/_2): 10 000 float32
 * values from the Park–Miller generator (a = 16807, m = 2³¹ − 1, seed 1), as cfitsio's
 * fits_init_randoms defines them, so every reader undoes the same dither the writer added.
 */
import { once } from '../../shared/lib/memo';

export const N_RANDOM = 10000;

/** The table, made on first use. */
export const ditherOffsets = once((): Float32Array => {
  const values = new Float32Array(N_RANDOM);
  const a = 16807;
  const m = 2147483647;
  let seed = 1;
  for (let i = 0; i < N_RANDOM; i++) {
    const temp = a * seed; // < 2⁴⁶: exact in a double
    seed = temp - m * Math.trunc(temp / m);
    values[i] = seed / m;
  }
  // cfitsio's own check that the sequence is the published one.
  if (seed !== 1043618065) throw new Error('dither table: the random sequence is not the standard one');
  return values;
});
