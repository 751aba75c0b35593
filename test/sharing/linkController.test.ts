import { describe, expect, it, vi } from 'vitest';
import { createLinkController, linkFromLocation, type LinkModelOptions } from '../../src/sharing/permalink';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { labelKey } from '../../src/labelling/lib/labelEdits';
import type { ModelRecord, PipelineRecord } from '../../src/state/store';
import { imagesOf, pipelineOf, readyModel, settle, storeWith } from '../support/controllers';

/** A link controller over a fresh store, with a fake address bar, a consent that allows everything and recording fakes. */
function setup(n = 4) {
  const store = storeWith(0);
  // Links carry hex content hashes.
  store.setState({ images: imagesOf(n).map((img, i) => ({ ...img, hash: `${i.toString(16).padStart(4, '0')}c0ffee0000` })) });
  const urls: string[] = [];
  let href = 'https://sky.example/app/?x=1';
  const added: LinkModelOptions[] = [];
  let nextId = 0;
  const addPipeline = (modelId: string, preprocessing = DEFAULT_PREPROCESSING): PipelineRecord => {
    const p = { ...pipelineOf(`lp-${nextId++}`, modelId), preprocessing };
    store.setState((s) => ({ pipelines: [...s.pipelines, p] }));
    return p;
  };
  const link = createLinkController({
    store,
    consent: { askToFetch: async () => true, mayFetch: () => true, rememberDeclined: () => undefined },
    models: {
      add: async (options, onCreated) => {
        added.push(options);
        const model: ModelRecord = { ...readyModel(`lm-${nextId++}`), request: { ...readyModel('x').request, name: options.name ?? '?' } };
        store.setState((s) => ({ models: [...s.models, model] }));
        addPipeline(model.id);
        onCreated(model);
      },
      addPixelBaseline: async () => readyModel('pixels'),
    },
    pipelines: {
      add: addPipeline,
      update: (id, preprocessing) => store.setState((s) => ({ pipelines: s.pipelines.map((p) => (p.id === id ? { ...p, preprocessing } : p)) })),
      setModelInput: () => undefined,
    },
    dataset: { loadDemoSky: async () => undefined, loadManifest: async () => undefined, manifestOfCurrentImages: () => undefined },
    page: {
      href: () => href,
      replace: (url) => {
        urls.push(url);
        href = new URL(url, href).href;
      },
    },
    debounceMs: 0,
  });
  return { store, link, urls, added };
}

