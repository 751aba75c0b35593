import { isDemoPath } from './lib/demoSky';
import { labelFromPath, parseLabelCsv } from './lib/labels';
import { isIgnorable, sniffKind } from './lib/sniff';
import type { ImageRecord, LatentSkyState, SkippedFile } from '../state/store';
import type { DecodeWorkerApi, IngestResult } from '../../workers/decode.worker';

/** A file as dropped, with its path relative to the dropped folder ("FRII/x.png"), or just its name. */
export interface DroppedFile {
  file: File;
  path: string;
}

/**
 * Where a batch of files came from. The demo sky is the one kind that yields: the user's own
 * files replace it (and cancel its loading) instead of mixing with it.
 */
export type IngestSource = 'drop' | 'api' | 'manifest' | 'link' | 'demo';

/**
 * One arrival of files (a drop, an API call, a manifest, the demo sky) with its own identity and
 * counters. A job's results reach the store only while it is live: once cancelled or superseded,
 * whatever its workers still return is dropped, and what it had committed is taken back out of
 * the counters, so `done ≤ queued` always holds and the set is exactly what live jobs delivered.
 */
export interface IngestJob {
  readonly id: number;
  readonly source: IngestSource;
  /** Aborted when the job is cancelled or superseded. */
  readonly signal: AbortSignal;
}

interface JobState extends IngestJob {
  abort: AbortController;
  /** Files counted in the store's `ingest.queued`, and those of them counted as done. */
  queued: number;
  done: number;
  pendingImages: ImageRecord[];
  pendingSkipped: SkippedFile[];
  pendingDone: number;
  /** What the job has put in the store, taken back out if it is cancelled. */
  committedImages: Set<string>;
  committedSkipped: Set<SkippedFile>;
}

type Store = { getState: () => LatentSkyState; setState: (update: (s: LatentSkyState) => Partial<LatentSkyState>) => void };

export interface IngestDeps {
  store: Store;
  /** The decode workers files are spread over. */
  workers: () => Pick<DecodeWorkerApi, 'ingest'>[];
  /** Keeps the original file of a content hash, so each pipeline can decode it its own way. */
  rememberFile: (hash: string, blob: Blob, name: string) => void;
  /** A thumbnail's URL (object URLs in the browser). */
  thumbUrl?: (blob: Blob) => string;
  revokeThumb?: (url: string) => void;
}

const IN_FLIGHT_PER_WORKER = 4;
const FLUSH_MS = 150;

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export type IngestController = ReturnType<typeof createIngestController>;

/**
 * Owns every ingest job: decoding in the workers, batching results into the store (one update
 * per ~150 ms rather than per file, so the main thread leaves the cores to the workers), and the
 * rule that the demo sky never mixes with the user's files.
 */
