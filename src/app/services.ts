import { createDecodePool, createFileRegistry } from '../images/decodePool';
import { createEmbeddingController } from '../embeddings/embeddingController';
import { createImportedEmbeddings } from '../embeddings/importer';
import { createSessionCache } from '../embeddings/sessionCache';
import { createModels } from '../models/models';
import { createModelCache } from '../models/modelCache';
import { createPipelines } from '../models/pipelines';
import { createProjectionController } from '../projection/projectionController';
import { createProbeController } from '../probe/probeController';
import { createCompareController } from '../compare/compareController';
import { createDatasetOpener } from '../embeddings/datasetOpener';
import { createDatasetRows } from '../embeddings/datasetRows';
import type { DatasetBudget } from '../embeddings/lib/datasetFile';
import { createIngestController } from '../images/ingestController';
import { createManifestLoader } from '../images/manifestLoader';
import { createDemo } from '../images/demo';
import { createConsent } from '../sharing/consent';
import { createLinkController } from '../sharing/permalink';
import { createClusterController } from '../clusters/clusterController';
import { createQueryController } from '../query/queryController';
import { createLabelPersistence } from '../labelling/labelPersistence';
import { idbLabelStorage } from '../labelling/labelStorage';
import { createStorageProblemReporter } from '../shared/storageProblem';
import {
  clusterInWorker,
  openDatasetReader,
  spawnCompareWorker,
  spawnDecodeWorker,
  spawnEmbedWorker,
  spawnProbeWorker,
  spawnProjectWorker,
} from '../shared/workers';
import { createInvarianceController } from '../compare/invariance';
import { measureInWorker } from './measureInvariance';
import { createOpenFiles } from './openFiles';
import type { AppServices } from '../shared/ui/services';
import type { LatentSkyStoreApi } from '../state/store';

/** Decode workers: up to two, so one core stays free for inference. */
const decodeWorkerCount = () => Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1));

/**
 * The composition root's one wiring of the app: every controller is created here with its
 * dependencies (the store, workers, caches and the other controllers it talks to); nothing else in
 * src/ holds state of its own. `start` makes them follow the store. What the UI reaches of them is
 * typed by AppServices (src/shared/ui/services.ts).
 */
export function createAppServices(store: LatentSkyStoreApi, { datasetBudget }: { datasetBudget?: DatasetBudget } = {}) {
  const reportStorageProblem = createStorageProblemReporter(store);
  const decodePool = createDecodePool(spawnDecodeWorker, decodeWorkerCount());
  const files = createFileRegistry();
  const ingest = createIngestController({ store, workers: decodePool.workers, rememberFile: files.remember });
  const pipelines = createPipelines(store);
  const modelCache = createModelCache(reportStorageProblem);
  const models = createModels({ store, spawnWorker: spawnEmbedWorker, cache: modelCache, addPipeline: (modelId) => pipelines.add(modelId) });
  const sessionCache = createSessionCache(reportStorageProblem);
  const imported = createImportedEmbeddings({ store, newModelId: models.newModelId, addPipeline: pipelines.add });
  const prepare = (...args: Parameters<ReturnType<typeof decodePool.next>['prepare']>) => decodePool.next().prepare(...args);
  const embedding = createEmbeddingController({ store, fileOf: files.fileOf, prepare, embedder: models.embedWorker, cache: sessionCache, imported });
  const projection = createProjectionController({ store, spawnWorker: spawnProjectWorker, cache: sessionCache });
  const probe = createProbeController({ store, spawnWorker: spawnProbeWorker, cores: navigator.hardwareConcurrency || 1 });
  const compare = createCompareController({ store, spawnWorker: spawnCompareWorker });
  const consent = createConsent({ store, origin: location.origin });
  const datasetRows = createDatasetRows({ store, imported });
  const datasets = createDatasetOpener({
    store,
    clearImages: ingest.clear,
    removeModel: models.remove,
    imported,
    consent,
    openReader: openDatasetReader,
    rows: datasetRows,
    budget: datasetBudget,
  });
  const clusters = createClusterController({ store, cluster: clusterInWorker });
  // On request only: the same decode pool and model workers as the embedding, its measurement in a compare worker of its own.
  const invariance = createInvarianceController({
    store,
    fileOf: files.fileOf,
    prepare,
    embedder: models.embedWorker,
    measure: (input, signal) => measureInWorker(spawnCompareWorker, input, signal),
  });
  // Query by image: the same decode workers and model workers as the set, none of its caches.
  const query = createQueryController({
    store,
    ingest: (file, name) => decodePool.next().ingest(file, name),
    prepare,
    embedder: models.embedWorker,
    objectUrl: { create: (blob) => URL.createObjectURL(blob), revoke: (url) => URL.revokeObjectURL(url) },
  });
  // The labels made in this browser come back after a reload (IndexedDB), and every change is kept.
  const labelPersistence = createLabelPersistence({ store, storage: idbLabelStorage(reportStorageProblem) });
  const manifestLoader = createManifestLoader({ store, ingest, consent });
  const demo = createDemo({ store, ingestFiles: ingest.ingestFiles, addModel: models.add, storage: () => localStorage });
  const link = createLinkController({
    store,
    consent,
    models: { add: models.add, addPixelBaseline: models.addPixelBaseline },
    pipelines,
    dataset: { loadDemoSky: demo.loadDemoSky, loadManifest: manifestLoader.loadManifest, manifestOfCurrentImages: manifestLoader.manifestOfCurrentImages },
    page: { href: () => location.href, replace: (url) => history.replaceState(history.state, '', url) },
  });
  const openFiles = createOpenFiles({
    ingestFiles: ingest.ingestFiles,
    claimLinkedModelFile: link.claimModelFile,
    addModelFile: (file) => models.add({ file }),
    openDataset: datasets.openFile,
  });
  return {
    sessionCache,
    imported,
    embedding,
    projection,
    datasets,
    invariance,
    query,
    models,
    modelCache,
    pipelines,
    consent,
    manifestLoader,
    demo,
    link,
    openFiles,
    clearImages: ingest.clear,
    previewImage(hash, preprocessing, spec) {
      const file = files.fileOf(hash);
      return file && decodePool.next().preview(file.blob, file.name, preprocessing, spec);
    },
    start(): void {
      embedding.start();
      projection.start();
      probe.start();
      compare.start();
      clusters.start();
      void labelPersistence.start();
    },
  } satisfies AppServices & { start(): void };
}

export type AppServiceSet = ReturnType<typeof createAppServices>;
