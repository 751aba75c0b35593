import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../src/images/lib/image';
import { l2NormaliseRows, makeBatch, recipePixels, type ModelInputRecipe } from '../../src/models/lib/modelInput';
import { INPUT_RECIPES, checkRecipe, describeModelInput } from '../../src/models/lib/inputRecipes';
import { pilResize } from '../../src/models/lib/pilResample';
import { MODEL_REGISTRY, DEFAULT_MODEL_ID } from '../../models/registry';
import { sharedPath } from '../support/shared';
import reference from '../fixtures/model-input-reference.json';

interface Case {
  source: { index: number; box?: [number, number, number, number]; rgb?: boolean };
  recipe: keyof typeof INPUT_RECIPES;
  size: number;
  channelSums: number[];
  stride: number;
  samples: number[];
}

const SIDE = 150;
const cutouts = new Uint8Array(gunzipSync(readFileSync(sharedPath('mirabest/basic_792/images_u8.raw.gz'))));

/** The same source images as scripts/model_input_reference.py builds: a box of a real cutout, optionally made colour. */
function source({ index, box = [0, SIDE, 0, SIDE], rgb }: Case['source']): DecodedImage {
  const [r0, r1, c0, c1] = box;
  const h = r1 - r0;
  const w = c1 - c0;
  const at = (y: number, x: number) => cutouts[index * SIDE * SIDE + (r0 + y) * SIDE + c0 + x];
  const grey = Uint8Array.from({ length: h * w }, (_, i) => at(Math.floor(i / w), i % w));
  if (!rgb) return { width: w, height: h, channels: 1, pixels: grey };
  const g = Uint8Array.from({ length: h * w }, (_, i) => (h === w ? at(i % w, Math.floor(i / w)) : at(h - 1 - Math.floor(i / w), i % w)));
  const b = Uint8Array.from({ length: h * w }, (_, i) => at(Math.floor(i / w), w - 1 - (i % w)));
  const pixels = new Uint8Array(3 * h * w);
  pixels.set(grey, 0);
  pixels.set(g, h * w);
  pixels.set(b, 2 * h * w);
  return { width: w, height: h, channels: 3, pixels };
}

function centralSamples(img: DecodedImage, stride: number): number[] {
  const q = Math.floor(img.width / 4);
  const window: number[] = [];
  for (let c = 0; c < img.channels; c++) {
    for (let y = q; y < 3 * q; y++) for (let x = q; x < 3 * q; x++) window.push(img.pixels[c * img.width * img.height + y * img.width + x]);
  }
  return window.filter((_, i) => i % stride === 0);
}

describe('model-input recipes against Pillow on real MiraBest cutouts', () => {
  it('the fixture names the same recipes as the app', () => {
    expect(reference.recipes).toEqual(INPUT_RECIPES);
  });

  it.each(
    (reference.cases as Case[]).map(
      (c) => [`${c.recipe} ${c.size} px of cutout ${c.source.index}${c.source.box ? ` [${c.source.box}]` : ''}${c.source.rgb ? ' (colour)' : ''}`, c] as const,
    ),
  )('%s: within ±1 grey level of Pillow', (_, c) => {
    const out = recipePixels(source(c.source), c.size, INPUT_RECIPES[c.recipe]);
    expect([out.width, out.height, out.channels]).toEqual([c.size, c.size, c.channelSums.length]);
    const samples = centralSamples(out, c.stride);
    expect(samples.length).toBe(c.samples.length);
    const worst = samples.reduce((m, v, i) => Math.max(m, Math.abs(v - c.samples[i])), 0);
    expect(worst).toBeLessThanOrEqual(1);
    const plane = c.size * c.size;
    c.channelSums.forEach((sum, ch) => {
      let s = 0;
      for (let i = 0; i < plane; i++) s += out.pixels[ch * plane + i];
      // The fixed-point arithmetic is Pillow's own, so the sums agree exactly (measured); 0.1 % of slack for another Pillow.
      expect(Math.abs(s - sum)).toBeLessThanOrEqual(plane * 0.001);
    });
  });
});

