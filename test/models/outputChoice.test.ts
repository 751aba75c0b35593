import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { createEmbedder, type OrtModule } from '../../src/models/lib/embedder';
import { chooseOutput } from '../../src/models/lib/embeddingOutput';
import { acceptedOutputs, registryEmbedderOptions } from '../../src/models/lib/registryOptions';
import { INPUT_RECIPES } from '../../src/models/lib/inputRecipes';
import { makeBatch } from '../../src/models/lib/modelInput';
import type { DecodedImage } from '../../src/images/lib/image';
import { registryEntry } from '../../models/registry';
import { buildVit, DINOV2_S14 } from '../../models/build/vitGraph';
import { seededRandom } from '../../src/shared/lib/random';

const ort = ortWeb as unknown as OrtModule;
// DINOv2-S/14's topology, one block deep to keep the test quick; with and without pooler_output.
const SMALL = { ...DINOV2_S14, depth: 1 };
const withPooler = buildVit({ ...SMALL, pooler: true });
const withoutPooler = buildVit({ ...SMALL, pooler: false });

function images(n: number, side = 120): DecodedImage[] {
  const rng = seededRandom(11);
  return Array.from({ length: n }, () => ({
    width: side,
    height: side - 20,
    channels: 1 as const,
    pixels: Uint8Array.from({ length: side * (side - 20) }, () => Math.floor(256 * rng())),
  }));
}

async function embedAsTheApp(bytes: Uint8Array, id: string, imgs: DecodedImage[], requestedOutput?: string) {
  const entry = registryEntry(id)!;
  const embedder = await createEmbedder(ort, bytes, {
    backends: ['wasm'],
    inputSize: entry.inputSize,
    mean: entry.norm.mean,
    std: entry.norm.std,
    ...registryEmbedderOptions(entry, requestedOutput),
  });
  try {
    return { ...(await embedder.embed(imgs)), info: embedder.info };
  } finally {
    await embedder.release();
  }
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const outputs = (...names: string[]) => names.map((name) => ({ name, shape: name === 'last_hidden_state' ? ['batch', 257, 384] : ['batch', 384] }));

describe('output choice in order of preference', () => {
  it('takes the preferred output, else the first alternative the graph has, else says what it lacks and has', () => {
    expect(chooseOutput(outputs('last_hidden_state', 'pooler_output'), 'pooler_output', ['last_hidden_state'])).toBe('pooler_output');
    expect(chooseOutput(outputs('last_hidden_state'), 'pooler_output', ['last_hidden_state'])).toBe('last_hidden_state');
    expect(() => chooseOutput(outputs('logits'), 'pooler_output', ['last_hidden_state'])).toThrow(
      'the model has no output named "pooler_output" or "last_hidden_state" (it has: logits)',
    );
    expect(() => chooseOutput(outputs('logits'), 'features')).toThrow('no output named "features" (it has: logits)');
    expect(chooseOutput(outputs('last_hidden_state', 'pooler_output'))).toBe('pooler_output'); // no preference: the default rule
  });

  it('a zoo entry accepts its outputs in order; a requested output of its own is tried first, any other is taken strictly', () => {
    const dino = registryEntry('dinov2-base')!;
    expect(acceptedOutputs(dino)).toEqual({ output: 'pooler_output', alternatives: ['last_hidden_state'] });
    expect(acceptedOutputs(dino, 'last_hidden_state')).toEqual({ output: 'last_hidden_state', alternatives: ['pooler_output'] });
    expect(acceptedOutputs(dino, 'something_else')).toEqual({ output: 'something_else', alternatives: [] });
    expect(acceptedOutputs(registryEntry('mae-base')!)).toEqual({ output: 'last_hidden_state', alternatives: [] });
  });
});

describe('DINOv2 with or without pooler_output', () => {
  it('an export without pooler_output gives token 0 of last_hidden_state, the same vectors as pooler_output, through the study recipe', async () => {
    const imgs = images(2);
    const full = await embedAsTheApp(withPooler, 'dinov2-small', imgs);
    const bare = await embedAsTheApp(withoutPooler, 'dinov2-small', imgs);
    expect(full.info.output).toBe('pooler_output');
    expect(bare.info.output).toBe('last_hidden_state');
    expect(bare.info.input.recipe).toEqual(INPUT_RECIPES['hf-shortest-edge-bicubic']);
    expect(bare.dim).toBe(384);
    expect(full.dim).toBe(384);
    expect(maxDiff(full.vectors, bare.vectors)).toBe(0); // same graph, same weights (seed): token 0 is pooler_output by construction
  });

  it('a link that named pooler_output still works on an export without it', async () => {
    const { info } = await embedAsTheApp(withoutPooler, 'dinov2-small', images(1), 'pooler_output');
    expect(info.output).toBe('last_hidden_state');
  });

  it('a pipeline can override the recipe: the plain path (null) and the torchvision one with L2-normalised features', async () => {
    const entry = registryEntry('dinov2-small')!;
    const imgs = images(2);
    const embedder = await createEmbedder(ort, withoutPooler, {
      backends: ['wasm'],
      inputSize: 224,
      mean: entry.norm.mean,
      std: entry.norm.std,
      ...registryEmbedderOptions(entry),
    });
    try {
      const study = await embedder.embed(imgs);
      const plain = await embedder.embed(imgs, undefined, null);
      const torchvision = await embedder.embed(imgs, undefined, INPUT_RECIPES['torchvision-resnet']);
      expect(maxDiff(study.vectors, plain.vectors)).toBeGreaterThan(1e-3); // the recipe changes what the model sees
      // The plain path is exactly makeBatch without a recipe.
      const session = await ortWeb.InferenceSession.create(withoutPooler);
      const x = makeBatch(imgs, { size: 224, mean: entry.norm.mean, std: entry.norm.std });
      const out = (await session.run({ pixel_values: new ortWeb.Tensor('float32', x, [2, 3, 224, 224]) })).last_hidden_state;
      const tokens = out.dims[1];
      const data = out.data as Float32Array;
      for (let i = 0; i < 2; i++)
        expect(maxDiff(plain.vectors.subarray(i * 384, (i + 1) * 384), data.slice(i * tokens * 384, i * tokens * 384 + 384))).toBeLessThan(1e-5);
      await session.release();
      for (let i = 0; i < 2; i++) {
        const v = torchvision.vectors.subarray(i * 384, (i + 1) * 384);
        expect(Math.sqrt(v.reduce((s, x) => s + x * x, 0))).toBeCloseTo(1, 5);
      }
    } finally {
      await embedder.release();
    }
  });
});
