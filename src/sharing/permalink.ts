/**
 * Permalinks in the URL fragment: the app's choices are written to `#s=…` as the user works
 * (debounced, replacing the history entry rather than adding one), and a link opened in another
 * browser rebuilds the same models, pipelines and settings. Files cannot travel: the recipient
 * drops the same files and they are matched by content, after which embeddings, layouts and probe
 * numbers follow by themselves (every result is keyed by content).
 */
import { linkFetches, linkModelUrl, type LinkFetch } from './lib/linkHosts';
import { decodeState, encodeState, type AppStateV1 } from './lib/linkCodec';
import { LINK_HASH_CHARS, linkDataset, toLinkState, type LinkDataset } from './linkState';
import { getState, setState, useStore, type LatentSkyState, type ModelRecord } from '../state/store';
import type { ColourBy } from '../state/colourValues';
import { askToFetch, mayFetch, rememberDeclined } from './consent';
import { loadDemoSky } from '../images/demo';
import { loadManifest, manifestOfCurrentImages } from '../images/manifestLoader';
import { addModel, addPixelBaseline, type AddModelOptions } from '../models/models';
import { addPipeline, setPipelineModelInput, updatePipeline } from '../models/pipelines';

const PREFIX = '#s=';
const DEBOUNCE_MS = 600;

/** Local model files a link names, with the settings to apply when the user supplies them. */
const pendingModelFiles = new Map<string, { model: AppStateV1['models'][number]; state: AppStateV1; pipelineIds: Map<string, string> }>();
let pendingSelection: string[] | undefined;

export const linkFromLocation = (hash = location.hash): string | undefined => (hash.startsWith(PREFIX) ? hash.slice(PREFIX.length) : undefined);

export async function currentLink(): Promise<string> {
  return `${location.origin}${location.pathname}${location.search}${PREFIX}${await encodeState(await toLinkState(getState(), manifestOfCurrentImages()))}`;
}

function optionsOf(m: AppStateV1['models'][number]): AddModelOptions {
  const settings = { name: m.name, output: m.output, inputSize: m.inputSize, mean: m.mean, std: m.std, backend: m.backend };
  // A zoo model keeps the exact file the link was made with; a bundled one is this app's own copy.
  if (m.registry) return { ...settings, registry: m.registry.id, dtype: m.registry.dtype, url: linkModelUrl(m) };
  return { ...settings, url: linkModelUrl(m) };
}

/** Gives a model the link's pipelines: the first replaces its default pipeline, the rest are added. */
function rebuildPipelines(state: AppStateV1, linkModelId: string, model: ModelRecord, pipelineIds: Map<string, string>): void {
  const wanted = state.pipelines.filter((p) => p.modelId === linkModelId);
  const first = getState().pipelines.find((p) => p.modelId === model.id);
  wanted.forEach((p, i) => {
    if (i === 0 && first) {
      updatePipeline(first.id, p.preprocessing);
      setPipelineModelInput(first.id, p.modelInput);
      pipelineIds.set(p.id, first.id);
    } else pipelineIds.set(p.id, addPipeline(model.id, p.preprocessing, p.modelInput).id);
    const camera = state.view.cameras?.[p.id];
    if (camera) setState((s) => ({ cameras: { ...s.cameras, [pipelineIds.get(p.id)!]: camera } }));
  });
  if (state.view.alignTo && pipelineIds.has(state.view.alignTo)) setState({ alignTo: pipelineIds.get(state.view.alignTo) });
}

