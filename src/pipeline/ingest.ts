import type * as Comlink from 'comlink';
import { isDemoPath } from '../core/demoSky';
import { labelFromPath, parseLabelCsv } from '../core/labels';
import { isIgnorable, sniffKind } from '../core/sniff';
import { getState, setState, type ImageRecord, type SkippedFile } from '../state/store';
import type { DecodeWorkerApi, IngestResult } from '../../workers/decode.worker';
import { decodeWorkers, rememberFile } from './decodePool';
import { addModel } from './models';
import { claimLinkedModelFile } from './permalink';

/** A file as dropped, with its path relative to the dropped folder ("FRII/x.png"), or just its name. */
export interface DroppedFile {
  file: File;
  path: string;
}

const IN_FLIGHT_PER_WORKER = 4;

const FLUSH_MS = 150;

let nextImageId = 0;
let pendingImages: ImageRecord[] = [];
let pendingSkipped: SkippedFile[] = [];
let pendingDone = 0;
let flushTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Results (and the progress count) are committed to the store in batches: one update, hence one
 * render, per ~150 ms rather than per file, so the main thread leaves the cores to the workers.
 */
function flushSoon(): void {
  flushTimer ??= setTimeout(flush, FLUSH_MS);
}

function flush(): void {
  flushTimer = undefined;
  const images = pendingImages;
  const skipped = pendingSkipped;
  const done = pendingDone;
  pendingImages = [];
  pendingSkipped = [];
  pendingDone = 0;
  setState((s) => ({ images: [...s.images, ...images], skipped: [...s.skipped, ...skipped], ingest: { ...s.ingest, done: s.ingest.done + done } }));
}

function skip(name: string, reason: string): void {
  pendingSkipped.push({ name, reason });
  flushSoon();
}

async function readCsv(item: DroppedFile): Promise<void> {
  try {
    const table = parseLabelCsv(await item.file.text());
    setState((s) => ({ labelTable: new Map([...s.labelTable, ...table.rows]) }));
    for (const w of table.warnings) skip(item.path, `labels CSV ${w}`);
  } catch (e) {
    skip(item.path, e instanceof Error ? e.message : String(e));
  }
}

function accept(item: DroppedFile, result: Extract<IngestResult, { ok: true }>): void {
  rememberFile(result.hash, item.file, item.file.name);
  pendingImages.push({
    id: `img-${nextImageId++}`,
    hash: result.hash,
    name: item.file.name,
    path: item.path,
    folderLabel: labelFromPath(item.path),
    format: result.format,
    width: result.originalWidth,
    height: result.originalHeight,
    thumbUrl: URL.createObjectURL(result.thumbnail),
    header: result.header,
    planes: result.planes,
    sky: result.sky,
  });
  flushSoon();
}

async function ingestAll(items: DroppedFile[]): Promise<void> {
  let next = 0;
  const lane = async (worker: Comlink.Remote<DecodeWorkerApi>) => {
    while (next < items.length) {
      const item = items[next++];
      try {
        const result = await worker.ingest(item.file, item.file.name);
        if (result.ok) accept(item, result);
        else skip(item.path, result.reason);
      } catch (e) {
        skip(item.path, `decoder failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      pendingDone++;
      flushSoon();
    }
  };
  await Promise.all(decodeWorkers().flatMap((w) => Array.from({ length: IN_FLIGHT_PER_WORKER }, () => lane(w))));
  clearTimeout(flushTimer);
  flush();
}

/** Forgets every image (and its labels and skipped files); computed embeddings stay cached by content. */
export function clearImages(): void {
  for (const img of getState().images) URL.revokeObjectURL(img.thumbUrl);
  pendingImages = [];
  pendingSkipped = [];
  pendingDone = 0;
  setState({ images: [], labelTable: new Map(), skipped: [], ingest: { queued: 0, done: 0 }, selection: undefined, preview: undefined, hoveredId: undefined, hiddenClasses: [] });
}

/**
 * Entry point for every way files arrive (drop, picker, API). CSVs are read first so labels are
 * there when the images appear; .onnx files become models; everything else is decoded in workers.
 * One bad file is listed as skipped with its reason and never stops the others.
 */
export async function ingestFiles(files: DroppedFile[]): Promise<void> {
  const wanted = files.filter((f) => !isIgnorable(f.path));
  // The user's own files replace the demo sky rather than mixing with it.
  const demoOnly = getState().images.length > 0 && getState().images.every((img) => isDemoPath(img.path));
  if (demoOnly && wanted.some((f) => !isDemoPath(f.path))) clearImages();
  const csvs: DroppedFile[] = [];
  const images: DroppedFile[] = [];
  for (const item of wanted) {
    const kind = sniffKind(item.file.name, new Uint8Array(0));
    if (kind === 'csv') csvs.push(item);
    else if (kind === 'onnx') {
      if (!claimLinkedModelFile(item.file)) void addModel({ file: item.file }).catch(() => undefined);
    }
    else images.push(item);
  }
  await Promise.all(csvs.map(readCsv));
  setState((s) => ({ ingest: { queued: s.ingest.queued + images.length, done: s.ingest.done } }));
  await ingestAll(images);
}