export function createIngestController(deps: IngestDeps) {
  const { store } = deps;
  const thumbUrl = deps.thumbUrl ?? ((blob: Blob) => URL.createObjectURL(blob));
  const revokeThumb = deps.revokeThumb ?? ((url: string) => URL.revokeObjectURL(url));
  const jobs = new Map<number, JobState>();
  let nextJobId = 1;
  let nextImageId = 0;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const images: ImageRecord[] = [];
    const skipped: SkippedFile[] = [];
    let done = 0;
    for (const job of jobs.values()) {
      images.push(...job.pendingImages);
      skipped.push(...job.pendingSkipped);
      job.pendingImages.forEach((img) => job.committedImages.add(img.id));
      job.pendingSkipped.forEach((k) => job.committedSkipped.add(k));
      done += job.pendingDone;
      job.done += job.pendingDone;
      job.pendingImages = [];
      job.pendingSkipped = [];
      job.pendingDone = 0;
    }
    if (images.length === 0 && skipped.length === 0 && done === 0) return;
    store.setState((s) => ({
      images: images.length ? [...s.images, ...images] : s.images,
      skipped: skipped.length ? [...s.skipped, ...skipped] : s.skipped,
      ingest: { queued: s.ingest.queued, done: s.ingest.done + done },
    }));
  }

  const flushSoon = () => {
    flushTimer ??= setTimeout(flush, FLUSH_MS);
  };

  /** A job is live while it is in the map: retiring takes it out (and aborts its signal). */
  const live = (job: JobState) => jobs.get(job.id) === job;

  function skip(job: JobState, name: string, reason: string): void {
    if (!live(job)) return;
    job.pendingSkipped.push({ name, reason });
    flushSoon();
  }

  function accept(job: JobState, item: DroppedFile, result: Extract<IngestResult, { ok: true }>): void {
    deps.rememberFile(result.hash, item.file, item.file.name);
    job.pendingImages.push({
      id: `img-${nextImageId++}`,
      hash: result.hash,
      name: item.file.name,
      path: item.path,
      folderLabel: labelFromPath(item.path),
      format: result.format,
      width: result.originalWidth,
      height: result.originalHeight,
      thumbUrl: thumbUrl(result.thumbnail),
      header: result.header,
      planes: result.planes,
      sky: result.sky,
    });
  }

  /**
   * Takes a job out: its pending results are dropped, what it had committed leaves the store, and
   * its files leave the counters.
   */
  function retire(job: JobState): void {
    if (!jobs.delete(job.id)) return;
    job.abort.abort();
    const { queued, done, committedImages, committedSkipped } = job;
    for (const img of job.pendingImages) revokeThumb(img.thumbUrl);
    job.pendingImages = [];
    job.pendingSkipped = [];
    job.pendingDone = 0;
    if (queued === 0 && committedSkipped.size === 0) return;
    for (const img of store.getState().images) if (committedImages.has(img.id)) revokeThumb(img.thumbUrl);
    store.setState((s) => ({
      images: committedImages.size ? s.images.filter((img) => !committedImages.has(img.id)) : s.images,
      skipped: committedSkipped.size ? s.skipped.filter((k) => !committedSkipped.has(k)) : s.skipped,
      ingest: { queued: s.ingest.queued - queued, done: s.ingest.done - done },
    }));
  }

  /** Forgets every image (and its labels and skipped files) and cancels every job; embeddings stay cached by content. */
  function clear(): void {
    for (const job of [...jobs.values()]) retire(job);
    for (const img of store.getState().images) revokeThumb(img.thumbUrl);
    store.setState(() => ({
      images: [],
      labelTable: new Map(),
      skipped: [],
      ingest: { queued: 0, done: 0 },
      selection: undefined,
      preview: undefined,
      hoveredId: undefined,
      hiddenClasses: [],
    }));
  }

  const userImages = () => store.getState().images.some((img) => !isDemoPath(img.path));

  /**
   * Starts a job. The user's own files supersede the demo sky: its job is cancelled and its
   * images leave the set before the first of the user's files arrives. The demo sky, in turn,
   * never joins a set the user has started (a demo job while the user's files are loading or
   * loaded is cancelled at once).
   */
  function start(source: IngestSource): IngestJob {
    const abort = new AbortController();
    const job: JobState = {
      id: nextJobId++,
      source,
      abort,
      signal: abort.signal,
      queued: 0,
      done: 0,
      pendingImages: [],
      pendingSkipped: [],
      pendingDone: 0,
      committedImages: new Set(),
      committedSkipped: new Set(),
    };
    if (source === 'demo') {
      const userJob = [...jobs.values()].some((j) => j.source !== 'demo');
      if (userJob || userImages()) {
        abort.abort();
        return job;
      }
    }
    jobs.set(job.id, job);
    return job;
  }

  /**
   * Makes a user's job the owner of the set when the demo sky holds it (or is loading). Called
   * when its first file arrives, or earlier by a job that brings labels first (a manifest).
   */
  function claim(handle: IngestJob): void {
    const job = jobs.get(handle.id);
    if (!job || job.source === 'demo') return;
    const demoShown = store.getState().images.some((img) => isDemoPath(img.path));
    const demoLoading = [...jobs.values()].some((j) => j.source === 'demo');
    if (demoLoading || (demoShown && !userImages())) {
      // Clear everything but this job, which then owns the empty set.
      jobs.delete(job.id);
      clear();
      jobs.set(job.id, job);
    }
  }

  async function readCsv(job: JobState, item: DroppedFile): Promise<void> {
    try {
      const table = parseLabelCsv(await item.file.text());
      if (!live(job)) return;
      store.setState((s) => ({ labelTable: new Map([...s.labelTable, ...table.rows]) }));
      for (const w of table.warnings) skip(job, item.path, `labels CSV ${w}`);
    } catch (e) {
      skip(job, item.path, reasonOf(e));
    }
  }

  async function decodeAll(job: JobState, items: DroppedFile[]): Promise<void> {
    let next = 0;
    const lane = async (worker: Pick<DecodeWorkerApi, 'ingest'>) => {
      while (next < items.length && live(job)) {
        const item = items[next++];
        let result: IngestResult;
        try {
          result = await worker.ingest(item.file, item.file.name);
        } catch (e) {
          result = { ok: false, reason: `decoder failed: ${reasonOf(e)}` };
        }
        if (!live(job)) return;
        if (result.ok) accept(job, item, result);
        else job.pendingSkipped.push({ name: item.path, reason: result.reason });
        job.pendingDone++;
        flushSoon();
      }
    };
    await Promise.all(deps.workers().flatMap((w) => Array.from({ length: IN_FLIGHT_PER_WORKER }, () => lane(w))));
  }

  /**
   * Adds files to a job: CSVs are read first so labels are there when the images appear;
   * everything else is decoded in workers (model files are routed elsewhere before ingest: a
   * .onnx that reaches it is refused by the decoder with its reason). One bad file is listed as
   * skipped with its reason and never stops the others. Resolves when the files are in the store
   * (or the job was cancelled).
   */
  async function add(handle: IngestJob, files: DroppedFile[]): Promise<void> {
    const job = jobs.get(handle.id);
    if (!job) return;
    const wanted = files.filter((f) => !isIgnorable(f.path));
    if (wanted.length === 0) return;
    const isCsv = (f: DroppedFile) => sniffKind(f.file.name, new Uint8Array(0)) === 'csv';
    const csvs = wanted.filter(isCsv);
    const images = wanted.filter((f) => !isCsv(f));
    claim(job);
    if (!live(job)) return;
    await Promise.all(csvs.map((c) => readCsv(job, c)));
    if (!live(job)) return;
    job.queued += images.length;
    store.setState((s) => ({ ingest: { queued: s.ingest.queued + images.length, done: s.ingest.done } }));
    await decodeAll(job, images);
    if (live(job)) flush();
  }

  /** Records a file the job could not even hand to a decoder (a failed download, say), counted as queued and done. */
  function skipFile(handle: IngestJob, name: string, reason: string): void {
    const job = jobs.get(handle.id);
    if (!job) return;
    job.queued++;
    store.setState((s) => ({ ingest: { queued: s.ingest.queued + 1, done: s.ingest.done } }));
    job.pendingSkipped.push({ name, reason });
    job.pendingDone++;
    flushSoon();
  }

  /** Ends a job: it stops taking files; what it delivered stays. */
  function finish(handle: IngestJob): void {
    const job = jobs.get(handle.id);
    if (!job) return;
    if (live(job)) flush();
    jobs.delete(job.id);
  }

  /** Cancels a job: nothing more of it reaches the store. */
  function cancel(handle: IngestJob): void {
    const job = jobs.get(handle.id);
    if (job) retire(job);
  }

  /** One arrival of files as one job, from start to end. */
  async function ingestFiles(files: DroppedFile[], source: IngestSource = 'drop'): Promise<void> {
    const job = start(source);
    try {
      await add(job, files);
    } finally {
      finish(job);
    }
  }

  return { start, claim, add, skipFile, finish, cancel, clear, ingestFiles, liveJobs: () => [...jobs.values()].map(({ id, source }) => ({ id, source })) };
}
