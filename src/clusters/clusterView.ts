import { summariseClusters, type ClusterSummary } from './lib/clusterSummary';
import { classLabels } from '../state/selectors';
import type { LatentSkyState, PipelineClusters } from '../state/store';

export interface ClusterView extends PipelineClusters {
  summaries: ClusterSummary[];
  /** Rows in no cluster. */
  noise: number;
}

/** A pipeline's clusters with what they are made of (majority class and purity under the current labels), or undefined before they are computed. */
export function clusterView(s: Pick<LatentSkyState, 'clusters' | 'images' | 'labelTable' | 'labelEdits'>, pipelineId: string): ClusterView | undefined {
  const c = s.clusters[pipelineId];
  if (!c) return undefined;
  const { classNames, labelOf } = classLabels(s.images, s);
  const position = new Map(s.images.map((img, i) => [img.id, i]));
  const classOf = c.imageIds.map((id) => labelOf[position.get(id) ?? -1] ?? -1);
  return { ...c, summaries: summariseClusters(c.labels, classOf, classNames), noise: c.labels.filter((l) => l < 0).length };
}

/** The image ids of one cluster's members. */
export const clusterMembers = (c: PipelineClusters, cluster: number): string[] => c.imageIds.filter((_, i) => c.labels[i] === cluster);
