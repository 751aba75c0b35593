import { describe, expect, it } from 'vitest';
import { createInvarianceController, type InvarianceDeps } from '../../src/compare/invariance';
import { measureInvariance } from '../../src/compare/lib/invariance';
import { orientImage } from '../../src/images/lib/orient';
import type { DecodedImage } from '../../src/images/lib/image';
import type { ModelInputRecipe } from '../../src/models/lib/modelInput';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { currentInvariance, pipelineKey } from '../../src/state/selectors';
import { createLatentSkyStore, type ImageRecord, type ModelRecord, type PipelineRecord } from '../../src/state/store';

const SIDE = 4;
const RECIPE: ModelInputRecipe = { resize: 'exact', resampling: 'bicubic' } as ModelInputRecipe;

/** 30 small images; image 0 is symmetric under a half turn. Labels alternate between two classes. */
function pixelsOf(i: number): Uint8Array {
  if (i === 0) return Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1]);
  return Uint8Array.from({ length: SIDE * SIDE }, (_, j) => ((i * 37 + j * j * 11 + (i % 2) * 90) % 251) + 1);
}

function setup(options: { gate?: Promise<void>; failEmbed?: boolean } = {}) {
  const store = createLatentSkyStore();
  const images: ImageRecord[] = Array.from({ length: 30 }, (_, i) => ({
    id: `img-${i}`,
    hash: `h${String(i).padStart(2, '0')}`,
    name: `${i % 2 ? 'FRI' : 'FRII'}/g${i}.png`,
    path: `${i % 2 ? 'FRI' : 'FRII'}/g${i}.png`,
    folderLabel: i % 2 ? 'FRI' : 'FRII',
    format: 'png',
    width: SIDE,
    height: SIDE,
    thumbUrl: '',
  }));
  const model: ModelRecord = {
    id: 'model-0',
    request: { name: 'Pixels', source: { kind: 'url', url: 'x.onnx' }, backend: 'wasm' },
    status: 'ready',
    contentHash: 'w',
    info: {
      backend: 'wasm',
      inputName: 'x',
      outputs: [],
      output: 'y',
      input: { size: 224, mean: [0, 0, 0], std: [1, 1, 1], recipe: RECIPE },
      fixedSize: true,
      batchSize: 8,
      fallbacks: [],
    },
  };
  const pipeline: PipelineRecord = { id: 'pipeline-0', modelId: model.id, preprocessing: DEFAULT_PREPROCESSING };
  const key = pipelineKey(pipeline, model)!;
  const decoded = new Map(images.map((img, i) => [img.hash, { width: SIDE, height: SIDE, channels: 1 as const, pixels: pixelsOf(i) }]));
  const embed = (imgs: DecodedImage[]) => Float32Array.from(imgs.flatMap((img) => Array.from(img.pixels, (v) => v / 255)));
  const originals = new Map<string, Float32Array | null>(images.map((img) => [img.hash, embed([decoded.get(img.hash)!])]));
  store.setState({ images, models: [model], pipelines: [pipeline], embeddings: new Map([[key, originals]]) });
  const calls: { images: DecodedImage[]; size?: number; recipe?: ModelInputRecipe | null }[] = [];
  const deps: InvarianceDeps = {
    store,
    prepare: async (files) => files.map((f) => ({ ok: true as const, image: decoded.get((f as Blob & { hash: string }).hash)! })),
    embedder: () => ({
      async embed(imgs, size, recipe) {
        calls.push({ images: imgs, size, recipe });
        await options.gate;
        if (options.failEmbed) throw new Error('out of memory');
        return { vectors: embed(imgs), dim: SIDE * SIDE };
      },
    }),
    fileOf: (hash) => ({ blob: Object.assign(new Blob([]), { hash }), name: hash }),
    measure: async (input, signal) => {
      if (signal.aborted) throw new Error('cancelled');
      return measureInvariance(input);
    },
  };
  return { store, deps, calls, key, images };
}

