import { describe, expect, it } from 'vitest';
import { createClusterController, MAX_CLUSTER_POINTS, type ClusterLayout } from '../../src/clusters/clusterController';
import { clusterMembers, clusterView } from '../../src/clusters/clusterView';
import { hdbscan } from '../../src/clusters/lib/hdbscan';
import { createLatentSkyStore, type ImageRecord, type PipelineRecord } from '../../src/state/store';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import ref from '../fixtures/cluster-reference.json';

const { points, n } = ref.cases[0];
const ids = Array.from({ length: n }, (_, i) => `img${i}`);
const image = (id: string, i: number): ImageRecord => ({
  id,
  hash: `h${i}`,
  name: `${id}.png`,
  path: `${i % 2 ? 'FRI' : 'FRII'}/${id}.png`,
  folderLabel: i % 2 ? 'FRI' : 'FRII',
  format: 'png',
  width: 1,
  height: 1,
  thumbUrl: '',
});
const pipeline = (id: string): PipelineRecord => ({ id, modelId: 'm', preprocessing: DEFAULT_PREPROCESSING });

/** A clustering function whose calls wait until the test lets them finish. */
function gated() {
  const calls: { options: { minClusterSize: number; minSamples: number }; signal: AbortSignal; finish: () => void }[] = [];
  const cluster: ClusterLayout = (coords, options, signal) =>
    new Promise((resolve) => calls.push({ options, signal, finish: () => resolve(hdbscan(coords, coords.length / 2, 2, options)) }));
  return { calls, cluster };
}

function setup() {
  const store = createLatentSkyStore();
  store.setState({ images: ids.map(image), pipelines: [pipeline('a'), pipeline('b')] });
  const fake = gated();
  const stop = createClusterController({ store, cluster: fake.cluster }).start();
  const layout = (key: string, coords = Float32Array.from(points), partial = false) => ({ key, imageIds: ids, coords, partial });
  return { store, fake, stop, layout };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the cluster controller', () => {
  it('clusters each finished layout once, with settings from the number of points, and not its progressive frames', async () => {
    const { store, fake, layout } = setup();
    store.setState({ projections: { a: layout('A', undefined, true) } });
    expect(fake.calls).toHaveLength(0);
    store.setState({ projections: { a: layout('A') } });
    store.setState({ hoveredId: 'img1' }); // a slice it does not read: no new run
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].options).toEqual({ minClusterSize: 13, minSamples: 5 });
    expect(store.getState().clusterRuns.a).toEqual({ running: true });
    fake.calls[0].finish();
    await settle();
    const c = store.getState().clusters.a;
    expect(c.imageIds).toEqual(ids);
    expect(Array.from(c.labels)).toEqual(Array.from(hdbscan(points, n, 2, { minClusterSize: 13, minSamples: 5 })));
    expect(store.getState().clusterRuns.a).toBeUndefined();
  });

  it('re-clusters when the settings or the layout change; a superseded run is aborted and its result dropped', async () => {
    const { store, fake, layout } = setup();
    store.setState({ projections: { a: layout('A') } });
    store.setState({ clusterSettings: { minClusterSize: 10, minSamples: 5 } });
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0].signal.aborted).toBe(true);
    fake.calls[1].finish();
    fake.calls[0].finish();
    await settle();
    expect(store.getState().clusters.a.minClusterSize).toBe(10);
    expect(Array.from(store.getState().clusters.a.labels)).toEqual(Array.from(hdbscan(points, n, 2, { minClusterSize: 10, minSamples: 5 })));
    store.setState({
      projections: {
        a: layout(
          'A2',
          Float32Array.from(points, (v) => 2 * v),
        ),
      },
    });
    expect(fake.calls).toHaveLength(3);
  });

  it('reports a failure per pipeline, and forgets the clusters of a removed pipeline', async () => {
    const store = createLatentSkyStore();
    store.setState({ images: ids.map(image), pipelines: [pipeline('a')] });
    createClusterController({ store, cluster: () => Promise.reject(new Error('out of memory')) }).start();
    store.setState({ projections: { a: { key: 'A', imageIds: ids, coords: Float32Array.from(points) } } });
    await settle();
    expect(store.getState().clusterRuns.a).toEqual({ running: false, error: 'out of memory' });
    store.setState({ clusters: { a: { key: 'x', imageIds: ids, labels: new Int32Array(n), minClusterSize: 5, minSamples: 5 } } });
    store.setState({ pipelines: [] });
    expect(store.getState().clusters).toEqual({});
  });

  it('describes clusters by majority class and purity under the current labels, and lists their members', async () => {
    const { store, fake, layout } = setup();
    store.setState({ projections: { a: layout('A') } });
    fake.calls[0].finish();
    await settle();
    const view = clusterView(store.getState(), 'a')!;
    const c = store.getState().clusters.a;
    for (const s of view.summaries) {
      const members = clusterMembers(c, s.cluster);
      const fri = members.filter((id) => Number(id.slice(3)) % 2 === 1).length;
      expect(s.size).toBe(members.length);
      expect(s.purity).toBeCloseTo(Math.max(fri, members.length - fri) / members.length, 12);
      expect(s.majorityClass).toBe(fri > members.length - fri ? 'FRI' : 'FRII');
    }
    expect(view.noise + view.summaries.reduce((t, s) => t + s.size, 0)).toBe(n);
  });

  it('leaves layouts of more than MAX_CLUSTER_POINTS points unclustered, and says so', () => {
    const { store, fake } = setup();
    const many = Array.from({ length: MAX_CLUSTER_POINTS + 1 }, (_, i) => `x${i}`);
    store.setState({ projections: { a: { key: 'big', imageIds: many, coords: new Float32Array(2 * many.length) } } });
    expect(fake.calls).toHaveLength(0);
    expect(store.getState().clusterRuns.a.note).toMatch(/up to 20,000 points/);
  });
});
