import { ingestFiles, type DroppedFile, type IngestSource } from '../images/ingest';
import { isModelFile } from '../images/lib/sniff';
import { openModelFile } from '../models/modelFiles';
import { isDatasetFile } from '../embeddings/datasetOpener';
import { appServices } from './appServices';

/**
 * Files the user hands the app (a drop, the pickers, the API): .onnx files become models (or the
 * model a permalink was waiting for); a .parquet file is opened as a dataset (its rows become the
 * images); everything else is one ingest job.
 */
export function openFiles(files: DroppedFile[], source: IngestSource = 'drop'): Promise<void> {
  const models = files.filter((f) => isModelFile(f.file.name));
  models.forEach((f) => openModelFile(f.file));
  const dataset = files.find((f) => isDatasetFile(f.file.name));
  if (dataset) return appServices.datasets.openFile(dataset.file);
  return ingestFiles(
    files.filter((f) => !models.includes(f)),
    source,
  );
}
