import { fileOf, nextDecodeWorker } from '../images/decodePool';
import { createEmbeddingController } from '../embeddings/embeddingController';
import { createImportedEmbeddings } from '../embeddings/importer';
import { createSessionCache } from '../embeddings/sessionCache';
import { embedWorker, newModelId } from '../models/models';
import { addPipeline } from '../models/pipelines';
import { createProjectionController } from '../projection/projectionController';
import { createProbeController } from '../probe/probeController';
import { createCompareController } from '../compare/compareController';
import { createDatasetOpener } from '../embeddings/datasetOpener';
import { clearImages } from '../images/ingest';
import { removeModel } from '../models/models';
import { askToFetch, mayFetch, rememberDeclined } from '../sharing/consent';
import { createClusterController } from '../clusters/clusterController';
import { createQueryController } from '../query/queryController';
import { reportStorageProblem } from '../shared/storageProblem';
import { clusterInWorker, spawnCompareWorker, spawnProbeWorker, spawnProjectWorker } from '../shared/workers';
import { createInvarianceController } from '../compare/invariance';
import { measureInWorker } from './measureInvariance';
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
  const datasets = createDatasetOpener({ store, clearImages, removeModel, imported, consent: { askToFetch, mayFetch, rememberDeclined } });
  const clusters = createClusterController({ store, cluster: clusterInWorker });
  // On request only: the same decode pool and model workers as the embedding, its measurement in a compare worker of its own.
  const invariance = createInvarianceController({
    store,
    fileOf,
    prepare: (files, names, preprocessing) => nextDecodeWorker().prepare(files, names, preprocessing),
    embedder: embedWorker,
    measure: (input, signal) => measureInWorker(spawnCompareWorker, input, signal),
  });
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
    datasets,
    invariance,
    query,
    start(): void {
      embedding.start();
      projection.start();
      probe.start();
      compare.start();
      clusters.start();
    },
  } satisfies AppServices & { start(): void };
}
