/// <reference lib="webworker" />
// Thin comlink adapter: file bytes → thumbnails and metadata at ingest, and → each pipeline's
// preprocessed 8-bit images (and previews), off the main thread.
import * as Comlink from 'comlink';
import { decodeFile, DEFAULT_LIMITS, type RasterDecoder } from '../src/images/lib/decode';
import type { FitsHeader } from '../src/images/lib/fits';
import { contentHash } from '../src/shared/lib/hash';
import { toRgba, type DecodedImage } from '../src/images/lib/image';
import { applyPreprocessing, DEFAULT_PREPROCESSING, type Preprocessing } from '../src/preprocessing/lib/preprocessing';
import { makeBatch, type ModelInputSpec } from '../src/models/lib/modelInput';
import { centreSky } from '../src/images/lib/wcs';

export type IngestResult =
  | {
      ok: true;
      hash: string;
      format: string;
      originalWidth: number;
      originalHeight: number;
      thumbnail: Blob;
      header?: FitsHeader;
      planes?: number;
      sky?: { ra: number; dec: number };
    }
  | { ok: false; reason: string };

export type PrepareResult = { ok: true; image: DecodedImage } | { ok: false; reason: string };

export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

const THUMB = 128;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

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

const bytesOf = async (file: Blob) => new Uint8Array(await file.arrayBuffer());

/** Decodes a file the way a pipeline reads it: its HDU and plane, three planes for the colour preset. */
async function decodeFor(file: Blob, name: string, prep: Preprocessing) {
  const bands = prep.preset.kind === 'optical-lupton' ? 3 : 1;
  return decodeFile(name, await bytesOf(file), DEFAULT_LIMITS, decodeRaster, { hdu: prep.hdu, plane: prep.plane, bands });
}

async function prepareOne(file: Blob, name: string, prep: Preprocessing): Promise<DecodedImage> {
  return applyPreprocessing((await decodeFor(file, name, prep)).raw, prep);
}

function rgbaOf(img: DecodedImage): RgbaImage {
  return { width: img.width, height: img.height, rgba: toRgba(img) };
}

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

/** The exact model input, de-normalised back to 8 bits for display. */
function modelInputImage(img: DecodedImage, spec: ModelInputSpec): DecodedImage {
  const tensor = makeBatch([img], spec);
  const plane = spec.size * spec.size;
  const pixels = new Uint8Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) pixels[c * plane + i] = Math.round(255 * (tensor[c * plane + i] * spec.std[c] + spec.mean[c]));
  }
  return { width: spec.size, height: spec.size, channels: 3, pixels };
}

const api = {
  /** Hash, thumbnail (default display preprocessing) and metadata of a newly added file. */
  async ingest(file: Blob, name: string): Promise<IngestResult> {
    try {
      const bytes = await bytesOf(file);
      const [hash, decoded] = await Promise.all([contentHash(bytes), decodeFile(name, bytes, DEFAULT_LIMITS, decodeRaster)]);
      const display = applyPreprocessing(decoded.raw, DEFAULT_PREPROCESSING);
      const sky = decoded.header ? centreSky(decoded.header, decoded.originalWidth, decoded.originalHeight) : undefined;
      return {
        ok: true,
        hash,
        format: decoded.format,
        originalWidth: decoded.originalWidth,
        originalHeight: decoded.originalHeight,
        thumbnail: await thumbnail(display),
        header: decoded.header,
        planes: decoded.planes,
        sky,
      };
    } catch (e) {
      return { ok: false, reason: message(e) };
    }
  },

  /** A pipeline's 8-bit images for a batch of files; a file that fails says why and the rest go on. */
  async prepare(files: Blob[], names: string[], prep: Preprocessing): Promise<PrepareResult[]> {
    const results = await Promise.all(
      files.map((f, i) =>
        prepareOne(f, names[i], prep).then(
          (image): PrepareResult => ({ ok: true, image }),
          (e): PrepareResult => ({ ok: false, reason: message(e) }),
        ),
      ),
    );
    const buffers = results.flatMap((r) => (r.ok ? [r.image.pixels.buffer as ArrayBuffer] : []));
    return Comlink.transfer(results, buffers);
  },

  /** Original (min–max), default display and the exact model input of one file through one pipeline. */
  async preview(file: Blob, name: string, prep: Preprocessing, spec: ModelInputSpec): Promise<{ original: RgbaImage; display: RgbaImage; model: RgbaImage }> {
    const decoded = await decodeFor(file, name, prep);
    const linear = {
      ...DEFAULT_PREPROCESSING,
      hdu: prep.hdu,
      plane: prep.plane,
      scale: { interval: { kind: 'minmax' as const }, stretch: { kind: 'linear' as const } },
    };
    const display = { ...DEFAULT_PREPROCESSING, hdu: prep.hdu, plane: prep.plane };
    const prepared = applyPreprocessing(decoded.raw, prep);
    const out = {
      original: rgbaOf(applyPreprocessing(decoded.raw, linear)),
      display: rgbaOf(applyPreprocessing(decoded.raw, display)),
      model: rgbaOf(modelInputImage(prepared, spec)),
    };
    return Comlink.transfer(out, [out.original.rgba.buffer, out.display.rgba.buffer, out.model.rgba.buffer] as ArrayBuffer[]);
  },
};

export type DecodeWorkerApi = typeof api;
Comlink.expose(api);