export async function openLink(link: string): Promise<void> {
  const decoded = await decodeState(link);
  if (!decoded.ok) {
    setState({ link: { error: decoded.error, missingModelFiles: [] } });
    return;
  }
  const state = decoded.state;
  setState({
    umap: state.umap,
    probeSettings: { ...state.probe },
    colourBy: state.view.colourBy as ColourBy,
    hiddenClasses: state.view.hiddenClasses,
    link: { files: state.dataset.kind === 'files' ? state.dataset : undefined, missingModelFiles: [] },
  });
  pendingSelection = state.view.selection;
  // The link's labels apply to whichever files with those contents are dropped, now or later; they are newer than any kept in this browser.
  if (state.labels) {
    const labels = state.labels.flatMap((g) => g.hashes.map((h) => [h, g.class] as const));
    setState((s) => ({ labelEdits: new Map([...s.labelEdits, ...labels]) }));
  }
  // Nothing is fetched from another website before the user agreed: one question for every host
  // the link names (models and the manifest). The settings above apply either way.
  const fetches = linkFetches(state);
  await askToFetch(fetches);
  const declinedFetch = (url: string | undefined): LinkFetch | undefined => {
    const f = url === undefined ? undefined : fetches.find((x) => x.url === url);
    return f && !mayFetch(f) ? f : undefined;
  };
  const pipelineIds = new Map<string, string>();
  for (const m of state.models) {
    const load = () => void addModel(optionsOf(m), (record) => rebuildPipelines(state, m.id, record, pipelineIds)).catch(() => undefined); // errors show on the card
    const declined = declinedFetch(linkModelUrl(m));
    if (m.source.kind === 'builtin') {
      rebuildPipelines(state, m.id, await addPixelBaseline(), pipelineIds);
    } else if (m.source.kind === 'file' && !m.registry) {
      pendingModelFiles.set(m.source.fileName, { model: m, state, pipelineIds });
    } else if (declined) {
      rememberDeclined([declined], load);
    } else {
      load();
    }
  }
  setState((s) => ({ link: { ...s.link!, missingModelFiles: [...pendingModelFiles.keys()] } }));
  if (state.dataset.kind === 'demo') await loadDemoSky();
  if (state.dataset.kind === 'manifest') {
    const url = state.dataset.url;
    const declined = declinedFetch(url);
    if (declined) rememberDeclined([declined], () => void loadManifest(url, { fromLink: true }).then(applySelection));
    else await loadManifest(url, { fromLink: true });
  }
  applySelection();
}

/** A dropped .onnx that a link asked for gets the link's settings and pipelines. True if it was claimed. */
export function claimLinkedModelFile(file: File): boolean {
  const pending = pendingModelFiles.get(file.name);
  if (!pending) return false;
  pendingModelFiles.delete(file.name);
  setState((s) => ({ link: s.link && { ...s.link, missingModelFiles: [...pendingModelFiles.keys()] } }));
  addModel({ ...optionsOf(pending.model), url: undefined, file }, (record) =>
    rebuildPipelines(pending.state, pending.model.id, record, pending.pipelineIds),
  ).catch(() => undefined);
  return true;
}

/** The link's selection, once the images it names have been dropped. */
function applySelection(): void {
  if (!pendingSelection) return;
  const wanted = new Set(pendingSelection);
  const ids = getState()
    .images.filter((i) => wanted.has(i.hash.slice(0, LINK_HASH_CHARS)))
    .map((i) => i.id);
  if (ids.length > 0) setState({ selection: new Set(ids) });
  if (ids.length >= wanted.size) pendingSelection = undefined;
}

/** What the link records; a change of anything else (progress, hover) does not rewrite the URL. */
const chosen = (s: LatentSkyState) => [
  s.models,
  s.pipelines,
  s.umap,
  s.probeSettings,
  s.colourBy,
  s.hiddenClasses,
  s.alignTo,
  s.selection,
  s.images,
  s.manifest,
  s.cameras,
  s.labelEdits,
];

export function startUrlSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = chosen(getState());
  let written = '';
  // The dataset part of the link, kept while the images (and their manifest) stay the same: a
  // selection or a pan rewrites the URL without sorting and hashing every image again.
  let dataset: { images: LatentSkyState['images']; manifestUrl?: string; value: Promise<LinkDataset> } | undefined;
  const write = async () => {
    const s = getState();
    const empty = s.models.length === 0 && s.images.length === 0;
    const manifestUrl = manifestOfCurrentImages();
    if (dataset?.images !== s.images || dataset.manifestUrl !== manifestUrl)
      dataset = { images: s.images, manifestUrl, value: linkDataset(s.images, manifestUrl) };
    const hash = empty ? '' : `${PREFIX}${await encodeState(await toLinkState(s, manifestUrl, dataset.value))}`;
    if (hash === written) return;
    written = hash;
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  };
  return useStore.subscribe((s) => {
    const now = chosen(s);
    if (now.every((v, i) => v === last[i])) return;
    const imagesChanged = now[8] !== last[8];
    // Recorded before applying the link's selection: that sets the selection, which calls this
    // listener again at once, and it must not see the same new images again (endless recursion).
    last = now;
    if (imagesChanged) applySelection();
    clearTimeout(timer);
    timer = setTimeout(() => void write().catch((e) => console.warn('permalink:', e)), DEBOUNCE_MS);
  });
}
