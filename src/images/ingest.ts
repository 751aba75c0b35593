import { getState, setState } from '../state/store';
import { decodeWorkers, rememberFile } from './decodePool';
import { createIngestController } from './ingestController';

export type { DroppedFile, IngestJob, IngestSource } from './ingestController';

/** The app's ingest, wired to the store and the decode pool. */
export const ingest = createIngestController({
  store: { getState, setState },
  workers: decodeWorkers,
  rememberFile,
  // Imported lazily: the permalink module claims model files a link asked for, and imports this one.
  onModelFile: (file) => void import('../models/modelFiles').then((m) => m.openModelFile(file)),
});

export const ingestFiles = ingest.ingestFiles;
export const clearImages = ingest.clear;
