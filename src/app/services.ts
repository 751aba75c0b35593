import { fileOf, nextDecodeWorker } from '../images/decodePool';
import { createEmbeddingController } from '../embeddings/embeddingController';
import { createImportedEmbeddings } from '../embeddings/importer';
import { createSessionCache } from '../embeddings/sessionCache';
import { embedWorker, newModelId } from '../models/models';
import { addPipeline } from '../models/pipelines';
import { createProjectionController } from '../projection/projectionController';
import { createProbeController } from '../probe/probeController';
import { createCompareController } from '../compare/compareController';
import { createQueryController } from '../query/queryController';
import { reportStorageProblem } from '../shared/storageProblem';
import { spawnCompareWorker, spawnProbeWorker, spawnProjectWorker } from '../shared/workers';
import type { AppServices } from '../shared/ui/services';
import type { LatentSkyStoreApi } from '../state/store';

/**
 * The composition root's one wiring of the app: every controller is created here with its
 * dependencies (the store, workers, caches and the other controllers it talks to). `start`
 * makes them follow the store.
 */
export function createAppServices(store: LatentSkyStoreApi) {
  const sessionCache = createSessionCache(reportStorageProblem);
  const imported = createImportedEmbeddings({ store, newModelId, addPipeline });
  const embedding = createEmbeddingController({
    store,
    fileOf,
    prepare: (files, names, preprocessing) => nextDecodeWorker().prepare(files, names, preprocessing),
    embedder: embedWorker,
    cache: sessionCache,
    imported,
  });
  const projection = createProjectionController({ store, spawnWorker: spawnProjectWorker, cache: sessionCache });
  const probe = createProbeController({ store, spawnWorker: spawnProbeWorker, cores: navigator.hardwareConcurrency || 1 });
  const compare = createCompareController({ store, spawnWorker: spawnCompareWorker });
  // Query by image: the same decode workers and model workers as the set, none of its caches.
  const query = createQueryController({
    store,
    ingest: (file, name) => nextDecodeWorker().ingest(file, name),
    prepare: (files, names, preprocessing) => nextDecodeWorker().prepare(files, names, preprocessing),
    embedder: embedWorker,
    objectUrl: { create: (blob) => URL.createObjectURL(blob), revoke: (url) => URL.revokeObjectURL(url) },
  });
  return {
    sessionCache,
    imported,
    embedding,
    projection,
    query,
    start(): void {
      embedding.start();
      projection.start();
      probe.start();
      compare.start();
    },
  } satisfies AppServices & { start(): void };
}
