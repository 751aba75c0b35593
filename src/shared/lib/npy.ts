/**
 * Reader for NumPy `.npy` files (format 1.0–3.0): a magic string, a small Python-dict header and
 * the raw array. Only what embeddings need: 1-D or 2-D arrays of float16/32/64 or (u)int8–32,
 * little- or big-endian, C order. A ~60-line reader instead of npyjs, which brings cross-fetch for
 * a URL loader we do not use. Hostile headers are refused before any allocation.
 */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const MAX_VALUES = 200_000_000;

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

const READERS: Record<string, [bytes: number, read: (v: DataView, o: number, le: boolean) => number]> = {
  f2: [2, (v, o, le) => float16(v.getUint16(o, le))],
  f4: [4, (v, o, le) => v.getFloat32(o, le)],
  f8: [8, (v, o, le) => v.getFloat64(o, le)],
  i1: [1, (v, o) => v.getInt8(o)],
  u1: [1, (v, o) => v.getUint8(o)],
  i2: [2, (v, o, le) => v.getInt16(o, le)],
  u2: [2, (v, o, le) => v.getUint16(o, le)],
  i4: [4, (v, o, le) => v.getInt32(o, le)],
  u4: [4, (v, o, le) => v.getUint32(o, le)],
};

function float16(h: number): number {
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  const s = h & 0x8000 ? -1 : 1;
  if (e === 0) return s * 2 ** -14 * (m / 1024);
  if (e === 31) return m ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + m / 1024);
}

export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a NumPy .npy file (bad magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new Error(`unsupported .npy format version ${major}`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  if (headerLength > 65536 || start > bytes.length) throw new Error('the .npy header is truncated or too long');
  const header = new TextDecoder('latin1').decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr':\s*'([<>|=])([a-z]\d)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) throw new Error('the .npy header is not a NumPy array header');
  const reader = READERS[descr[2]];
  if (!reader) throw new Error(`.npy data type ${descr[2]} is not supported (use float32)`);
  if (fortran[1] === 'True') throw new Error('Fortran-ordered .npy arrays are not supported: save with np.ascontiguousarray');
  const shape = shapeText[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (shape.length < 1 || shape.length > 2 || shape.some((n) => !Number.isSafeInteger(n) || n < 0))
    throw new Error(`.npy shape (${shapeText[1]}) is not a 1-D or 2-D array`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > MAX_VALUES) throw new Error(`.npy array has ${count} values, over the ${MAX_VALUES} limit`);
  const [size, read] = reader;
  if (start + count * size > bytes.length) throw new Error(`the .npy file is truncated (${bytes.length - start} of ${count * size} data bytes)`);
  const le = descr[1] !== '>';
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = read(view, start + i * size, le);
  return { shape, data };
}