describe('link controller (URL sync and permalinks)', () => {
  it('writes the choices to the URL once they change, keeping path and query, and not for a hover or progress', async () => {
    const { store, link, urls } = setup();
    link.startUrlSync();
    store.setState({ hoveredId: 'img-1' });
    store.setState({ embedRuns: { p: { running: true, done: 1, total: 4, imagesPerSecond: 3, failures: [] } } });
    store.setState({ probeRun: { running: true, done: 1, total: 3 } });
    await settle();
    expect(urls).toEqual([]);
    store.setState({ umap: { ...store.getState().umap, minDist: 0.25 } });
    // Encoding the link is asynchronous (compression): wait for the write, however busy the machine.
    await vi.waitFor(() => expect(urls).toHaveLength(1));
    expect(urls[0]).toMatch(/^\/app\/\?x=1#s=/);
    // The same choices again write nothing new.
    store.setState({ umap: { ...store.getState().umap } });
    await settle();
    expect(urls).toHaveLength(1);
    link.dispose();
    store.setState({ umap: { ...store.getState().umap, minDist: 0.5 } });
    await settle();
    expect(urls).toHaveLength(1);
  });

  it('a link made in one session rebuilds its settings, models, pipelines and selection in another', async () => {
    const a = setup();
    a.store.setState((s) => ({
      umap: { ...s.umap, nNeighbors: 7 },
      colourBy: 'sky:dec',
      pipelines: [...s.pipelines, { ...pipelineOf('p2', 'm'), preprocessing: { ...DEFAULT_PREPROCESSING, resize: 32 } }],
      selection: new Set(['img-1', 'img-2']),
      appClasses: ['bent', 'compact'],
      clusterSettings: { minClusterSize: 9 },
      showContours: true,
    }));
    const made = await a.link.currentLink();
    expect(made.startsWith('https://sky.example/app/?x=1#s=')).toBe(true);

    const b = setup(0);
    b.store.setState({ models: [], pipelines: [] });
    await b.link.open(linkFromLocation(new URL(made).hash)!);
    b.link.startUrlSync();
    const s = b.store.getState();
    expect(s.umap.nNeighbors).toBe(7);
    expect(s.colourBy).toBe('sky:dec');
    expect([s.appClasses, s.clusterSettings, s.showContours]).toEqual([['bent', 'compact'], { minClusterSize: 9 }, true]);
    expect(b.added.map((o) => o.url)).toEqual(['https://example.org/m.onnx']);
    expect(s.pipelines.map((p) => p.preprocessing.resize)).toEqual([DEFAULT_PREPROCESSING.resize, 32]);
    expect(s.link).toMatchObject({ missingModelFiles: [], files: { count: 4 } });
    // The selection applies once the images it names arrive.
    expect(s.selection).toBeUndefined();
    b.store.setState({ images: a.store.getState().images });
    await settle();
    expect([...b.store.getState().selection!].sort()).toEqual(['img-1', 'img-2']);
  });

  it("the app's labels travel by link: a label change rewrites the URL, and the link's labels win over those kept in the browser", async () => {
    const a = setup();
    a.link.startUrlSync();
    const [first, second] = a.store.getState().images;
    a.store.setState({ labelEdits: new Map([[labelKey(first.hash), 'FRI']]) });
    await vi.waitFor(() => expect(a.urls).toHaveLength(1));
    a.store.setState({
      labelEdits: new Map([
        [labelKey(first.hash), 'FRI'],
        [labelKey(second.hash), null],
      ]),
    });
    await vi.waitFor(() => expect(a.urls).toHaveLength(2));
    a.link.dispose();

    const b = setup(0);
    b.store.setState({
      models: [],
      pipelines: [],
      labelEdits: new Map([
        [labelKey(first.hash), 'FRII'],
        ['0123456789', 'kept'],
      ]),
    });
    await b.link.open(linkFromLocation(new URL(a.urls[1], 'https://sky.example').hash)!);
    expect(new Map(b.store.getState().labelEdits)).toEqual(
      new Map([
        ['0123456789', 'kept'],
        [labelKey(first.hash), 'FRI'],
        [labelKey(second.hash), null],
      ]),
    );
  });

  it('a local model file the link names waits until the user drops it', async () => {
    const a = setup();
    a.store.setState((s) => ({ models: s.models.map((m) => ({ ...m, request: { ...m.request, source: { kind: 'file' as const, fileName: 'mine.onnx' } } })) }));
    const made = await a.link.currentLink();
    const b = setup(0);
    b.store.setState({ models: [], pipelines: [] });
    await b.link.open(linkFromLocation(new URL(made).hash)!);
    expect(b.store.getState().link?.missingModelFiles).toEqual(['mine.onnx']);
    expect(b.link.claimModelFile(new File([], 'other.onnx'))).toBe(false);
    expect(b.link.claimModelFile(new File([], 'mine.onnx'))).toBe(true);
    expect(b.store.getState().link?.missingModelFiles).toEqual([]);
    expect(b.added[0].file?.name).toBe('mine.onnx');
  });

  it('a damaged link says why and changes nothing else', async () => {
    const { store, link } = setup();
    const before = store.getState().umap;
    await link.open('not-a-link');
    expect(store.getState().link?.error).toBeTruthy();
    expect(store.getState().umap).toBe(before);
  });
});
