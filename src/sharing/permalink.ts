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
import { withAppClass } from '../shared/lib/palette';
import { subscribeToSlices, type LatentSkyState, type LatentSkyStoreApi, type ModelRecord, type PipelineRecord } from '../state/store';
import type { ColourBy } from '../state/colourValues';
import type { Preprocessing } from '../preprocessing/lib/preprocessing';
import type { ModelInputRecipe } from '../models/lib/modelInput';
import type { Consent } from './consent';
import type { AddModelOptions } from '../models/lib/modelOptions';

const PREFIX = '#s=';
const DEBOUNCE_MS = 600;

/** What a link asks of a model: the settings a permalink records (src/models/models.ts reads them). */
export type LinkModelOptions = AddModelOptions;

export interface LinkDeps {
  store: LatentSkyStoreApi;
  consent: Pick<Consent, 'askToFetch' | 'mayFetch' | 'rememberDeclined'>;
  models: {
    add: (options: LinkModelOptions, onCreated: (model: ModelRecord) => void) => Promise<unknown>;
    addPixelBaseline: () => Promise<ModelRecord>;
  };
  pipelines: {
    add: (modelId: string, preprocessing: Preprocessing, modelInput?: ModelInputRecipe | null) => PipelineRecord;
    update: (id: string, preprocessing: Preprocessing) => void;
    setModelInput: (id: string, modelInput: ModelInputRecipe | null | undefined) => void;
  };
  dataset: {
    loadDemoSky: () => Promise<void>;
    loadManifest: (url: string, options: { fromLink: boolean }) => Promise<void>;
    /** The manifest the current images came from, if they all did. */
    manifestOfCurrentImages: () => string | undefined;
  };
  /** The page's address, and how to replace it without a new history entry. */
  page: { href: () => string; replace: (url: string) => void };
  debounceMs?: number;
}

export type LinkController = ReturnType<typeof createLinkController>;

export const linkFromLocation = (hash = location.hash): string | undefined => (hash.startsWith(PREFIX) ? hash.slice(PREFIX.length) : undefined);

function optionsOf(m: AppStateV1['models'][number]): LinkModelOptions {
  const settings = { name: m.name, output: m.output, inputSize: m.inputSize, mean: m.mean, std: m.std, backend: m.backend };
  // A zoo model keeps the exact file the link was made with; a bundled one is this app's own copy.
  if (m.registry) return { ...settings, registry: m.registry.id, dtype: m.registry.dtype, url: linkModelUrl(m) };
  return { ...settings, url: linkModelUrl(m) };
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
  s.appClasses,
  s.clusterSettings,
  s.showContours,
];

/**
 * Opens permalinks (rebuilding their models, pipelines and view) and keeps the page's URL in step
 * with what the user chose. Holds what a link still waits for: local model files it names, and
 * its selection until the images it names are there.
 */
