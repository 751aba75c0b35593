import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encode } from 'fast-png';

/** The shared data folder beside the repository (never copied into it). */
export const SHARED = process.env.LATENT_SKY_SHARED ?? resolve(import.meta.dirname, '../../../shared/data');
export const MODEL_PATH = join(SHARED, 'models/mobilenetv2-int8-imagenet/mobilenet_v2_quant_feat1280.onnx');
export const FITS_DIR = join(SHARED, 'mirabest/fits_sample');

const SIDE = 150;

export interface MiraBestImages {
  /** uint8 [n][150][150] */
  pixels: Uint8Array;
  labels: string[];
  /** 'train' | 'test' from the 2019 batches */
  splits: string[];
}

export function loadMiraBestBasic(): MiraBestImages {
  const dir = join(SHARED, 'mirabest/basic_792');
  const pixels = new Uint8Array(gunzipSync(readFileSync(join(dir, 'images_u8.raw.gz'))));
  const rows = readFileSync(join(dir, 'labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return { pixels, labels: rows.map((r) => (r[3] === '0' ? 'FRI' : 'FRII')), splits: rows.map((r) => r[2]) };
}

export const mirabestImage = (m: MiraBestImages, i: number) => m.pixels.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE);

/** FR class from a MiraBest file name's 3-digit code; hybrids (3xx) have none. */
export function fitsLabel(fileName: string): string | undefined {
  return ({ '1': 'FRI', '2': 'FRII' } as Record<string, string>)[fileName[0]];
}

/**
 * Writes `perClass` FRI and FRII MiraBest images as greyscale PNGs into a temporary folder
 * (made once per content, reused across runs) and returns their paths and labels.
 */
export function mirabestPngs(perClass: number): { dir: string; files: { path: string; name: string; label: string }[] } {
  const data = loadMiraBestBasic();
  const picked: number[] = [];
  for (const cls of ['FRI', 'FRII']) {
    data.labels.forEach((l, i) => {
      if (l === cls && picked.filter((j) => data.labels[j] === cls).length < perClass) picked.push(i);
    });
  }
  const key = createHash('sha1').update(`${perClass}`).digest('hex').slice(0, 8);
  const dir = join(tmpdir(), `latent-sky-mirabest-${key}`);
  mkdirSync(dir, { recursive: true });
  const files = picked.map((i) => {
    const name = `mirabest_${String(i).padStart(3, '0')}.png`;
    const path = join(dir, name);
    if (!existsSync(path)) {
      writeFileSync(path, encode({ width: SIDE, height: SIDE, data: mirabestImage(data, i), channels: 1, depth: 8 }));
    }
    return { path, name, label: data.labels[i] };
  });
  return { dir, files };
}

export function fitsSample(): { path: string; name: string; label?: string }[] {
  return readdirSync(FITS_DIR)
    .filter((f) => f.endsWith('.fits'))
    .sort()
    .map((name) => ({ path: join(FITS_DIR, name), name, label: fitsLabel(name) }));
}

/** Writes a `filename,label` CSV for MiraBest PNGs beside them and returns its path. */
export function labelsCsv(pngs: ReturnType<typeof mirabestPngs>, name = 'labels.csv'): string {
  const csv = join(pngs.dir, name);
  writeFileSync(csv, ['filename,label', ...pngs.files.map((f) => `${f.name},${f.label}`)].join('\n'));
  return csv;
}

/**
 * `n` distinct real cutouts for load tests: cutout i is MiraBest image i mod 792 with its first
 * three pixels replaced by i's three bytes (little-endian), so no two of them share content (nor a
 * content hash). Written as greyscale PNGs (`cutout_00000.png`, …) into one temporary folder shared
 * by every n: files already there are kept, so 10k and 50k runs reuse each other's work. Each file
 * is written under a temporary name and renamed, so an interrupted run leaves no half-written PNG.
 */
export function distinctMirabestPngs(n: number): { dir: string; files: { path: string; name: string }[] } {
  if (n > 2 ** 24) throw new Error('at most 2^24 distinct cutouts (three bytes of index)');
  const dir = join(tmpdir(), 'latent-sky-distinct-mirabest-v1');
  mkdirSync(dir, { recursive: true });
  let data: MiraBestImages | undefined;
  const files = Array.from({ length: n }, (_, i) => {
    const name = `cutout_${String(i).padStart(5, '0')}.png`;
    const path = join(dir, name);
    if (!existsSync(path)) {
      data ??= loadMiraBestBasic();
      const pixels = mirabestImage(data, i % (data.pixels.length / (SIDE * SIDE))).slice();
      pixels[0] = i & 0xff;
      pixels[1] = (i >> 8) & 0xff;
      pixels[2] = (i >> 16) & 0xff;
      writeFileSync(`${path}.part`, encode({ width: SIDE, height: SIDE, data: pixels, channels: 1, depth: 8 }));
      renameSync(`${path}.part`, path);
    }
    return { path, name };
  });
  return { dir, files };
}
