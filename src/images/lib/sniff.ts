/** What a dropped file is, decided from its first bytes (and its name only where bytes cannot tell). */
export type FileKind = 'png' | 'jpeg' | 'fits' | 'gzip' | 'bzip2' | 'csv' | 'onnx' | 'unknown';

const startsWith = (bytes: Uint8Array, sig: readonly number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const JPEG_SIG = [0xff, 0xd8, 0xff] as const;
const GZIP_SIG = [0x1f, 0x8b] as const;
// "BZh" and the block-size digit 1–9.
const isBzip2 = (b: Uint8Array) => b.length >= 4 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68 && b[3] >= 0x31 && b[3] <= 0x39;
// "SIMPLE  =" is mandatory as the first card of every FITS file.
const FITS_SIG = [...'SIMPLE  ='].map((c) => c.charCodeAt(0));

// .fz is fpack's name for a tile-compressed FITS file; .gz and .bz2 compress the whole file.
export const FITS_EXTENSIONS = /\.((fits|fit|fts)(\.gz|\.bz2|\.fz)?|fz)$/i;
export const IMAGE_EXTENSIONS = /\.((png|jpe?g|fits|fit|fts)(\.gz|\.bz2)?|((fits|fit|fts)\.)?fz)$/i;

/** Magic bytes first: a PNG renamed .jpg is still a PNG, and a text file renamed .png is rejected. */
/** An ONNX model file, by name: it becomes a model, not an image. */
export const isModelFile = (name: string) => /\.onnx$/i.test(name);

export function sniffKind(name: string, head: Uint8Array): FileKind {
  if (startsWith(head, PNG_SIG)) return 'png';
  if (startsWith(head, JPEG_SIG)) return 'jpeg';
  if (startsWith(head, FITS_SIG)) return 'fits';
  if (startsWith(head, GZIP_SIG)) return 'gzip';
  if (isBzip2(head)) return 'bzip2';
  if (/\.csv$/i.test(name)) return 'csv';
  if (isModelFile(name)) return 'onnx';
  return 'unknown';
}

/** Files the ingest step should look at at all (hidden files and OS clutter are ignored silently). */
export function isIgnorable(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return base.startsWith('.') || base === 'Thumbs.db' || base === 'desktop.ini';
}
