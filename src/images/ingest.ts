import { getState, setState } from '../state/store';
import { decodeWorkers, rememberFile } from './decodePool';
import { createIngestController } from './ingestController';

export type { DroppedFile, IngestJob, IngestSource } from './ingestController';

/** The app's ingest, wired to the store and the decode pool. */
export const ingest = createIngestController({
  store: { getState, setState },
  workers: decodeWorkers,
  rememberFile,
});

export const ingestFiles = ingest.ingestFiles;
export const clearImages = ingest.clear;
