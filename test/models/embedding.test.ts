import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { createEmbedder, type OrtModule } from '../../src/models/lib/embedder';
import { defaultEmbeddingOutput, splitEmbeddings } from '../../src/models/lib/embeddingOutput';
import type { DecodedImage } from '../../src/images/lib/image';
import { IMAGENET_NORM, makeBatch } from '../../src/models/lib/modelInput';
import { sharedPath } from '../support/shared';

const MODEL = new Uint8Array(readFileSync(sharedPath('models/mobilenetv2-int8-imagenet/mobilenet_v2_quant_feat1280.onnx')));
const spec = { size: 224, mean: [...IMAGENET_NORM.mean], std: [...IMAGENET_NORM.std] } as const;

function mirabest(count: number): DecodedImage[] {
  const raw = gunzipSync(readFileSync(sharedPath('mirabest/basic_792/images_u8.raw.gz')));
  return Array.from({ length: count }, (_, i) => ({
    width: 150,
    height: 150,
    channels: 1 as const,
    pixels: new Uint8Array(raw.subarray(i * 22500 * 50, i * 22500 * 50 + 22500)),
  }));
}

describe('choosing the embedding output', () => {
  it('prefers a 2-D output that is not ImageNet logits', () => {
    expect(
      defaultEmbeddingOutput([
        { name: 'output', shape: [1, 1000] },
        { name: '542', shape: [1, 1280] },
      ]),
    ).toBe('542');
    expect(
      defaultEmbeddingOutput([
        { name: 'last_hidden_state', shape: ['b', 257, 768] },
        { name: 'pooler_output', shape: ['b', 768] },
      ]),
    ).toBe('pooler_output');
    expect(
      defaultEmbeddingOutput([
        { name: 'fmap', shape: ['b', 512, 7, 7] },
        { name: 'logits', shape: ['b', 1000] },
      ]),
    ).toBe('fmap');
    expect(defaultEmbeddingOutput([{ name: 'logits', shape: ['b', 1000] }])).toBe('logits');
  });
  it('pools feature maps, takes the CLS token, splits batches', () => {
    const fmap = Float32Array.from([1, 3, 5, 7, 0, 0, 2, 2]); // [1, 2, 2, 2]
    expect(Array.from(splitEmbeddings(fmap, [1, 2, 2, 2], 1)[0])).toEqual([4, 1]);
    const tokens = Float32Array.from([1, 2, 3, 4, 5, 6]); // [1, 3, 2]
    expect(Array.from(splitEmbeddings(tokens, [1, 3, 2], 1)[0])).toEqual([1, 2]);
    expect(splitEmbeddings(Float32Array.from([1, 2, 3, 4]), [2, 2], 2).map((v) => Array.from(v))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => splitEmbeddings(new Float32Array(4), [1, 2, 2, 1, 1], 1)).toThrow(/cannot turn an output/);
  });
});

