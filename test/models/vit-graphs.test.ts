import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { createEmbedder, type OrtModule } from '../../src/models/lib/embedder';
import { defaultEmbeddingOutput } from '../../src/models/lib/embeddingOutput';
import type { DecodedImage } from '../../src/images/lib/image';
import { makeBatch } from '../../src/models/lib/modelInput';
import { registryEntry, type ModelEntry } from '../../models/registry';
import { buildVit, DINOV2_S14, VIT_B16 } from '../../models/build/vitGraph';
import { seededRandom } from '../../src/shared/lib/random';

function images(n: number): DecodedImage[] {
  const rng = seededRandom(7);
  return Array.from({ length: n }, () => ({
    width: 96,
    height: 96,
    channels: 3 as const,
    pixels: Uint8Array.from({ length: 96 * 96 * 3 }, () => Math.floor(256 * rng())),
  }));
}

/** Token 0 of each image's last hidden state, computed by onnxruntime-node: the reference CLS embedding. */
async function referenceCls(bytes: Uint8Array, entry: ModelEntry, imgs: DecodedImage[]): Promise<Float32Array[]> {
  const session = await ortNode.InferenceSession.create(bytes);
  const x = makeBatch(imgs, { size: entry.inputSize, mean: entry.norm.mean, std: entry.norm.std });
  const out = await session.run({ pixel_values: new ortNode.Tensor('float32', x, [imgs.length, 3, entry.inputSize, entry.inputSize]) });
  const [, tokens, dim] = out.last_hidden_state.dims as number[];
  const data = out.last_hidden_state.data as Float32Array;
  return imgs.map((_, i) => data.slice(i * tokens * dim, i * tokens * dim + dim));
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

async function embedLikeTheApp(bytes: Uint8Array, entry: ModelEntry, imgs: DecodedImage[]) {
  const embedder = await createEmbedder(ortWeb as unknown as OrtModule, bytes, {
    backends: ['wasm'],
    output: entry.embedding.output,
    inputSize: entry.inputSize,
    mean: entry.norm.mean,
    std: entry.norm.std,
  });
  const result = await embedder.embed(imgs);
  await embedder.release();
  return { ...result, info: embedder.info };
}

// Full-size ViT graphs are built and run twice on the CPU: minutes when other jobs share the cores.
const HEAVY = 300_000;

describe("ViT-shaped test graphs and the registry's embedding selection", () => {
  it("DINOv2-S/14 (full size): the registry's pooler_output is the CLS token after the final LayerNorm, on WASM as on onnxruntime-node", async () => {
    const entry = registryEntry('dinov2-small')!;
    const bytes = buildVit(DINOV2_S14);
    const imgs = images(3);
    const { vectors, dim, info } = await embedLikeTheApp(bytes, entry, imgs);
    expect(info.output).toBe('pooler_output');
    expect(defaultEmbeddingOutput(info.outputs)).toBe('pooler_output'); // also without the registry
    expect(dim).toBe(entry.embedding.dim);
    const reference = await referenceCls(bytes, entry, imgs);
    reference.forEach((cls, i) => expect(maxDiff(vectors.subarray(i * dim, (i + 1) * dim), cls)).toBeLessThan(1e-4));
  });

  it(
    'ViT-B/16 as MAE / MSN export it (last_hidden_state only): the registry takes token 0',
    async () => {
      const bytes = buildVit({ ...VIT_B16, depth: 2 }); // the block topology of ViT-B/16, two blocks deep to keep the test quick
      const imgs = images(2);
      for (const id of ['mae-base', 'msn-base']) {
        const entry = registryEntry(id)!;
        expect(entry.embedding).toMatchObject({ output: 'last_hidden_state', pooling: 'cls' });
        const { vectors, dim } = await embedLikeTheApp(bytes, entry, imgs);
        expect(dim).toBe(entry.embedding.dim);
        const reference = await referenceCls(bytes, entry, imgs);
        reference.forEach((cls, i) => expect(maxDiff(vectors.subarray(i * dim, (i + 1) * dim), cls)).toBeLessThan(1e-4));
      }
    },
    HEAVY,
  );

  it('the same seed writes the same graph', () => {
    const small = { ...DINOV2_S14, depth: 1, dim: 32, heads: 2, mlp: 64 };
    expect(Buffer.from(buildVit(small, 3)).equals(Buffer.from(buildVit(small, 3)))).toBe(true);
    expect(Buffer.from(buildVit(small, 3)).equals(Buffer.from(buildVit(small, 4)))).toBe(false);
  });
});