export function createLinkController(deps: LinkDeps) {
  const { store, consent, models, pipelines, dataset, page } = deps;
  const { getState, setState } = store;
  /** Local model files a link names, with the settings to apply when the user supplies them. */
  const pendingModelFiles = new Map<string, { model: AppStateV1['models'][number]; state: AppStateV1; pipelineIds: Map<string, string> }>();
  let pendingSelection: string[] | undefined;
  const stops: (() => void)[] = [];

  // The dataset part of the link, kept while the images (and their manifest) stay the same: a
  // selection or a pan rewrites the URL without sorting and hashing every image again.
  let datasetPart: { images: LatentSkyState['images']; manifestUrl?: string; value: Promise<LinkDataset> } | undefined;
  const linkOf = async (s: LatentSkyState) => {
    const manifestUrl = dataset.manifestOfCurrentImages();
    if (datasetPart?.images !== s.images || datasetPart.manifestUrl !== manifestUrl)
      datasetPart = { images: s.images, manifestUrl, value: linkDataset(s.images, manifestUrl) };
    return `${PREFIX}${await encodeState(await toLinkState(s, manifestUrl, datasetPart.value))}`;
  };

  /** Gives a model the link's pipelines: the first replaces its default pipeline, the rest are added. */
  function rebuildPipelines(state: AppStateV1, linkModelId: string, model: ModelRecord, pipelineIds: Map<string, string>): void {
    const wanted = state.pipelines.filter((p) => p.modelId === linkModelId);
    const first = getState().pipelines.find((p) => p.modelId === model.id);
    wanted.forEach((p, i) => {
      if (i === 0 && first) {
        pipelines.update(first.id, p.preprocessing);
        pipelines.setModelInput(first.id, p.modelInput);
        pipelineIds.set(p.id, first.id);
      } else pipelineIds.set(p.id, pipelines.add(model.id, p.preprocessing, p.modelInput).id);
      const camera = state.view.cameras?.[p.id];
      if (camera) setState((s) => ({ cameras: { ...s.cameras, [pipelineIds.get(p.id)!]: camera } }));
    });
    if (state.view.alignTo && pipelineIds.has(state.view.alignTo)) setState({ alignTo: pipelineIds.get(state.view.alignTo) });
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

  async function open(link: string): Promise<void> {
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
      clusterSettings: { ...state.clusters },
      showContours: state.view.contours ?? false,
      link: { files: state.dataset.kind === 'files' ? state.dataset : undefined, missingModelFiles: [] },
    });
    pendingSelection = state.view.selection;
    // The link's labels apply to whichever files with those contents are dropped, now or later; they are newer than any kept in this browser.
    if (state.labels) {
      const labels = state.labels.flatMap((g) => g.hashes.map((h) => [h, g.class] as const));
      setState((s) => ({ labelEdits: new Map([...s.labelEdits, ...labels]) }));
    }
    // The sender's colours: the link's classes first, then any named in this browser before.
    if (state.appClasses) setState((s) => ({ appClasses: s.appClasses.reduce(withAppClass, state.appClasses!) }));
    // Nothing is fetched from another website before the user agreed: one question for every host
    // the link names (models and the manifest). The settings above apply either way.
    const fetches = linkFetches(state);
    await consent.askToFetch(fetches);
    const declinedFetch = (url: string | undefined): LinkFetch | undefined => {
      const f = url === undefined ? undefined : fetches.find((x) => x.url === url);
      return f && !consent.mayFetch(f) ? f : undefined;
    };
    const pipelineIds = new Map<string, string>();
    for (const m of state.models) {
      const load = () => void models.add(optionsOf(m), (record) => rebuildPipelines(state, m.id, record, pipelineIds)).catch(() => undefined); // errors show on the card
      const declined = declinedFetch(linkModelUrl(m));
      if (m.source.kind === 'builtin') {
        rebuildPipelines(state, m.id, await models.addPixelBaseline(), pipelineIds);
      } else if (m.source.kind === 'file' && !m.registry) {
        pendingModelFiles.set(m.source.fileName, { model: m, state, pipelineIds });
      } else if (declined) {
        consent.rememberDeclined([declined], load);
      } else {
        load();
      }
    }
    setState((s) => ({ link: { ...s.link!, missingModelFiles: [...pendingModelFiles.keys()] } }));
    if (state.dataset.kind === 'demo') await dataset.loadDemoSky();
    if (state.dataset.kind === 'manifest') {
      const url = state.dataset.url;
      const declined = declinedFetch(url);
      if (declined) consent.rememberDeclined([declined], () => void dataset.loadManifest(url, { fromLink: true }).then(applySelection));
      else await dataset.loadManifest(url, { fromLink: true });
    }
    applySelection();
  }

  return {
    /** Rebuilds what a link (the part after `#s=`) records. */
    open,
    /** A link to everything the user chose now. */
    async currentLink(): Promise<string> {
      const url = new URL(page.href());
      return `${url.origin}${url.pathname}${url.search}${await linkOf(getState())}`;
    },
    /** A dropped .onnx that a link asked for gets the link's settings and pipelines. True if it was claimed. */
    claimModelFile(file: File): boolean {
      const pending = pendingModelFiles.get(file.name);
      if (!pending) return false;
      pendingModelFiles.delete(file.name);
      setState((s) => ({ link: s.link && { ...s.link, missingModelFiles: [...pendingModelFiles.keys()] } }));
      models
        .add({ ...optionsOf(pending.model), url: undefined, file }, (record) => rebuildPipelines(pending.state, pending.model.id, record, pending.pipelineIds))
        .catch(() => undefined);
      return true;
    },
    /**
     * Writes the user's choices to the URL as they work (debounced, replacing the history entry
     * rather than adding one), and applies a link's selection once its images arrive.
     */
    startUrlSync(): void {
      if (stops.length > 0) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let written = '';
      const write = async () => {
        const s = getState();
        const empty = s.models.length === 0 && s.images.length === 0;
        const hash = empty ? '' : await linkOf(s);
        if (hash === written) return;
        written = hash;
        const url = new URL(page.href());
        page.replace(`${url.pathname}${url.search}${hash}`);
      };
      stops.push(
        subscribeToSlices(store, (s) => [s.images], applySelection),
        subscribeToSlices(store, chosen, () => {
          clearTimeout(timer);
          timer = setTimeout(() => void write().catch((e) => console.warn('permalink:', e)), deps.debounceMs ?? DEBOUNCE_MS);
        }),
        () => clearTimeout(timer),
      );
    },
    dispose(): void {
      stops.splice(0).forEach((stop) => stop());
    },
  };
}
