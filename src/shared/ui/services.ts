import { createContext, useContext } from 'react';
import type { EmbeddingController } from '../../embeddings/embeddingController';
import type { ImportedEmbeddings } from '../../embeddings/importer';
import type { DatasetOpener } from '../../embeddings/datasetOpener';
import type { SessionCache } from '../../embeddings/sessionCache';
import type { ProjectionController } from '../../projection/projectionController';
import type { InvarianceController } from '../../compare/invariance';
import type { QueryController } from '../../query/queryController';

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
  datasets: Pick<DatasetOpener, 'openFile' | 'openUrl'>;
  invariance: Pick<InvarianceController, 'run' | 'cancel' | 'setSampleSize'>;
  query: Pick<QueryController, 'query' | 'clear'>;
}

export const ServicesContext = createContext<AppServices | undefined>(undefined);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices: no ServicesContext provider above this component');
  return services;
}
