import { createContext, useContext } from 'react';
import type { EmbeddingController } from '../../embeddings/embeddingController';
import type { ImportedEmbeddings } from '../../embeddings/importer';
import type { DatasetOpener } from '../../embeddings/datasetOpener';
import type { SessionCache } from '../../embeddings/sessionCache';
import type { ProjectionController } from '../../projection/projectionController';
import type { InvarianceController } from '../../compare/invariance';
import type { QueryController } from '../../query/queryController';
import type { Models } from '../../models/models';
import type { ModelCache } from '../../models/modelCache';
import type { Pipelines } from '../../models/pipelines';
import type { Consent } from '../../sharing/consent';
import type { LinkController } from '../../sharing/permalink';
import type { ManifestLoader } from '../../images/manifestLoader';
import type { Demo } from '../../images/demo';
import type { DroppedFile, IngestSource } from '../../images/ingestController';
import type { DecodeWorkerApi } from '../../../workers/decode.worker';
import type { Preprocessing } from '../../preprocessing/lib/preprocessing';
import type { ModelInputSpec } from '../../models/lib/modelInput';

/**
 * The controllers the composition root (src/app) created, as the UI reaches them: a component
 * dispatches an intent to a controller without importing another feature's orchestration, and a
 * test can render a component with controllers of its own.
 */
export interface AppServices {
  embedding: Pick<EmbeddingController, 'cancel' | 'resume'>;
  projection: Pick<ProjectionController, 'cancel' | 'reproject'>;
  imported: Pick<ImportedEmbeddings, 'importFiles'>;
  sessionCache: Pick<SessionCache, 'clear'>;
  datasets: Pick<DatasetOpener, 'openFile' | 'openUrl' | 'cancel'>;
  invariance: Pick<InvarianceController, 'run' | 'cancel' | 'setSampleSize'>;
  query: Pick<QueryController, 'query' | 'clear'>;
  models: Pick<Models, 'add' | 'addPixelBaseline' | 'retry' | 'canRetry' | 'reconfigure' | 'remove' | 'hasWorker'>;
  modelCache: Pick<ModelCache, 'listCachedModels' | 'deleteCachedModel'>;
  pipelines: Pick<Pipelines, 'add' | 'update' | 'setModelInput' | 'remove'>;
  consent: Pick<Consent, 'answer' | 'loadDeclined' | 'dismissDeclined'>;
  link: Pick<LinkController, 'currentLink'>;
  manifestLoader: Pick<ManifestLoader, 'loadManifest'>;
  demo: Pick<Demo, 'loadDemoSky' | 'addDefaultModel'>;
  /** Files handed to the app (drop, pickers): models, a dataset file and images each go their way. */
  /** Forgets every image and cancels every ingest job. */
  clearImages: () => void;
  openFiles: (files: DroppedFile[], source?: IngestSource) => Promise<void>;
  /** An image as one pipeline's preprocessing and model input make it (undefined: its file is not held). */
  previewImage: (hash: string, preprocessing: Preprocessing, spec: ModelInputSpec) => ReturnType<DecodeWorkerApi['preview']> | undefined;
}

export const ServicesContext = createContext<AppServices | undefined>(undefined);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices: no ServicesContext provider above this component');
  return services;
}
