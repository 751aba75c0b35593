import { useMemo, useState } from 'react';
import { labelQueues, neighbourDisagreement } from '../labelQueues';
import { labelKey } from '../lib/labelEdits';
import type { DisagreementEntry, UncertainEntry } from '../lib/queues';
import { useStore, useStoreApi, type LatentSkyStoreApi } from '../../state/store';
import { useLabelSources } from '../../state/useLabelSources';
import { UndoRedo } from './UndoRedo';
import { useUndoKeys } from './useUndoKeys';

const SHOWN = 12;
type Tab = 'uncertain' | 'disagreement';

/** A queue entry opens its preview and selects it, in every panel, ready to be labelled. */
function open(store: Pick<LatentSkyStoreApi, 'setState'>, imageId: string): void {
  store.setState((s) => ({
    selection: new Set([imageId]),
    hoveredId: imageId,
    preview: s.pipelines[0] && { imageId, pipelineId: s.preview?.pipelineId ?? s.pipelines[0].id },
  }));
}

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)} %`);

/**
 * "Label next": the unlabelled images the probe is least sure about, and those on which the
 * pipelines disagree most. Clicking one previews and selects it; the label bar then labels it.
 */
export function LabelQueues() {
  useUndoKeys();
  const store = useStoreApi();
  const images = useStore((s) => s.images);
  const pipelines = useStore((s) => s.pipelines);
  const probe = useStore((s) => s.probe);
  const comparison = useStore((s) => s.comparison);
  const sources = useLabelSources();
  const edits = useStore((s) => s.labelEdits);
  const [tab, setTab] = useState<Tab>('uncertain');
  // While the comparison re-runs (it does on every label change) its last neighbour disagreement stands.
  const measured = useMemo(() => neighbourDisagreement(comparison), [comparison]);
  const [lastMeasured, setLastMeasured] = useState<Map<string, number>>(new Map());
  if (measured && measured !== lastMeasured) setLastMeasured(measured);
  const neighbours = measured ?? lastMeasured;
  const queues = useMemo(() => labelQueues({ images, ...sources, pipelines, probe }, neighbours, SHOWN), [images, sources, pipelines, probe, neighbours]);
  const byId = useMemo(() => new Map(images.map((img) => [img.id, img])), [images]);
  if (images.length === 0) return null;
  const made = images.filter((img) => edits.has(labelKey(img.hash))).length;
  const entries: (UncertainEntry | DisagreementEntry)[] = queues[tab];
  return (
    <section className="card label-queues" aria-labelledby="label-next-title" data-testid="label-queues">
      <h2 id="label-next-title">Label next</h2>
      <p className="muted small">
        <span data-testid="app-label-count">{made}</span> labelled here · {queues.unlabelled} unlabelled
      </p>
      <UndoRedo />
      <div className="tabs" role="tablist">
        {(['uncertain', 'disagreement'] as const).map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            className={`small-button${tab === t ? ' active' : ''}`}
            data-testid={`queue-tab-${t}`}
            onClick={() => setTab(t)}
            title={
              t === 'uncertain'
                ? 'Unlabelled images the probe is least sure about: the smallest gap between its two most likely classes (mean over pipelines)'
                : 'Unlabelled images on which the pipelines disagree most: their predicted classes and their nearest neighbours'
            }
          >
            {t === 'uncertain' ? 'Least sure' : 'Models disagree'}
          </button>
        ))}
      </div>
      {entries.length === 0 ? (
        <p className="muted small" data-testid="queue-empty">
          {queues.unlabelled === 0
            ? 'Every image has a label.'
            : queues.probed === 0
              ? 'Label images of two classes: the probe then ranks the rest.'
              : tab === 'disagreement'
                ? 'Needs two or more pipelines.'
                : 'Waiting for the probe…'}
        </p>
      ) : (
        <ol className="queue" data-testid={`queue-${tab}`}>
          {entries.map((e) => {
            const img = byId.get(e.id);
            if (!img) return null;
            const detail =
              'margin' in e
                ? `likely ${e.likely}, margin ${e.margin.toFixed(2)}`
                : `predictions ${e.predicted.map((p) => p ?? '–').join(' / ')} · neighbours differ ${pct(e.neighbours)}`;
            return (
              <li key={e.id}>
                <button
                  className="queue-entry"
                  data-testid="queue-entry"
                  data-name={img.name}
                  onClick={() => open(store, e.id)}
                  title={`${img.name}: ${detail}`}
                >
                  <img src={img.thumbUrl} alt="" />
                  <span className="queue-text">
                    <span className="file-name">{img.name}</span>
                    <span className="muted small">{detail}</span>
                  </span>
                  <span className="queue-score" title="Score, 0–1: higher comes first">
                    {e.score.toFixed(2)}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
