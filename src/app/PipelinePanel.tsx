import { useMemo } from 'react';
import { ClusterList } from '../clusters/ui/ClusterList';
import { ContourLegend } from '../clusters/ui/ContourLegend';
import { useClusterLayers } from '../clusters/ui/useClusterLayers';
import { ScatterPanel } from '../projection/ui/ScatterPanel';
import { shownProjectionSelector } from '../state/shownProjection';
import { useStore, type PipelineRecord } from '../state/store';

/** A pipeline's scatter panel with what the cluster feature adds to it: contours, cluster labels and the cluster list. */
export function PipelinePanel({ pipeline }: { pipeline: PipelineRecord }) {
  const projection = useStore(useMemo(() => shownProjectionSelector(pipeline.id), [pipeline.id]));
  const layers = useClusterLayers(pipeline.id, projection);
  return (
    <ScatterPanel
      pipeline={pipeline}
      extras={{ layersBelow: layers.below, layersAbove: layers.above, legend: <ContourLegend />, footer: <ClusterList pipelineId={pipeline.id} /> }}
    />
  );
}
