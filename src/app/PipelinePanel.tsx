import { useMemo } from 'react';
import { ClusterList } from '../clusters/ui/ClusterList';
import { ContourLegend } from '../clusters/ui/ContourLegend';
import { useClusterLayers } from '../clusters/ui/useClusterLayers';
import { fittedRegion } from '../projection/lib/camera';
import { ScatterPanel } from '../projection/ui/ScatterPanel';
import { shownProjectionSelector } from '../state/shownProjection';
import { useStore, type PipelineRecord } from '../state/store';

/** A pipeline's scatter panel with what the cluster feature adds to it: contours, cluster labels and the cluster list. */
export function PipelinePanel({ pipeline }: { pipeline: PipelineRecord }) {
  const projection = useStore(useMemo(() => shownProjectionSelector(pipeline.id), [pipeline.id]));
  // The region the panel shows, for the cluster labels to stay inside: the one the user framed, else the fitted one.
  const camera = useStore((s) => s.cameras[pipeline.id]);
  const region = useMemo(() => camera ?? (projection && fittedRegion(projection.coords)), [camera, projection]);
  const layers = useClusterLayers(pipeline.id, projection, region);
  return (
    <ScatterPanel
      pipeline={pipeline}
      extras={{ layersBelow: layers.below, layersAbove: layers.above, legend: <ContourLegend />, footer: <ClusterList pipelineId={pipeline.id} /> }}
    />
  );
}
