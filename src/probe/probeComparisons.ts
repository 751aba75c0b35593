import { comparePipelineResults, type ProbeComparison } from './lib/pipelineComparisons';
import type { LatentSkyState } from '../state/store';

/**
 * The paired comparisons of the probe results in the store, for the panel and the snapshot.
 * Only results computed from the same labels, images and settings are compared: a result's key is
 * JSON [pipeline key, labels key, settings], and its tail is that basis.
 */
let memo: { probe: LatentSkyState['probe']; pipelines: LatentSkyState['pipelines']; value: ProbeComparison[] } | undefined;

const basisOf = (key: string) => JSON.stringify((JSON.parse(key) as unknown[]).slice(1));

export function probeComparisons(s: Pick<LatentSkyState, 'probe' | 'pipelines'>): ProbeComparison[] {
  if (memo?.probe === s.probe && memo.pipelines === s.pipelines) return memo.value;
  const compared = s.pipelines
    .filter((p) => s.probe[p.id])
    .map((p) => {
      const o = s.probe[p.id];
      return { id: p.id, results: o.results, basis: basisOf(o.key), imageIds: o.imageIds };
    });
  const value = comparePipelineResults(compared);
  memo = { probe: s.probe, pipelines: s.pipelines, value };
  return value;
}
