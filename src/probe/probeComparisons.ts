import { comparePipelineResults, type ProbeComparison } from './lib/pipelineComparisons';
import type { LatentSkyState } from '../state/store';
import { memoLast } from '../shared/lib/memo';

/**
 * The paired comparisons of the probe results in the store, for the panel and the snapshot.
 * Only results computed from the same labels, images and settings are compared: a result's key is
 * JSON [pipeline key, labels key, settings], and its tail is that basis.
 */
const basisOf = (key: string) => JSON.stringify((JSON.parse(key) as unknown[]).slice(1));

export const probeComparisons = (s: Pick<LatentSkyState, 'probe' | 'pipelines'>): ProbeComparison[] => compareProbeResults(s.probe, s.pipelines);

const compareProbeResults = memoLast((probe: LatentSkyState['probe'], pipelines: LatentSkyState['pipelines']): ProbeComparison[] => {
  const compared = pipelines
    .filter((p) => probe[p.id])
    .map((p) => {
      const o = probe[p.id];
      return { id: p.id, results: o.results, basis: basisOf(o.key), imageIds: o.imageIds };
    });
  return comparePipelineResults(compared);
});
