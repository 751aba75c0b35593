/** Writes FITS files in memory (hand-made headers, big-endian data): the demo sky and the reader tests. */
export interface HduSpec {
  cards: Record<string, string | number | boolean>;
  /** Raw sample values, written with the HDU's BITPIX. */
  values?: ArrayLike<number>;
  /** true = IMAGE extension; a string names another XTENSION type. */
  extension?: boolean | string;
}

const card = (key: string, value: string | number | boolean) => {
  const v = typeof value === 'boolean' ? (value ? 'T' : 'F') : typeof value === 'string' ? `'${value.padEnd(8)}'` : String(value);
  return `${key.padEnd(8)}= ${v.padStart(20)}`.padEnd(80);
};

function pad(bytes: Uint8Array, fill = 0): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 2880) * 2880).fill(fill);
  out.set(bytes);
  return out;
}

function hdu({ cards, values = [], extension }: HduSpec): Uint8Array {
  const first = extension ? card('XTENSION', extension === true ? 'IMAGE' : extension) : card('SIMPLE', true);
  const text = [first, ...Object.entries(cards).map(([k, v]) => card(k, v)), 'END'.padEnd(80)].join('');
  const header = pad(new TextEncoder().encode(text), 0x20);
  const bitpix = Number(cards.BITPIX);
  const bpp = Math.abs(bitpix) / 8;
  const data = new Uint8Array(values.length * bpp);
  const view = new DataView(data.buffer);
  Array.prototype.forEach.call(values, (v: number, i: number) => {
    const o = i * bpp;
    if (bitpix === 8) view.setUint8(o, v);
    else if (bitpix === 16) view.setInt16(o, v);
    else if (bitpix === 32) view.setInt32(o, v);
    else if (bitpix === 64) view.setBigInt64(o, BigInt(v));
    else if (bitpix === -32) view.setFloat32(o, v);
    else view.setFloat64(o, v);
  });
  const out = new Uint8Array(header.length + (data.length ? pad(data).length : 0));
  out.set(header);
  out.set(data, header.length);
  return out;
}

export function makeFits(...hdus: HduSpec[]): Uint8Array {
  const parts = hdus.map(hdu);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A width×height image HDU with the given BITPIX and values (row 0 = FITS bottom row). */
export const image = (
  width: number,
  height: number,
  bitpix: number,
  values: ArrayLike<number>,
  extra: Record<string, string | number | boolean> = {},
  extension = false,
): HduSpec => ({
  cards: { BITPIX: bitpix, NAXIS: 2, NAXIS1: width, NAXIS2: height, ...(extension ? { PCOUNT: 0, GCOUNT: 1 } : {}), ...extra },
  values,
  extension,
});
