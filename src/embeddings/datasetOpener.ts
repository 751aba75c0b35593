/**
 * Opens a dataset file — what `latent-sky merge` / `project` made on a cluster, or any Parquet
 * table with Embedding Atlas's columns — as the session's data: every row becomes an image (its
 * thumbnail from the file's bytes or image URL), the file's embedding becomes an imported model
 * (importer.ts) that feeds the probe, the metrics and the neighbour lists like any other, and its
 * `projection_x` / `projection_y` are that model's layout, shown as they are and marked as imported
 * (the scheduler never re-projects them). Without coordinates the embedding is projected by the app.
 *
 * The file is read by a reader in a worker (workers/dataset.worker.ts), in two steps: the columns
 * of one value per row first, and the rows are drawn; then the neighbour lists (Embedding Atlas's
 * `neighbors` column, shown instead of computed lists) and the embedding, which the model receives
 * when it is in. Both steps report progress and can be cancelled (the worker is ended).
 *
 * The set is exactly the rows: opening a dataset clears the images (cancelling any ingest) and the
 * models, whose pipelines could not embed rows that come without their pixels.
 */
import { download } from '../shared/lib/download';
import { lastSegment, type LinkFetch } from '../sharing/lib/linkHosts';
import type { DatasetStatus, ImageRecord, LatentSkyState } from '../state/store';
import type { DatasetRows } from './datasetRows';
import type { ImportedEmbeddings } from './importer';
import { DEFAULT_BUDGET, type DatasetBudget, type DatasetEmbedding, type DatasetNeighbours, type DatasetProgress, type DatasetTable } from './lib/datasetFile';

/** One opened file, read step by step (in the app, a worker: src/shared/workers.ts `openDatasetReader`). */
export interface DatasetReader {
  columns(budget: DatasetBudget, onProgress: (p: DatasetProgress) => void): Promise<DatasetTable>;
  /** Every row's embedding, or only the given rows'. */
  embedding(onProgress: (p: DatasetProgress) => void, rows?: Int32Array): Promise<DatasetEmbedding>;
  neighbours(onProgress: (p: DatasetProgress) => void): Promise<DatasetNeighbours>;
  /** Ends the reading: calls in flight never settle. */
  close(): void;
}

type Store = { getState: () => LatentSkyState; setState: (update: Partial<LatentSkyState> | ((s: LatentSkyState) => Partial<LatentSkyState>)) => void };

export interface DatasetOpenerDeps {
  store: Store;
  /** Forgets every image and cancels every ingest job (src/images/ingestController.ts `clear`). */
  clearImages: () => void;
  removeModel: (id: string) => void;
  /** The app's imported embeddings (importer.ts): the dataset's embedding becomes one of its models. */
  imported: Pick<ImportedEmbeddings, 'addImported' | 'provideVectors' | 'provideRows'>;
  /** Reads rows' vectors on demand while the dataset's embedding is not held whole (datasetRows.ts); the file's reader is kept open for it. */
  rows?: Pick<DatasetRows, 'attach' | 'detach'>;
  /** The app's consent rules for other websites (src/sharing/consent.ts), for datasets that come with a link. */
  consent: {
    askToFetch: (fetches: readonly LinkFetch[]) => Promise<boolean>;
    mayFetch: (fetch: LinkFetch) => boolean;
    rememberDeclined: (fetches: LinkFetch[], load: () => void) => void;
  };
  /** A thumbnail's URL from its bytes (object URLs in the browser). */
  thumbUrl?: (blob: Blob) => string;
  /** Opens a file for reading. */
  openReader: (file: Blob) => Promise<DatasetReader>;
  budget?: DatasetBudget;
}

/** Largest dataset fetched from a URL (the whole file is downloaded; drop the file to read only the columns that are kept). */
const MAX_DOWNLOAD_BYTES = 2 ** 31;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Progress is shown at most this often (a 10⁶-row file has hundreds of row groups). */
const PROGRESS_MS = 100;

/** "a seeded sample of 100,000 of 1,000,000 rows" */
const sampleOf = (table: DatasetTable) =>
  `a seeded sample of ${(table.embeddingSample?.rows.length ?? 0).toLocaleString('en')} of ${table.rows.toLocaleString('en')} rows`;

/** The picture type of thumbnail bytes, by their signature. */
const imageType = (b: Uint8Array) => (b[0] === 0xff && b[1] === 0xd8 ? 'image/jpeg' : 'image/png');

export type DatasetOpener = ReturnType<typeof createDatasetOpener>;