describe('Pillow resize', () => {
  it('is the identity at the same size and keeps a constant image constant, up or down', () => {
    const img: DecodedImage = { width: 5, height: 3, channels: 1, pixels: Uint8Array.from({ length: 15 }, (_, i) => 17 * i) };
    expect(pilResize(img, 5, 3, 'bicubic').pixels).toEqual(img.pixels);
    const flat: DecodedImage = { width: 7, height: 9, channels: 1, pixels: new Uint8Array(63).fill(200) };
    for (const [w, h] of [
      [3, 4],
      [20, 31],
    ]) {
      for (const r of ['bilinear', 'bicubic'] as const) expect(new Set(pilResize(flat, w, h, r).pixels)).toEqual(new Set([200]));
    }
  });

  it('refuses impossible sizes and crops with a clear error', () => {
    const img: DecodedImage = { width: 4, height: 4, channels: 1, pixels: new Uint8Array(16) };
    expect(() => pilResize(img, 0, 4, 'bilinear')).toThrow(/cannot resize to 0×4/);
    expect(() => recipePixels(img, 8, { resize: 'shortestEdge', cropFraction: 1.0, resampling: 'bilinear' })).not.toThrow();
  });
});

describe('recipes in the batch and the registry', () => {
  it('normalises the recipe pixels exactly as the plain path normalises', () => {
    const img = source({ index: 0 });
    const recipe = INPUT_RECIPES['hf-exact-bicubic'];
    const spec = { size: 224, mean: [0.5, 0.5, 0.5] as [number, number, number], std: [0.5, 0.5, 0.5] as [number, number, number], recipe };
    const batch = makeBatch([img], spec);
    const pixels = recipePixels(img, 224, recipe).pixels;
    for (let c = 0; c < 3; c++) for (const i of [0, 5000, 25088, 50175]) expect(batch[c * 50176 + i]).toBe(Math.fround((pixels[i] / 255 - 0.5) / 0.5));
  });

  it('L2-normalises rows, leaving zero rows alone', () => {
    const v = Float32Array.from([3, 4, 0, 0]);
    l2NormaliseRows(v, 2);
    expect(Array.from(v)).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 0]);
  });

  it('every study model has its recipe; the offline default keeps the original bilinear path', () => {
    const recipes = Object.fromEntries(MODEL_REGISTRY.map((m) => [m.id, m.input]));
    expect(recipes[DEFAULT_MODEL_ID]).toBeUndefined();
    expect(recipes['dinov2-base']).toEqual(INPUT_RECIPES['hf-shortest-edge-bicubic']);
    expect(recipes['dinov2-small']).toEqual(INPUT_RECIPES['hf-shortest-edge-bicubic']);
    expect(recipes['resnet50']).toEqual(INPUT_RECIPES['hf-shortest-edge-bicubic']);
    expect(recipes['mae-base']).toEqual(INPUT_RECIPES['hf-exact-bilinear']);
    expect(recipes['msn-base']).toEqual(INPUT_RECIPES['hf-exact-bilinear']);
    expect(recipes['siglip-base']).toEqual(INPUT_RECIPES['hf-exact-bicubic']);
    for (const m of MODEL_REGISTRY.filter((e) => e.inStudy)) expect(m.input, m.id).toBeDefined();
  });

  it('describes the steps the preview lists', () => {
    const spec = { size: 224, mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };
    expect(describeModelInput({ ...spec, recipe: INPUT_RECIPES['hf-shortest-edge-bicubic'] })).toEqual([
      'resize the shortest edge to 256 (bicubic, as Pillow)',
      'centre crop 224×224',
      'normalise: (x/255 − [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]',
    ]);
    expect(describeModelInput({ ...spec, recipe: INPUT_RECIPES['torchvision-resnet'] }).at(-1)).toBe('L2-normalise the embedding');
    expect(describeModelInput(spec)[0]).toMatch(/^resize to 224×224 \(bilinear/);
  });

  it('a recipe from outside is checked', () => {
    const ok: ModelInputRecipe = { resize: 'exact', resampling: 'bicubic' };
    expect(checkRecipe(ok)).toEqual(ok);
    expect(() => checkRecipe(null)).toThrow(/must be an object/);
    expect(() => checkRecipe({ resize: 'fit', resampling: 'bicubic' })).toThrow(/recipe.resize/);
    expect(() => checkRecipe({ resize: 'exact', resampling: 'lanczos' })).toThrow(/recipe.resampling/);
    expect(() => checkRecipe({ resize: 'exact', resampling: 'bicubic', cropFraction: 2 })).toThrow(/cropFraction/);
    expect(() => checkRecipe({ resize: 'exact', resampling: 'bicubic', colour: 'x' })).toThrow(/unknown recipe field\(s\): colour/);
  });
});
