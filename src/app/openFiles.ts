import type { DroppedFile, IngestSource } from '../images/ingestController';
import { isModelFile } from '../images/lib/sniff';
import { isDatasetFile } from '../embeddings/datasetOpener';

export interface OpenFilesDeps {
  ingestFiles: (files: DroppedFile[], source: IngestSource) => Promise<void>;
  /** A dropped .onnx a permalink was waiting for: true when the link took it. */
  claimLinkedModelFile: (file: File) => boolean;
  addModelFile: (file: File) => Promise<unknown>;
  openDataset: (file: File) => Promise<void>;
}

/**
 * Files the user hands the app (a drop, the pickers, the API): .onnx files become models (or the
 * model a permalink was waiting for); a .parquet file is opened as a dataset (its rows become the
 * images); everything else is one ingest job.
 */
export function createOpenFiles({ ingestFiles, claimLinkedModelFile, addModelFile, openDataset }: OpenFilesDeps) {
  return (files: DroppedFile[], source: IngestSource = 'drop'): Promise<void> => {
    const models = files.filter((f) => isModelFile(f.file.name));
    // A failure shows on the model's card.
    models.forEach((f) => claimLinkedModelFile(f.file) || void addModelFile(f.file).catch(() => undefined));
    const dataset = files.find((f) => isDatasetFile(f.file.name));
    if (dataset) return openDataset(dataset.file);
    return ingestFiles(
      files.filter((f) => !models.includes(f)),
      source,
    );
  };
}
