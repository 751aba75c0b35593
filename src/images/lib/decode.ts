import { readFitsImage, type FitsHeader } from './fits';
import { gunzip } from './gunzip';
import { bunzip2 } from './bunzip2';
import { fromRgba } from './image';
import type { RawImage } from '../../preprocessing/lib/preprocessing';
import { checkJpeg, checkPng, type RasterInfo } from './raster';
import { FITS_EXTENSIONS, sniffKind } from './sniff';
import { formatMiB } from '../../shared/lib/bytes';

export interface DecodeLimits {
  /** Neither side of the decoded image exceeds this (larger images are downsampled while decoding). */
  maxSide: number;
  /** Files (and gunzipped FITS) larger than this are refused. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: DecodeLimits = { maxSide: 1024, maxBytes: 512 * 2 ** 20 };

/** Which part of a FITS file to read: HDU (null = first image), first plane, number of planes (3 for colour). */
export interface FitsSelection {
  hdu: number | null;
  plane: number;
  bands: 1 | 3;
}

export const FIRST_IMAGE: FitsSelection = { hdu: null, plane: 0, bands: 1 };

export interface DecodedFile {
  raw: RawImage;
  format: 'png' | 'jpeg' | 'fits';
  originalWidth: number;
  originalHeight: number;
  header?: FitsHeader;
  /** Planes in the FITS image read (1 for 2-D images). */
  planes?: number;
  /** Tile-compression codec of the FITS image read (ZCMPTYPE, e.g. RICE_1); absent when it was not tile-compressed. */
  compression?: string;
}

/** Platform image decoding (createImageBitmap in a worker; a JS decoder in Node), resized to `size`. */
export type RasterDecoder = (
  bytes: Uint8Array,
  kind: 'png' | 'jpeg',
  size: RasterInfo,
) => Promise<{ rgba: Uint8ClampedArray | Uint8Array; width: number; height: number }>;

export function fitWithin(info: RasterInfo, maxSide: number): RasterInfo {
  const scale = Math.min(1, maxSide / Math.max(info.width, info.height));
  return { width: Math.max(1, Math.round(info.width * scale)), height: Math.max(1, Math.round(info.height * scale)) };
}

function readFitsBands(bytes: Uint8Array, select: FitsSelection, maxSide: number): DecodedFile {
  const first = readFitsImage(bytes, { maxSide, hdu: select.hdu ?? undefined, plane: select.plane });
  if (select.bands === 3 && first.planes < select.plane + 3) {
    throw new Error(
      `three bands were asked for (planes ${select.plane}–${select.plane + 2}) but this image has ${first.planes} plane${first.planes === 1 ? '' : 's'}`,
    );
  }
  const more = select.bands === 3 ? [1, 2].map((k) => readFitsImage(bytes, { maxSide, hdu: first.hduIndex, plane: select.plane + k }).data) : [];
  return {
    raw: { width: first.width, height: first.height, planes: [first.data, ...more], source: 'fits' },
    format: 'fits',
    originalWidth: first.width * first.downsample,
    originalHeight: first.height * first.downsample,
    header: first.header,
    planes: first.planes,
    ...(first.compression ? { compression: first.compression } : {}),
  };
}

/** Any supported file → raw float planes, with a user-facing Error for everything that is wrong with it. */
export async function decodeFile(
  name: string,
  bytes: Uint8Array,
  limits: DecodeLimits,
  decodeRaster: RasterDecoder,
  select: FitsSelection = FIRST_IMAGE,
): Promise<DecodedFile> {
  if (bytes.length === 0) throw new Error('empty file');
  if (bytes.length > limits.maxBytes) {
    throw new Error(`file is larger than the ${formatMiB(limits.maxBytes)} limit`);
  }
  let kind = sniffKind(name, bytes.subarray(0, 16));
  if (kind === 'gzip') {
    if (!FITS_EXTENSIONS.test(name)) throw new Error('a gzip file that is not named .fits.gz; only gzipped FITS is read');
    bytes = await gunzip(bytes, limits.maxBytes);
    kind = sniffKind(name, bytes.subarray(0, 16));
    if (kind !== 'fits') throw new Error('the gzip file does not contain a FITS file');
  } else if (kind === 'bzip2') {
    // Whole-file bzip2 (SDSS ships .fits.bz2): bounded like gunzip, and any image format may be inside.
    bytes = bunzip2(bytes, limits.maxBytes);
    kind = sniffKind(name, bytes.subarray(0, 16));
    if (kind !== 'fits' && kind !== 'png' && kind !== 'jpeg') throw new Error('the bzip2 file does not contain a FITS, PNG or JPEG image');
  }
  if (kind === 'fits') return readFitsBands(bytes, select, limits.maxSide);
  if (kind === 'png' || kind === 'jpeg') {
    const info = kind === 'png' ? checkPng(bytes) : checkJpeg(bytes);
    let raster;
    try {
      raster = await decodeRaster(bytes, kind, fitWithin(info, limits.maxSide));
    } catch {
      throw new Error(`corrupt ${kind.toUpperCase()}: the image data could not be decoded`);
    }
    const img = fromRgba(raster.rgba, raster.width, raster.height);
    const n = img.width * img.height;
    const planes = Array.from({ length: img.channels }, (_, c) => Float32Array.from(img.pixels.subarray(c * n, (c + 1) * n)));
    return { raw: { width: img.width, height: img.height, planes, source: 'raster' }, format: kind, originalWidth: info.width, originalHeight: info.height };
  }
  throw new Error('not a supported image: expected PNG, JPEG or FITS (.fits, .fit, .fts, .fits.gz, .fits.bz2, tile-compressed .fits.fz)');
}