describe('real MobileNetV2 through the core embedder', () => {
  it('onnxruntime-web (WASM) matches onnxruntime-node on MiraBest cutouts', async () => {
    const images = mirabest(3);
    const embedder = await createEmbedder(ortWeb as unknown as OrtModule, MODEL, { backends: ['wasm'] });
    expect(embedder.info).toMatchObject({ backend: 'wasm', output: '542', batchSize: 1, inputName: 'input' });
    const { vectors, dim } = await embedder.embed(images);
    expect(dim).toBe(1280);

    const session = await ortNode.InferenceSession.create(MODEL);
    for (let i = 0; i < images.length; i++) {
      const input = new ortNode.Tensor('float32', makeBatch([images[i]], { ...spec, mean: [...spec.mean], std: [...spec.std] }), [1, 3, 224, 224]);
      const ref = (await session.run({ input }, ['542']))['542'].data as Float32Array;
      const mine = vectors.subarray(i * dim, (i + 1) * dim);
      let maxDiff = 0;
      for (let k = 0; k < dim; k++) maxDiff = Math.max(maxDiff, Math.abs(mine[k] - ref[k]));
      expect(maxDiff).toBeLessThan(1e-4);
      expect(mine.some((v) => v > 0)).toBe(true);
    }
    await embedder.release();
  });

  it('classifies the README sanity image as an orange with the logits output', async () => {
    const raw = new Uint8Array(readFileSync(sharedPath('models/mobilenetv2-int8-imagenet/orange.raw'))); // HWC RGB
    const n = 224 * 224;
    const pixels = new Uint8Array(3 * n);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) pixels[c * n + i] = raw[3 * i + c];
    const embedder = await createEmbedder(ortWeb as unknown as OrtModule, MODEL, { backends: ['wasm'], output: 'output' });
    const { vectors } = await embedder.embed([{ width: 224, height: 224, channels: 3, pixels }]);
    expect(vectors.indexOf(Math.max(...vectors))).toBe(950);
  });

  it('refuses what is not an ONNX model, with a reason', async () => {
    await expect(createEmbedder(ortWeb as unknown as OrtModule, new Uint8Array(0), { backends: ['wasm'] })).rejects.toThrow(/empty/);
    await expect(createEmbedder(ortWeb as unknown as OrtModule, new TextEncoder().encode('<html>404</html>'), { backends: ['wasm'] })).rejects.toThrow(
      /could not load the model/,
    );
    await expect(createEmbedder(ortWeb as unknown as OrtModule, MODEL.subarray(0, 100_000), { backends: ['wasm'] })).rejects.toThrow(
      /could not load the model/,
    );
  });

  it('names the outputs when asked for one that does not exist', async () => {
    await expect(createEmbedder(ortWeb as unknown as OrtModule, MODEL, { backends: ['wasm'], output: 'features' })).rejects.toThrow(
      /no output named "features".*output, 542/,
    );
  });

  it('says so when a fixed-size model is asked for another input size', async () => {
    await expect(createEmbedder(ortWeb as unknown as OrtModule, MODEL, { backends: ['wasm'], inputSize: 320 })).rejects.toThrow(/fixed 224×224 input/);
  });
});

describe('backend fallback', () => {
  it('falls back to WASM when WebGPU fails to load or to run', async () => {
    const created: string[] = [];
    const fake = (failRunOn: string | null, failCreateOn: string | null): OrtModule => ({
      Tensor: ortWeb.Tensor,
      InferenceSession: {
        create: async (_m: unknown, opts: { executionProviders: string[] }) => {
          const ep = opts.executionProviders[0];
          created.push(ep);
          if (ep === failCreateOn) throw new Error('no adapter');
          return {
            inputMetadata: [{ name: 'x', isTensor: true, type: 'float32', shape: ['n', 3, 4, 4] }],
            outputMetadata: [{ name: 'y', isTensor: true, type: 'float32', shape: ['n', 2] }],
            run: async (feeds: Record<string, ortWeb.Tensor>) => {
              if (ep === failRunOn) throw new Error('kernel not implemented');
              const b = feeds.x.dims[0];
              return { y: new ortWeb.Tensor('float32', new Float32Array(2 * b).fill(ep === 'wasm' ? 1 : 2), [b, 2]) };
            },
            release: async () => undefined,
          };
        },
      } as unknown as OrtModule['InferenceSession'],
    });
    const img: DecodedImage = { width: 4, height: 4, channels: 1, pixels: new Uint8Array(16) };

    const loadFail = await createEmbedder(fake(null, 'webgpu'), new Uint8Array(1), { backends: ['webgpu', 'wasm'] });
    expect(loadFail.info.backend).toBe('wasm');
    expect(loadFail.info.fallbacks[0]).toMatch(/webgpu: no adapter/);

    created.length = 0;
    const runFail = await createEmbedder(fake('webgpu', null), new Uint8Array(1), { backends: ['webgpu', 'wasm'] });
    expect(runFail.info.backend).toBe('webgpu');
    const out = await runFail.embed([img, img, img]);
    expect(runFail.info.backend).toBe('wasm');
    expect(Array.from(out.vectors)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(created).toEqual(['webgpu', 'wasm']);
  });
});
