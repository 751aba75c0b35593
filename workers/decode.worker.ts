/// <reference lib="webworker" />
// Thin comlink adapter: file bytes → decoded cutout + thumbnail, off the main thread.
import * as Comlink from 'comlink';
import { decodeCutout, type DecodeOptions, type RasterDecoder } from '../src/core/decode';
import { contentHash } from '../src/core/hash';
import { toRgba, type DecodedImage } from '../src/core/image';
import type { FitsHeader } from '../src/core/fits';

export type DecodeResult =
  | { ok: true; hash: string; image: DecodedImage; format: string; originalWidth: number; originalHeight: number; thumbnail: Blob; header?: FitsHeader }
  | { ok: false; reason: string };

const THUMB = 128;

const decodeRaster: RasterDecoder = async (bytes, kind, size) => {
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: `image/${kind}` }), {
    resizeWidth: size.width,
    resizeHeight: size.height,
    resizeQuality: 'high',
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { rgba: ctx.getImageData(0, 0, canvas.width, canvas.height).data, width: canvas.width, height: canvas.height };
};

async function thumbnail(img: DecodedImage): Promise<Blob> {
  const full = new OffscreenCanvas(img.width, img.height);
  full.getContext('2d')!.putImageData(new ImageData(toRgba(img) as ImageDataArray, img.width, img.height), 0, 0);
  const scale = THUMB / Math.max(img.width, img.height);
  const thumb = new OffscreenCanvas(Math.max(1, Math.round(img.width * scale)), Math.max(1, Math.round(img.height * scale)));
  const ctx = thumb.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(full, 0, 0, thumb.width, thumb.height);
  return thumb.convertToBlob({ type: 'image/png' });
}

const api = {
  async decode(file: Blob, name: string, options: DecodeOptions): Promise<DecodeResult> {
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const [hash, cutout] = await Promise.all([contentHash(bytes), decodeCutout(name, bytes, options, decodeRaster)]);
      const result: DecodeResult = { ok: true, hash, ...cutout, thumbnail: await thumbnail(cutout.image) };
      return Comlink.transfer(result, [cutout.image.pixels.buffer as ArrayBuffer]);
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  },
};

export type DecodeWorkerApi = typeof api;
Comlink.expose(api);