export function createDatasetOpener(deps: DatasetOpenerDeps) {
  const { store } = deps;
  const { askToFetch, mayFetch, rememberDeclined } = deps.consent;
  const thumbUrl = deps.thumbUrl ?? ((blob: Blob) => URL.createObjectURL(blob));
  const budget = deps.budget ?? DEFAULT_BUDGET;
  /** Only the latest opening may commit: a second file opened while the first is read wins. */
  let generation = 0;
  /** The reader of the latest opening, until it has read all it will. */
  let reader: DatasetReader | undefined;
  /** The reader kept open after the opening, for rows read on demand (datasetRows.ts). */
  let kept: DatasetReader | undefined;
  /** The dataset's status before the opening under way, restored if it is cancelled before its rows are shown. */
  let before: DatasetStatus | undefined;

  const status = (patch: Partial<DatasetStatus>) =>
    store.setState((s) => ({ dataset: { ...(s.dataset ?? { name: '', loading: false, notes: [] }), ...patch } }));

  function thumbnails(table: DatasetTable, baseUrl: string): string[] {
    const images = table.images;
    if (!images) return new Array<string>(table.rows).fill('');
    if (images.kind === 'bytes') {
      const { bytes, offsets } = images;
      return Array.from({ length: table.rows }, (_, i) => {
        const b = bytes.subarray(offsets[i], offsets[i + 1]);
        return b.length ? thumbUrl(new Blob([b as BlobPart], { type: imageType(b) })) : '';
      });
    }
    return images.values.map((u) => {
      if (!u) return '';
      try {
        const url = new URL(u, baseUrl);
        // Only pictures from the web or inline ones: never javascript: or file: URLs.
        return ['http:', 'https:', 'data:'].includes(url.protocol) ? url.href : '';
      } catch {
        return '';
      }
    });
  }

  /** Image URLs on other websites, when the dataset came with a link: shown only once the user agreed. */
  async function allowedThumbs(urls: string[], fromLink: boolean): Promise<{ urls: string[]; note?: string }> {
    if (!fromLink) return { urls };
    const perHost = new Map<string, LinkFetch>();
    for (const u of urls) if (u.startsWith('http')) perHost.set(new URL(u).host, { kind: 'image', url: u, name: 'dataset thumbnails' });
    const fetches = [...perHost.values()];
    await askToFetch(fetches);
    const refused = fetches.filter((f) => !mayFetch(f));
    if (refused.length === 0) return { urls };
    const hosts = new Set(refused.map((f) => new URL(f.url).host));
    return {
      urls: urls.map((u) => (u.startsWith('http') && hosts.has(new URL(u).host) ? '' : u)),
      note: `thumbnails from ${[...hosts].join(', ')} not shown: you chose not to load them`,
    };
  }

  /** Makes the table the session's data; resolves with its model's and pipeline's ids, or undefined if another opening took over. */
  async function commit(
    name: string,
    table: DatasetTable,
    baseUrl: string,
    fromLink: boolean,
    mine: () => boolean,
  ): Promise<{ modelId: string; pipelineId: string; imageIds: string[]; notes: string[] } | undefined> {
    const thumbs = await allowedThumbs(thumbnails(table, baseUrl), fromLink);
    if (!mine()) return;
    deps.clearImages();
    for (const m of store.getState().models) deps.removeModel(m.id);
    const dim = table.embedding?.dim ?? 0;
    const hashes = table.hashes.map((h, i) => h ?? `row-${i}`);
    // The model (and its pipeline) first, while the set is empty, so nothing is embedded or projected before its layout is in place.
    const model = await deps.imported.addImported({ label: name, names: hashes, dim, vectors: table.embedding?.vectors ?? new Float32Array(0) }, name);
    const pipeline = store.getState().pipelines.find((p) => p.modelId === model.id);
    if (!mine() || !pipeline) return undefined;
    const images: ImageRecord[] = new Array(table.rows);
    for (let i = 0; i < table.rows; i++) {
      images[i] = {
        id: `ds${generation}-${i}`,
        hash: hashes[i],
        name: table.names[i],
        path: table.paths[i],
        format: 'dataset',
        width: 0,
        height: 0,
        thumbUrl: thumbs.urls[i],
        ...(table.labels[i] !== null && { folderLabel: table.labels[i]! }),
        ...(table.ra[i] !== null && table.dec[i] !== null && { sky: { ra: table.ra[i]!, dec: table.dec[i]! } }),
      };
    }
    const metaKeys = Object.keys(table.meta);
    const labelTable = new Map(
      metaKeys.length === 0
        ? []
        : images.map(
            (img, i) =>
              [
                img.name,
                {
                  label: table.labels[i] ?? undefined,
                  meta: Object.fromEntries(metaKeys.flatMap((k) => (table.meta[k][i] === null ? [] : [[k, table.meta[k][i]!]]))),
                },
              ] as const,
          ),
    );
    const notes = [
      table.coords ? `coordinates: projection_x, projection_y (imported, shown as they are)` : 'no coordinates in the file: the embedding is projected here',
      table.embedding
        ? `embedding: ${table.embedding.column}, ${dim}-d`
        : table.embeddingColumn
          ? `embedding: ${table.embeddingColumn}, read next`
          : table.embeddingSample
            ? `embedding: ${table.embeddingSample.column} of ${sampleOf(table)} (${table.embeddingNotLoaded}), read next`
            : `embedding not loaded: ${table.embeddingNotLoaded ?? 'the file has none'}`,
      ...(table.neighboursColumn ? [`neighbour lists: ${table.neighboursColumn}, read next`] : []),
      table.images ? `thumbnails: ${table.images.column}` : `no thumbnails${table.imagesNotLoaded ? `: ${table.imagesNotLoaded}` : ''}`,
      ...(thumbs.note ? [thumbs.note] : []),
    ];
    store.setState((s) => ({
      images,
      labelTable,
      ...(table.coords && {
        projections: {
          ...s.projections,
          [pipeline.id]: { key: `dataset:${generation}:${name}`, imageIds: images.map((img) => img.id), coords: table.coords, imported: true },
        },
      }),
      datasetNeighbours: undefined,
      dataset: { name, loading: false, rows: table.rows, notes },
    }));
    return { modelId: model.id, pipelineId: pipeline.id, imageIds: images.map((img) => img.id), notes };
  }

  /** The status's progress, at most every PROGRESS_MS (and at every change of step or column). */
  function progressReporter(mine: () => boolean) {
    let last = 0;
    let shown: DatasetProgress | undefined;
    return (p: DatasetProgress) => {
      const now = performance.now();
      if (!mine() || (now - last < PROGRESS_MS && p.stage === shown?.stage && p.column === shown?.column && p.rows < p.total)) return;
      last = now;
      shown = p;
      status({ read: p });
    };
  }

  /** The status with its reading stopped: what was still to be read is noted as `why`. */
  const notRead = (s: DatasetStatus, why: string): DatasetStatus => ({
    ...s,
    read: undefined,
    cancelled: undefined,
    notes: s.notes.map((n) => (n.endsWith(', read next') ? `${n.replace(/, read next$/, '')}: ${why}` : n)),
  });

  /** A note of the status replaced (`embedding: …, read next` by what became of it). */
  const replaceNote = (prefix: string, note: string) =>
    store.setState((s) => (s.dataset ? { dataset: { ...s.dataset, notes: s.dataset.notes.map((n) => (n.startsWith(prefix) ? note : n)) } } : {}));

  /** After the rows are shown: the neighbour lists, then the embedding, each in the status when in (or why not). */
  async function readLists(r: DatasetReader, table: DatasetTable, made: NonNullable<Awaited<ReturnType<typeof commit>>>, mine: () => boolean) {
    const onProgress = progressReporter(mine);
    if (table.neighboursColumn) {
      const column = table.neighboursColumn;
      status({ read: { stage: 'neighbours', column, rows: 0, total: table.rows } });
      try {
        const lists = await r.neighbours(onProgress);
        if (!mine()) return;
        store.setState({ datasetNeighbours: { ...lists, pipelineId: made.pipelineId, imageIds: made.imageIds } });
        const k = table.rows ? Math.round(lists.ids.length / table.rows) : 0;
        replaceNote(`neighbour lists: ${column}`, `neighbour lists: ${column} (${k} per row, from the file)`);
      } catch (e) {
        if (mine()) replaceNote(`neighbour lists: ${column}`, `neighbour lists not read: ${message(e)}`);
      }
    }
    if (table.embeddingColumn && !table.embedding) {
      const column = table.embeddingColumn;
      status({ read: { stage: 'embedding', column, rows: 0, total: table.rows } });
      try {
        const e = await r.embedding(onProgress);
        if (!mine()) return;
        deps.imported.provideVectors(made.modelId, e.dim, e.vectors);
        replaceNote(`embedding: ${column}`, `embedding: ${column}, ${e.dim}-d`);
        status({ read: undefined });
      } catch (e) {
        if (mine()) replaceNote(`embedding: ${column}`, `embedding not loaded: ${message(e)}`);
      }
    }
    if (table.embeddingSample) await readSample(r, table, table.embeddingSample, made.modelId, mine);
  }

  /**
   * Where the tab does not hold the whole embedding: a seeded sample's vectors, which the probe and
   * the metrics run on (the status says so); other rows' are read when needed (datasetRows.ts).
   */
  async function readSample(r: DatasetReader, table: DatasetTable, sample: NonNullable<DatasetTable['embeddingSample']>, modelId: string, mine: () => boolean) {
    const { column, rows } = sample;
    status({ read: { stage: 'embedding', column, rows: 0, total: table.rows } });
    // A worker's progress reports travel on their own channel, unordered with its reply: one arriving after it is dropped.
    let reading = true;
    try {
      const e = await r.embedding(
        progressReporter(() => reading && mine()),
        rows,
      );
      if (!mine()) return;
      deps.imported.provideRows(modelId, rows, e.dim, e.vectors);
      replaceNote(
        `embedding: ${column}`,
        `embedding: ${column}, ${e.dim}-d, of ${sampleOf(table)} (${table.embeddingNotLoaded}): the probe and metrics run on the sample; a clicked point's vector is read when needed`,
      );
      status({ read: undefined, sample: { rows: rows.length, total: table.rows } });
    } catch (e) {
      if (mine()) replaceNote(`embedding: ${column}`, `embedding not loaded: ${message(e)}`);
    } finally {
      reading = false;
    }
  }

  /** Ends the reading under way and the reader kept for rows read on demand (often the same one). */
  function closeReaders(): void {
    deps.rows?.detach();
    for (const r of new Set([reader, kept])) r?.close();
    reader = kept = undefined;
  }

  async function open(name: string, file: Blob, baseUrl: string, fromLink: boolean, mine: () => boolean): Promise<void> {
    // A file opened while another is read takes its place.
    closeReaders();
    // A dataset being read when this one was opened (its rows shown, its lists not yet) comes back as such.
    const shown = store.getState().dataset;
    before = shown?.loading ? undefined : shown && notRead(shown, 'not read: another file was opened');
    status({
      name,
      loading: true,
      progress: undefined,
      read: undefined,
      error: undefined,
      rows: undefined,
      notes: [],
      cancelled: undefined,
      sample: undefined,
      demand: undefined,
    });
    let r: DatasetReader | undefined;
    try {
      r = await deps.openReader(file);
      if (!mine()) return r.close();
      reader = r;
      const onProgress = progressReporter(mine);
      const table = await r.columns(budget, onProgress);
      // Without coordinates the app projects the embedding: nothing can be drawn before it is in.
      if (!table.coords && table.embeddingColumn) table.embedding = await r.embedding(onProgress);
      if (!mine()) return;
      const made = await commit(name, table, baseUrl, fromLink, mine);
      // Rows not held are read on demand from the same reader, from now on (also while the sample is read).
      if (made && table.embeddingSample && deps.rows) {
        kept = r;
        deps.rows.attach({ reader: r, modelId: made.modelId, imageIds: made.imageIds });
      }
      if (made) await readLists(r, table, made, mine);
    } catch (e) {
      if (mine()) status({ loading: false, read: undefined, error: `${name}: ${message(e)}` });
    } finally {
      if (mine()) {
        status({ read: undefined });
        reader = undefined;
        if (r !== kept) r?.close();
      }
    }
  }

  /**
   * Cancels the opening under way: before its rows are shown nothing changes (the previous
   * dataset's status comes back); after, the rows stay and what was not read yet is noted.
   */
  function cancel(): void {
    const s = store.getState().dataset;
    if (!s || (!s.loading && !reader)) return;
    generation++;
    closeReaders();
    store.setState({ dataset: !s.loading ? notRead(s, 'not read (cancelled)') : (before ?? { name: s.name, loading: false, notes: [], cancelled: true }) });
  }

  /** A dropped or picked file: only the columns the app keeps are read from it. */
  function openFile(file: File): Promise<void> {
    const mine = (
      (g) => () =>
        g === generation
    )(++generation);
    return open(file.name, file, location.href, false, mine);
  }

  /** `?dataset=<url>` (fromLink: asks first when the host is another website) or a URL the user typed. */
  async function openUrl(url: string, { fromLink = false } = {}): Promise<void> {
    const mine = (
      (g) => () =>
        g === generation
    )(++generation);
    const absolute = new URL(url, location.href).href;
    const name = lastSegment(absolute) || absolute;
    if (fromLink) {
      const fetch: LinkFetch = { kind: 'dataset', url: absolute, name };
      await askToFetch([fetch]);
      if (!mayFetch(fetch)) {
        rememberDeclined([fetch], () => void openUrl(url, { fromLink }));
        return;
      }
    }
    status({ name, loading: true, progress: 0, error: undefined, rows: undefined, notes: [], sample: undefined, demand: undefined });
    let bytes: Uint8Array;
    try {
      bytes = await download(absolute, {
        maxBytes: MAX_DOWNLOAD_BYTES,
        retries: 2,
        onProgress: (received, total) => mine() && status({ progress: total > 0 ? received / total : NaN }),
      });
    } catch (e) {
      if (mine()) status({ loading: false, error: `could not download ${absolute}: ${message(e)}` });
      return;
    }
    if (!mine()) return;
    await open(name, new Blob([bytes as BlobPart]), absolute, fromLink, mine);
  }

  return { openFile, openUrl, cancel };
}

/** True for files the app opens as a dataset rather than as images. */
export const isDatasetFile = (name: string) => /\.parquet$/i.test(name);
