/** What a dropped file is, decided from its first bytes (and its name only where bytes cannot tell). */
export type FileKind = 'png' | 'jpeg' | 'fits' | 'gzip' | 'csv' | 'onnx' | 'unknown';

const startsWith = (bytes: Uint8Array, sig: readonly number[]) =>
  bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const JPEG_SIG = [0xff, 0xd8, 0xff] as const;
const GZIP_SIG = [0x1f, 0x8b] as const;
// "SIMPLE  =" is mandatory as the first card of every FITS file.
const FITS_SIG = [...'SIMPLE  ='].map((c) => c.charCodeAt(0));

export const FITS_EXTENSIONS = /\.(fits|fit|fts)(\.gz)?$/i;
export const IMAGE_EXTENSIONS = /\.(png|jpe?g|fits|fit|fts)(\.gz)?$/i;

/** Magic bytes first: a PNG renamed .jpg is still a PNG, and a text file renamed .png is rejected. */
export function sniffKind(name: string, head: Uint8Array): FileKind {
  if (startsWith(head, PNG_SIG)) return 'png';
  if (startsWith(head, JPEG_SIG)) return 'jpeg';
  if (startsWith(head, FITS_SIG)) return 'fits';
  if (startsWith(head, GZIP_SIG)) return 'gzip';
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.onnx$/i.test(name)) return 'onnx';
  return 'unknown';
}

/** Files the ingest step should look at at all (hidden files and OS clutter are ignored silently). */
export function isIgnorable(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return base.startsWith('.') || base === 'Thumbs.db' || base === 'desktop.ini';
}
