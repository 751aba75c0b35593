import { ingestFiles, type DroppedFile, type IngestSource } from '../images/ingest';
import { openModelFile } from '../models/modelFiles';
import { sniffKind } from '../images/lib/sniff';

/**
 * Files the user hands the app (a drop, the pickers, the API): .onnx files become models (or the
 * model a permalink was waiting for); everything else is one ingest job.
 */
export function openFiles(files: DroppedFile[], source: IngestSource = 'drop'): Promise<void> {
  const isModel = (f: DroppedFile) => sniffKind(f.file.name, new Uint8Array(0)) === 'onnx';
  files.filter(isModel).forEach((f) => openModelFile(f.file));
  return ingestFiles(
    files.filter((f) => !isModel(f)),
    source,
  );
}