describe('the invariance controller', () => {
  it('embeds the turned copies through the pipeline (its input size and recipe) on a seeded sample, and keeps them out of everything else', async () => {
    const { store, deps, calls, key } = setup();
    const before = store.getState();
    const controller = createInvarianceController(deps);
    controller.setSampleSize(20);
    await controller.run();
    const s = store.getState();
    expect(s.invariance.run).toMatchObject({ running: false, done: 20, total: 20 });
    expect(s.invariance.run.error).toBeUndefined();
    const outcome = s.invariance.results['pipeline-0'];
    expect(outcome.sampleHashes).toHaveLength(20);
    expect(outcome.hashes).toHaveLength(30);
    expect(outcome.classNames).toEqual(['FRI', 'FRII']);
    // Every copy went through the model worker with the pipeline's size and recipe, four per image.
    expect(calls.reduce((n, c) => n + c.images.length, 0)).toBe(80);
    expect(calls.every((c) => c.size === 224 && c.recipe === RECIPE)).toBe(true);
    // Nothing of the copies reached the images, the embeddings or the projections.
    expect(s.images).toBe(before.images);
    expect(s.embeddings).toBe(before.embeddings);
    expect(s.embeddings.get(key)!.size).toBe(30);
    expect(s.projections).toBe(before.projections);
    expect(s.probe).toBe(before.probe);
    expect(currentInvariance(s, 'pipeline-0')).toBe(outcome);
  });

  it('the copies are the prepared cutouts turned: a half-turn-symmetric image has cosine 1 at 180°', async () => {
    const { store, deps, calls } = setup();
    const controller = createInvarianceController(deps);
    await controller.run();
    const outcome = store.getState().invariance.results['pipeline-0'];
    expect(outcome.sampleHashes).toHaveLength(30);
    const first = calls[0].images;
    expect(first[1]).toEqual(orientImage({ width: SIDE, height: SIDE, channels: 1, pixels: pixelsOf(0) }, 'rot180'));
    const i = outcome.sampleHashes.indexOf('h00');
    expect(outcome.result.cosine[1][i]).toBe(1);
    expect(outcome.result.cosine[0][i]).toBeLessThan(1);
    expect(outcome.result.predicted).toBeDefined();
  });

  it('cancel stops the run: no result, the state says cancelled', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { store, deps } = setup({ gate });
    const controller = createInvarianceController(deps);
    const running = controller.run();
    await expect(controller.run()).rejects.toThrow(/already running/);
    await Promise.resolve();
    expect(store.getState().invariance.run.running).toBe(true);
    controller.cancel();
    open();
    await running;
    expect(store.getState().invariance.run).toMatchObject({ running: false, cancelled: true });
    expect(store.getState().invariance.results).toEqual({});
  });

  it('an embedding error is reported and ends the run', async () => {
    const { store, deps } = setup({ failEmbed: true });
    await createInvarianceController(deps).run();
    expect(store.getState().invariance.run).toMatchObject({ running: false, error: 'out of memory' });
  });

  it('says why when nothing can be measured, and refuses a bad sample size', async () => {
    const { store, deps } = setup();
    store.setState({ embeddings: new Map() });
    const controller = createInvarianceController(deps);
    await controller.run();
    expect(store.getState().invariance.run.error).toMatch(/no pipeline can be measured yet \(Pixels: still embedding/);
    expect(() => controller.setSampleSize(3)).toThrow(/sample size/);
    expect(() => controller.setSampleSize(20.5)).toThrow(/sample size/);
  });

  it('a result is out of date once the images change', async () => {
    const { store, deps, images } = setup();
    await createInvarianceController(deps).run();
    expect(currentInvariance(store.getState(), 'pipeline-0')).toBeDefined();
    store.setState({ images: images.slice(1) });
    expect(currentInvariance(store.getState(), 'pipeline-0')).toBeUndefined();
  });
});
