/**
 * What the controller tests share: a fresh store with a ready model, its pipeline and images,
 * promises the test settles by hand, and a way to let the controllers' promise chains run.
 */
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { pipelineKey } from '../../src/state/selectors';
import { createLatentSkyStore, type ImageRecord, type LatentSkyState, type ModelRecord, type PipelineRecord } from '../../src/state/store';

export function readyModel(id: string, contentHash = `weights-of-${id}`): ModelRecord {
  return {
    id,
    request: { name: id, source: { kind: 'url', url: `https://example.org/${id}.onnx` }, backend: 'wasm' },
    status: 'ready',
    contentHash,
    info: {
      backend: 'wasm',
      inputName: 'input',
      outputs: [{ name: 'features', shape: [1, 4] }],
      output: 'features',
      input: { size: 8, mean: [0, 0, 0], std: [1, 1, 1] },
      fixedSize: true,
      batchSize: 1,
      fallbacks: [],
    },
  };
}

export const pipelineOf = (id: string, modelId: string): PipelineRecord => ({ id, modelId, preprocessing: DEFAULT_PREPROCESSING });

/** `n` images in two folders (classes), image i with content hash `h<i>`. */
export function imagesOf(n: number, first = 0): ImageRecord[] {
  return Array.from({ length: n }, (_, k) => {
    const i = first + k;
    const folder = i % 2 ? 'FRII' : 'FRI';
    return {
      id: `img-${i}`,
      hash: `h${i}`,
      name: `${i}.png`,
      path: `${folder}/${i}.png`,
      folderLabel: folder,
      format: 'png',
      width: 8,
      height: 8,
      thumbUrl: '',
    };
  });
}

/** A fresh store holding one ready model `m` with pipeline `p` and `n` images. */
export function storeWith(n: number, extra: Partial<LatentSkyState> = {}) {
  const store = createLatentSkyStore();
  store.setState({ models: [readyModel('m')], pipelines: [pipelineOf('p', 'm')], images: imagesOf(n), ...extra });
  return store;
}

export const keyOf = (s: LatentSkyState, pipelineId = 'p') => {
  const p = s.pipelines.find((x) => x.id === pipelineId)!;
  return pipelineKey(
    p,
    s.models.find((m) => m.id === p.modelId),
  )!;
};

/** A vector per image that tells images apart: [i, 1, 0, 0] for hash `h<i>`. */
export const vectorOf = (hash: string) => Float32Array.of(Number(hash.slice(1)), 1, 0, 0);

/** Complete embeddings of every image in the store, under pipeline `p`'s key. */
export function withEmbeddings(store: ReturnType<typeof createLatentSkyStore>): void {
  const s = store.getState();
  store.setState({ embeddings: new Map([[keyOf(s), new Map(s.images.map((i) => [i.hash, vectorOf(i.hash)]))]]) });
}

/** A promise the test resolves or rejects when it chooses. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every pending promise callback (and what it schedules) run. */
export const settle = async (rounds = 20) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
};

/** Changes that only the views read: no controller may start anything on them. */
export function touchViewState(store: ReturnType<typeof createLatentSkyStore>): void {
  store.setState({ hoveredId: 'img-0' });
  store.setState({ hoveredId: undefined });
  store.setState({ selection: new Set(['img-0', 'img-1']) });
  store.setState({ cameras: { p: [0, 0, 1, 1] } });
  store.setState({ colourBy: 'sky:ra' });
  store.setState({ hiddenClasses: ['FRI'] });
  store.setState({ preview: { imageId: 'img-0', pipelineId: 'p' } });
}
