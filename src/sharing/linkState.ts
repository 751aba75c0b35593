/**
 * The store's "what the user chose" as a permalink state (src/sharing/lib/linkCodec.ts). Everything
 * computed (embeddings, layouts, probe results) is left out: the recipient rebuilds it.
 */
import { isDemoPath } from '../images/lib/demoSky';
import { roundCamera } from '../projection/lib/camera';
import { contentHash } from '../shared/lib/hash';
import { MAX_LINK_LABELS, type AppStateV1 } from './lib/linkCodec';
import { labelKey, type LabelEdits } from '../labelling/lib/labelEdits';
import type { LatentSkyState, ModelRecord } from '../state/store';

/** Hex digits of each content hash a link carries: 40 bits tell any two real files apart. */
export const LINK_HASH_CHARS = 10;
/** Up to this many files, the link lists each file's hash prefix; beyond it, only their digest. */
const MAX_LISTED_FILES = 150;
const MAX_SELECTION = 2000;

/** Digest of a set of files: independent of order and of duplicates. */
export async function datasetDigest(hashes: Iterable<string>): Promise<string> {
  const sorted = [...new Set(hashes)].sort();
  return contentHash(new TextEncoder().encode(sorted.join('\n')));
}

function linkModel(m: ModelRecord): AppStateV1['models'][number] {
  const { request } = m;
  const src = request.source as Exclude<typeof request.source, { kind: 'imported' }>;
  const source = src.kind === 'url' && !/^https?:/.test(src.url) ? { kind: 'url' as const, url: new URL(src.url, location.href).href } : src;
  return {
    id: m.id,
    name: request.name.slice(0, 200),
    source,
    output: m.info?.output ?? request.output,
    inputSize: request.inputSize,
    mean: request.mean,
    std: request.std,
    backend: request.backend,
    registry: request.registryId ? { id: request.registryId, dtype: request.dtype } : undefined,
  };
}

export type LinkDataset = AppStateV1['dataset'];

/**
 * The images a link names: the demo sky, the manifest they came from, or the dropped files' digest
 * (and, for a few files, their hash prefixes). It depends on the images alone, so a caller that
 * writes links often can keep it while the images stay the same (sorting and hashing 50k hashes is
 * not free).
 */
export async function linkDataset(images: LatentSkyState['images'], manifestUrl?: string): Promise<LinkDataset> {
  if (images.length > 0 && images.every((i) => isDemoPath(i.path))) return { kind: 'demo' };
  if (manifestUrl) return { kind: 'manifest', url: manifestUrl };
  const hashes = [...new Set(images.map((i) => i.hash))].sort();
  return {
    kind: 'files',
    count: hashes.length,
    digest: await datasetDigest(hashes),
    hashes: hashes.length <= MAX_LISTED_FILES ? hashes.map((h) => h.slice(0, LINK_HASH_CHARS)) : [],
  };
}

/**
 * The app's labels of the images loaded now, grouped by class (classes and prefixes sorted, so the
 * same labels give the same link). More than a link can hold: none travel (a partial set would
 * silently give the recipient other probe numbers).
 */
export function linkLabelsOf(images: LatentSkyState['images'], edits: LabelEdits): AppStateV1['labels'] {
  const groups = new Map<string | null, Set<string>>();
  for (const img of images) {
    const key = labelKey(img.hash);
    const value = edits.get(key);
    if (value === undefined) continue;
    if (!groups.has(value)) groups.set(value, new Set());
    groups.get(value)!.add(key);
  }
  const total = [...groups.values()].reduce((n, g) => n + g.size, 0);
  if (total === 0 || total > MAX_LINK_LABELS) return undefined;
  return [...groups].sort(([a], [b]) => (a ?? '').localeCompare(b ?? '')).map(([cls, keys]) => ({ class: cls, hashes: [...keys].sort() }));
}

/** `manifestUrl`: the manifest the images came from, when they all did (see pipeline/manifest.ts). */
export async function toLinkState(s: LatentSkyState, manifestUrl?: string, dataset?: Promise<LinkDataset>): Promise<AppStateV1> {
  const selected = s.selection ? s.images.filter((i) => s.selection!.has(i.id)).map((i) => i.hash.slice(0, LINK_HASH_CHARS)) : undefined;
  // Imported embeddings stay on this computer, like dropped files; they are not part of a link.
  const models = s.models.filter((m) => m.status !== 'error' && m.request.source.kind !== 'imported');
  const pipelines = s.pipelines.filter((p) => models.some((m) => m.id === p.modelId));
  const cameras: Record<string, [number, number, number, number]> = {};
  for (const p of pipelines) if (s.cameras[p.id]) cameras[p.id] = [...roundCamera(s.cameras[p.id])];
  return {
    v: 1,
    dataset: await (dataset ?? linkDataset(s.images, manifestUrl)),
    models: models.map(linkModel),
    labels: linkLabelsOf(s.images, s.labelEdits),
    appClasses: s.appClasses.length > 0 ? s.appClasses.slice(0, 1000) : undefined,
    pipelines: pipelines.map((p) => ({
      id: p.id,
      modelId: p.modelId,
      preprocessing: p.preprocessing,
      ...(p.modelInput !== undefined && { modelInput: p.modelInput }),
    })),
    umap: { nNeighbors: s.umap.nNeighbors, minDist: s.umap.minDist, seed: s.umap.seed },
    clusters: Object.keys(s.clusterSettings).length > 0 ? { ...s.clusterSettings } : undefined,
    probe: { ...s.probeSettings },
    view: {
      colourBy: s.colourBy,
      alignTo: s.alignTo,
      hiddenClasses: [...s.hiddenClasses].slice(0, 100),
      contours: s.showContours || undefined,
      selection: selected && selected.length <= MAX_SELECTION ? [...new Set(selected)] : undefined,
      cameras: Object.keys(cameras).length > 0 ? cameras : undefined,
    },
  };
}
