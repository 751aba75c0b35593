import { ingestFiles, type DroppedFile, type IngestSource } from '../images/ingest';
import { isModelFile } from '../images/lib/sniff';
import { openModelFile } from '../models/modelFiles';

/**
 * Files the user hands the app (a drop, the pickers, the API): .onnx files become models (or the
 * model a permalink was waiting for); everything else is one ingest job.
 */
export function openFiles(files: DroppedFile[], source: IngestSource = 'drop'): Promise<void> {
  const models = files.filter((f) => isModelFile(f.file.name));
  models.forEach((f) => openModelFile(f.file));
  return ingestFiles(
    files.filter((f) => !models.includes(f)),
    source,
  );
}
