import { DEFAULT_MODEL_ID } from '../../models/registry';
import { makeDemoSky } from './lib/demoSky';
import type { LatentSkyStoreApi } from '../state/store';
import type { DroppedFile, IngestSource } from './ingestController';

const VISITED = 'latentSky.visited';

export interface DemoDeps {
  store: Pick<LatentSkyStoreApi, 'getState'>;
  ingestFiles: (files: DroppedFile[], source: IngestSource) => Promise<void>;
  /** Adds a zoo model (src/models/models.ts). */
  addModel: (options: { registry: string; backend: 'wasm' }) => Promise<unknown>;
  /** Where "visited before" is remembered (reaching it may throw when storage is blocked). */
  storage: () => Pick<Storage, 'getItem' | 'setItem'>;
}

export type Demo = ReturnType<typeof createDemo>;

/** The demo sky and the offline default model, through the normal file and model paths. */
export function createDemo({ store, ingestFiles, addModel, storage }: DemoDeps) {
  /** Loads the synthetic demo sky through the normal file path (FITS reader, stretch, pipelines). */
  async function loadDemoSky(): Promise<void> {
    const files = makeDemoSky().map(({ path, bytes }) => ({ file: new File([bytes as BlobPart], path.split('/').pop()!, { type: 'application/fits' }), path }));
    await ingestFiles(files, 'demo');
  }

  /** Adds the offline default model (real ImageNet weights served by the app itself) unless it is there. */
  async function addDefaultModel(): Promise<void> {
    if (store.getState().models.some((m) => m.request.registryId === DEFAULT_MODEL_ID)) return;
    await addModel({ registry: DEFAULT_MODEL_ID, backend: 'wasm' });
  }

  return {
    loadDemoSky,
    addDefaultModel,
    /**
     * The first visit shows the app doing its job with no network and no files: the default model
     * embeds the demo sky and the projection appears. Later visits start empty.
     */
    firstVisit(): void {
      let first = false;
      try {
        first = storage().getItem(VISITED) === null;
        storage().setItem(VISITED, new Date().toISOString());
      } catch {
        // Storage blocked (private mode): treat as a returning visitor rather than fail.
      }
      if (!first) return;
      addDefaultModel().catch(() => undefined); // a failure shows on the model's card
      void loadDemoSky();
    },
  };
}
