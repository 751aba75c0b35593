import { clusterParameters } from '../lib/hdbscan';
import { NumberField } from '../../shared/ui/NumberField';
import { useStoreApi, useStore } from '../../state/store';

const FIELDS = [
  {
    key: 'minClusterSize',
    label: 'Min. cluster size',
    title: 'The smallest group HDBSCAN calls a cluster; automatic: √(number of points), from 5 to 50',
    min: 2,
    max: 10000,
    testId: 'cluster-min-size',
  },
  {
    key: 'minSamples',
    label: 'Min. samples',
    title: "Neighbours that make a point's neighbourhood dense; larger values call more points noise. Automatic: 5",
    min: 1,
    max: 1000,
    testId: 'cluster-min-samples',
  },
] as const;

/** The clustering's two settings (automatic until the user sets one) and the density contours switch. */
export function ClusterSettings() {
  const { setState } = useStoreApi();
  const chosen = useStore((s) => s.clusterSettings);
  const showContours = useStore((s) => s.showContours);
  // What "automatic" means right now: the settings of the largest layout.
  const largest = useStore((s) => Math.max(0, ...Object.values(s.projections).map((p) => p.imageIds.length)));
  const shown = clusterParameters(largest, chosen);
  const automatic = chosen.minClusterSize === undefined && chosen.minSamples === undefined;
  return (
    <section className="card" aria-labelledby="clusters-title">
      <h2 id="clusters-title">Clusters and density</h2>
      <div className="params">
        {FIELDS.map(({ key, ...field }) => (
          <NumberField
            key={key}
            {...field}
            value={shown[key]}
            step={1}
            integer
            onChange={(v) => setState((s) => ({ clusterSettings: { ...s.clusterSettings, [key]: v } }))}
          />
        ))}
      </div>
      {!automatic && (
        <button className="small-button" onClick={() => setState({ clusterSettings: {} })} data-testid="cluster-auto">
          Automatic settings
        </button>
      )}
      <label className="check">
        <input type="checkbox" checked={showContours} onChange={(e) => setState({ showContours: e.target.checked })} data-testid="contours-toggle" />
        Density contours in every panel
      </label>
      <p className="muted small">
        HDBSCAN on each panel's 2-D layout finds groups of any shape and leaves sparse points out (noise). Each cluster is named by its most common class and
        its purity; click one under a panel to select its members everywhere.
      </p>
    </section>
  );
}
