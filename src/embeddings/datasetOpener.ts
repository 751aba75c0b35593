/**
 * Opens a dataset file — what `latent-sky merge` / `project` made on a cluster, or any Parquet
 * table with Embedding Atlas's columns — as the session's data: every row becomes an image (its
 * thumbnail from the file's bytes or image URL), the file's embedding becomes an imported model
 * (importer.ts) that feeds the probe, the metrics and the neighbour lists like any other, and its
 * `projection_x` / `projection_y` are that model's layout, shown as they are and marked as imported
 * (the scheduler never re-projects them). Without coordinates the embedding is projected by the app.
 *
 * The set is exactly the rows: opening a dataset clears the images (cancelling any ingest) and the
 * models, whose pipelines could not embed rows that come without their pixels.
 */
import { download } from '../shared/lib/download';
import { lastSegment, type LinkFetch } from '../sharing/lib/linkHosts';
import type { DatasetStatus, ImageRecord, LatentSkyState } from '../state/store';
import type { ImportedEmbeddings } from './importer';
import { blobBuffer, readDataset, type DatasetTable } from './lib/datasetFile';
import type { AsyncBuffer } from 'hyparquet';

type Store = { getState: () => LatentSkyState; setState: (update: Partial<LatentSkyState> | ((s: LatentSkyState) => Partial<LatentSkyState>)) => void };

export interface DatasetOpenerDeps {
  store: Store;
  /** Forgets every image and cancels every ingest job (src/images/ingestController.ts `clear`). */
  clearImages: () => void;
  removeModel: (id: string) => void;
  /** The app's imported embeddings (importer.ts): the dataset's embedding becomes one of its models. */
  imported: Pick<ImportedEmbeddings, 'addImported'>;
  /** The app's consent rules for other websites (src/sharing/consent.ts), for datasets that come with a link. */
  consent: {
    askToFetch: (fetches: readonly LinkFetch[]) => Promise<boolean>;
    mayFetch: (fetch: LinkFetch) => boolean;
    rememberDeclined: (fetches: LinkFetch[], load: () => void) => void;
  };
  /** A thumbnail's URL from its bytes (object URLs in the browser). */
  thumbUrl?: (blob: Blob) => string;
}

/** Largest dataset fetched from a URL (the whole file is downloaded; drop the file to read only the columns that are kept). */
const MAX_DOWNLOAD_BYTES = 2 ** 31;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The picture type of thumbnail bytes, by their signature. */
const imageType = (b: Uint8Array) => (b[0] === 0xff && b[1] === 0xd8 ? 'image/jpeg' : 'image/png');

export type DatasetOpener = ReturnType<typeof createDatasetOpener>;

export function createDatasetOpener(deps: DatasetOpenerDeps) {
  const { store } = deps;
  const { askToFetch, mayFetch, rememberDeclined } = deps.consent;
  const thumbUrl = deps.thumbUrl ?? ((blob: Blob) => URL.createObjectURL(blob));
  /** Only the latest opening may commit: a second file opened while the first is read wins. */
  let generation = 0;

  const status = (patch: Partial<DatasetStatus>) =>
    store.setState((s) => ({ dataset: { ...(s.dataset ?? { name: '', loading: false, notes: [] }), ...patch } }));

  function thumbnails(table: DatasetTable, baseUrl: string): string[] {
    const images = table.images;
    if (!images) return new Array<string>(table.rows).fill('');
    if (images.kind === 'bytes') return images.values.map((b) => (b ? thumbUrl(new Blob([b as BlobPart], { type: imageType(b) })) : ''));
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

  async function commit(name: string, table: DatasetTable, baseUrl: string, fromLink: boolean, mine: () => boolean): Promise<void> {
    const thumbs = await allowedThumbs(thumbnails(table, baseUrl), fromLink);
    if (!mine()) return;
    deps.clearImages();
    for (const m of store.getState().models) deps.removeModel(m.id);
    const dim = table.embedding?.dim ?? 0;
    const hashes = table.hashes.map((h, i) => h ?? `row-${i}`);
    // The model (and its pipeline) first, while the set is empty, so nothing is embedded or projected before its layout is in place.
    const model = await deps.imported.addImported({ label: name, names: hashes, dim, vectors: table.embedding?.vectors ?? new Float32Array(0) }, name);
    const pipeline = store.getState().pipelines.find((p) => p.modelId === model.id);
    if (!mine() || !pipeline) return;
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
      table.embedding ? `embedding: ${table.embedding.column}, ${dim}-d` : `embedding not loaded: ${table.embeddingNotLoaded ?? 'the file has none'}`,
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
      dataset: { name, loading: false, rows: table.rows, notes },
    }));
  }

  async function open(name: string, file: AsyncBuffer, baseUrl: string, fromLink: boolean, mine: () => boolean): Promise<void> {
    status({ name, loading: true, progress: undefined, error: undefined, rows: undefined, notes: [] });
    try {
      const table = await readDataset(file);
      if (mine()) await commit(name, table, baseUrl, fromLink, mine);
    } catch (e) {
      if (mine()) status({ loading: false, error: `${name}: ${message(e)}` });
    }
  }

  /** A dropped or picked file: only the columns the app keeps are read from it. */
  function openFile(file: File): Promise<void> {
    const mine = (
      (g) => () =>
        g === generation
    )(++generation);
    return open(file.name, blobBuffer(file), location.href, false, mine);
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
    status({ name, loading: true, progress: 0, error: undefined, rows: undefined, notes: [] });
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
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    await open(name, buffer, absolute, fromLink, mine);
  }

  return { openFile, openUrl };
}

/** True for files the app opens as a dataset rather than as images. */
export const isDatasetFile = (name: string) => /\.parquet$/i.test(name);
