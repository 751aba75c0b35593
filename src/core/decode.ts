import { readFitsImage, type FitsHeader } from './fits';
import { gunzip } from './gunzip';
import { fromRgba, type DecodedImage } from './image';
import { checkJpeg, checkPng, type RasterInfo } from './raster';
import { FITS_EXTENSIONS, sniffKind } from './sniff';
import { stretchToUint8, type StretchParams } from './stretch';

export interface DecodeOptions {
  stretch: StretchParams;
  /** Neither side of the decoded image exceeds this (larger images are downsampled while decoding). */
  maxSide: number;
  /** Files (and gunzipped FITS) larger than this are refused. */
  maxBytes: number;
}

export const DEFAULT_DECODE_OPTIONS: Omit<DecodeOptions, 'stretch'> = { maxSide: 1024, maxBytes: 512 * 2 ** 20 };

export interface DecodedCutout {
  image: DecodedImage;
  format: 'png' | 'jpeg' | 'fits';
  originalWidth: number;
  originalHeight: number;
  header?: FitsHeader;
}

/** Platform image decoding (createImageBitmap in a worker; a JS decoder in Node), resized to `size`. */
export type RasterDecoder = (
  bytes: Uint8Array, kind: 'png' | 'jpeg', size: RasterInfo,
) => Promise<{ rgba: Uint8ClampedArray | Uint8Array; width: number; height: number }>;

export function fitWithin(info: RasterInfo, maxSide: number): RasterInfo {
  const scale = Math.min(1, maxSide / Math.max(info.width, info.height));
  return { width: Math.max(1, Math.round(info.width * scale)), height: Math.max(1, Math.round(info.height * scale)) };
}

export async function decodeCutout(
  name: string, bytes: Uint8Array, options: DecodeOptions, decodeRaster: RasterDecoder,
): Promise<DecodedCutout> {
  if (bytes.length === 0) throw new Error('empty file');
  if (bytes.length > options.maxBytes) {
    throw new Error(`file is larger than the ${Math.round(options.maxBytes / 2 ** 20)} MiB limit`);
  }
  let kind = sniffKind(name, bytes.subarray(0, 16));
  if (kind === 'gzip') {
    if (!FITS_EXTENSIONS.test(name)) throw new Error('a gzip file that is not named .fits.gz; only gzipped FITS is read');
    bytes = await gunzip(bytes, options.maxBytes);
    kind = sniffKind(name, bytes.subarray(0, 16));
    if (kind !== 'fits') throw new Error('the gzip file does not contain a FITS file');
  }
  if (kind === 'fits') {
    const fits = readFitsImage(bytes, { maxSide: options.maxSide });
    const pixels = stretchToUint8(fits.data, options.stretch);
    return {
      image: { width: fits.width, height: fits.height, channels: 1, pixels },
      format: 'fits',
      originalWidth: fits.width * fits.downsample,
      originalHeight: fits.height * fits.downsample,
      header: fits.header,
    };
  }
  if (kind === 'png' || kind === 'jpeg') {
    const info = kind === 'png' ? checkPng(bytes) : checkJpeg(bytes);
    let raster;
    try {
      raster = await decodeRaster(bytes, kind, fitWithin(info, options.maxSide));
    } catch {
      throw new Error(`corrupt ${kind.toUpperCase()}: the image data could not be decoded`);
    }
    return {
      image: fromRgba(raster.rgba, raster.width, raster.height),
      format: kind,
      originalWidth: info.width,
      originalHeight: info.height,
    };
  }
  throw new Error('not a supported image: expected PNG, JPEG or FITS (.fits, .fit, .fts, .fits.gz)');
}
