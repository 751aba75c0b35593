/**
 * A cutout's thumbnail pixels as the app shows them: the default display stretch (the one the
 * decode worker applies at ingest) and the longer side shrunk to `side` pixels with Pillow's
 * antialiased bicubic (src/models/lib/pilResample.ts), never enlarged. Pure: the CLI encodes the
 * result as PNG; the browser's decode worker draws its own thumbnails on a canvas.
 */
import type { DecodedImage } from '../../images/lib/image';
import { pilResize } from '../../models/lib/pilResample';
import { applyPreprocessing, DEFAULT_PREPROCESSING, type RawImage } from './preprocessing';

export function thumbnailPixels(raw: RawImage, side: number): DecodedImage {
  const display = applyPreprocessing(raw, DEFAULT_PREPROCESSING);
  const scale = Math.min(1, side / Math.max(display.width, display.height));
  if (scale === 1) return display;
  return pilResize(display, Math.max(1, Math.round(display.width * scale)), Math.max(1, Math.round(display.height * scale)), 'bicubic');
}
