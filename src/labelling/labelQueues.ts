/**
 * The two "label next" queues for the current state: the images without a label, ranked by the
 * probe's uncertainty and by the pipelines' disagreement (src/labelling/lib/queues.ts). They read
 * the probe's latest probabilities and the comparison's neighbour disagreement; an image labelled
 * since leaves the queues at once, before the probe has re-run.
 */
import { disagreementQueue, uncertaintyQueue, type DisagreementEntry, type PipelineProbabilities, type UncertainEntry } from './lib/queues';
import { byContent, imageLabel } from '../state/selectors';
import type { LatentSkyState } from '../state/store';

export interface LabelQueues {
  uncertain: UncertainEntry[];
  disagreement: DisagreementEntry[];
  /** Images that have no label: what the queues draw from. */
  unlabelled: number;
  /** Pipelines whose probe has given probabilities so far. */
  probed: number;
}

/** Per measured image, how differently the pipelines see its neighbourhood; undefined while the comparison runs (its rows are then in flux). */
export function neighbourDisagreement(comparison: LatentSkyState['comparison']): Map<string, number> | undefined {
  const result = comparison?.result;
  if (!result || comparison.running) return undefined;
  const out = new Map<string, number>();
  comparison.imageIds.forEach((id, i) => Number.isFinite(result.disagreement[i]) && out.set(id, result.disagreement[i]));
  return out;
}

export function labelQueues(
  s: Pick<LatentSkyState, 'images' | 'labelTable' | 'labelEdits' | 'pipelines' | 'probe'>,
  neighbours: ReadonlyMap<string, number>,
  n: number,
): LabelQueues {
  const candidates = s.images
    .filter((img) => imageLabel(img, s) === undefined)
    .sort(byContent)
    .map((img) => img.id);
  const pipelines: PipelineProbabilities[] = s.pipelines.flatMap((p) => {
    const o = s.probe[p.id];
    return o?.probabilities ? [{ imageIds: o.imageIds, classNames: o.classNames, probabilities: o.probabilities }] : [];
  });
  return {
    uncertain: uncertaintyQueue(candidates, pipelines, n),
    disagreement: disagreementQueue(candidates, pipelines, neighbours, n),
    unlabelled: candidates.length,
    probed: pipelines.length,
  };
}
