import { useMemo } from 'react';
import { clusterMembers, clusterView } from '../clusterView';
import { UNLABELLED } from '../../shared/lib/palette';
import { classInfo } from '../../state/selectors';
import { useStoreApi, useStore } from '../../state/store';
import { useLabelSources } from '../../state/useLabelSources';

const percent = (v: number) => (Number.isFinite(v) ? `${Math.round(100 * v)} %` : '–');

/**
 * A panel's density clusters, largest first, each named by its majority class and purity. A click
 * selects the cluster's members, which every panel then shows; a second click clears the selection.
 */
export function ClusterList({ pipelineId }: { pipelineId: string }) {
  const { setState } = useStoreApi();
  const clusters = useStore((s) => s.clusters[pipelineId]);
  const run = useStore((s) => s.clusterRuns[pipelineId]);
  const images = useStore((s) => s.images);
  const labels = useLabelSources();
  const selection = useStore((s) => s.selection);
  const view = useMemo(
    () => clusters && clusterView({ clusters: { [pipelineId]: clusters }, images, ...labels }, pipelineId),
    [clusters, images, labels, pipelineId],
  );
  const members = useMemo(() => view?.summaries.map((c) => clusterMembers(view, c.cluster)) ?? [], [view]);
  const classes = useMemo(() => classInfo(images, labels), [images, labels]);
  if (!view && !run) return null;
  const colourOf = (name: string | null) => {
    const i = name === null ? -1 : classes.names.indexOf(name);
    const [r, g, b] = i >= 0 ? classes.colours[i] : UNLABELLED;
    return `rgb(${r},${g},${b})`;
  };
  const isSelected = (ids: string[]) => !!selection && selection.size === ids.length && ids.every((id) => selection.has(id));
  return (
    <div className="cluster-list" data-testid="cluster-list" role="group" aria-label="Density clusters">
      <span
        className="muted small"
        title={
          view
            ? `HDBSCAN on this layout: minimum cluster size ${view.minClusterSize}, min samples ${view.minSamples}. Purity: the share of a cluster's labelled members in its majority class.`
            : undefined
        }
      >
        Clusters
      </span>
      {run?.running && <span className="muted small">clustering…</span>}
      {run?.note && <span className="muted small">{run.note}</span>}
      {run?.error && (
        <span className="error small" role="alert">
          Clustering failed: {run.error}
        </span>
      )}
      {view?.summaries.map((c, k) => {
        const on = isSelected(members[k]);
        return (
          <button
            key={c.cluster}
            className={`cluster-chip${on ? ' active' : ''}`}
            aria-pressed={on}
            data-testid="cluster-chip"
            data-cluster={c.cluster}
            title={`Cluster ${c.cluster + 1}: ${c.size} images, ${c.labelled} labelled; ${c.majorityClass ? `${percent(c.purity)} of them ${c.majorityClass}` : 'none labelled'}. Click to select its members in every panel.`}
            onClick={() => setState({ selection: on ? undefined : new Set(members[k]) })}
          >
            <span className="swatch" style={{ background: colourOf(c.majorityClass) }} />
            <b>{c.cluster + 1}</b>
            <span>{c.majorityClass ?? 'unlabelled'}</span>
            <span className="muted">{percent(c.purity)}</span>
            <span className="muted">· {c.size}</span>
          </button>
        );
      })}
      {view && (
        <span className="muted small" data-testid="cluster-noise">
          {view.summaries.length === 0 ? 'none found; ' : ''}
          {view.noise} in no cluster
        </span>
      )}
    </div>
  );
}
