/**
 * One input file → the row's identity (content hash, sky position) and the pipeline's 8-bit
 * image, with the app's libraries in the order the decode worker runs them
 * (workers/decode.worker.ts: decodeFile with the pipeline's HDU, plane and bands, then
 * applyPreprocessing). Throws a user-facing Error for anything wrong with the file.
 */
import { decodeFile, DEFAULT_LIMITS } from '../images/lib/decode';
import type { DecodedImage } from '../images/lib/image';
import { centreSky } from '../images/lib/wcs';
import { applyPreprocessing, type Preprocessing } from '../preprocessing/lib/preprocessing';
import { contentHash } from '../shared/lib/hash';
import { nodeRasterDecoder } from './nodeRaster';
import { thumbnailPng } from './thumbnailPng';

export interface PreparedImage {
  hash: string;
  image: DecodedImage;
  sky?: { ra: number; dec: number };
  /** PNG bytes of the display thumbnail, when asked for. */
  thumbnail?: Uint8Array;
}

/** `thumbnailSide`: also a PNG thumbnail of the decoded image, its longer side at most that many pixels. */
export async function prepareImage(name: string, bytes: Uint8Array, prep: Preprocessing, thumbnailSide?: number): Promise<PreparedImage> {
  const bands = prep.preset.kind === 'optical-lupton' ? 3 : 1;
  const [hash, decoded] = await Promise.all([
    contentHash(bytes),
    decodeFile(name, bytes, DEFAULT_LIMITS, nodeRasterDecoder, { hdu: prep.hdu, plane: prep.plane, bands }),
  ]);
  const sky = decoded.header ? centreSky(decoded.header, decoded.originalWidth, decoded.originalHeight) : undefined;
  return {
    hash,
    image: applyPreprocessing(decoded.raw, prep),
    sky,
    ...(thumbnailSide && { thumbnail: thumbnailPng(decoded.raw, thumbnailSide) }),
  };
}
