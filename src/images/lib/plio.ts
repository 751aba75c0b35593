import { CorruptTileError } from './rice';

/**
 * PLIO_1 decoding: IRAF's pixel-list "line list" of 16-bit instructions (a 3-bit opcode and
 * 12 bits of data: runs of zeros, runs of the current value, value changes), as cfitsio's
 * pl_l2pi (pliocomp.c, translated from IRAF's SPP) expands it. Used for masks and other
 * images of small non-negative integers.
 */
export function plioDecode(list: Int16Array, npix: number): Int32Array {
  const out = new Int32Array(npix);
  // The line list is indexed from 1 in the reference, and so is it here.
  const at = (i: number): number => {
    if (i < 1 || i > list.length) throw new CorruptTileError('corrupt PLIO_1 tile: the line list is shorter than its header says');
    return list[i - 1];
  };
  let length: number;
  let first: number;
  if (at(3) > 0) {
    length = at(3);
    first = 4;
  } else {
    length = (at(5) << 15) + at(4);
    first = at(2) + 1;
  }
  if (npix <= 0 || length <= 0) return out;
  if (length > list.length) throw new CorruptTileError('corrupt PLIO_1 tile: the line list is shorter than its header says');

  let op = 0; // next output pixel (0-based)
  let x1 = 1; // current position along the line (1-based)
  let pv = 1; // current high value
  const emit = () => {
    if (x1 >= 1 && x1 <= npix) out[op++] = pv;
    x1++;
  };
  for (let ip = first; ip <= length && x1 <= npix; ip++) {
    const word = at(ip);
    const opcode = Math.trunc(word / 4096);
    const data = word & 4095;
    switch (opcode) {
      case 0: // run of zeros
      case 4: // run of the high value
      case 5: {
        // run of zeros ending in one high value
        const x2 = x1 + data - 1;
        const i2 = Math.min(x2, npix);
        const np = i2 - Math.max(x1, 1) + 1;
        if (np > 0) {
          if (opcode === 4) out.fill(pv, op, op + np);
          else if (opcode === 5 && i2 === x2) out[op + np - 1] = pv;
          op += np;
        }
        x1 = x2 + 1;
        break;
      }
      case 1: // set the high value from this word and the next
        pv = (at(ip + 1) << 12) + data;
        ip++;
        break;
      case 2:
        pv += data;
        break;
      case 3:
        pv -= data;
        break;
      case 6:
        pv += data;
        emit();
        break;
      case 7:
        pv -= data;
        emit();
        break;
      default:
        break;
    }
  }
  return out;
}
