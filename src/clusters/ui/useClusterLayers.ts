import { PathLayer, TextLayer } from '@deck.gl/layers';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { clusterCentres, summariseClusters } from '../lib/clusterSummary';
import { densityContours, type ContourRing } from '../lib/densityContours';
import { clusterBounds, placeLabel, type LabelPlacement, type Rect } from '../lib/labelPlacement';
import { clusterMembers } from '../clusterView';
import { classLabels } from '../../state/selectors';
import { useStoreApi, useStore, type Projection } from '../../state/store';

/** Contour lines, fainter outside (low density) and brighter inside. */
const CONTOUR_ALPHA = [70, 110, 150, 200];
/** More clusters than this and their labels would hide the points; the list under the panel still names them. */
const MAX_LABELS = 40;

interface ClusterLabel {
  cluster: number;
  text: string;
  centre: [number, number];
  bounds: Rect;
}
type PlacedLabel = ClusterLabel & LabelPlacement;

/**
 * What the cluster feature draws in a panel, in the coordinates the panel shows (`projection`,
 * possibly aligned onto another panel): the density contours when they are switched on (under the
 * points), and each cluster's label — number, majority class, purity — at its members' mean
 * position (over the points; a click selects the cluster), kept inside `region`, the part of the
 * layout the panel shows (src/clusters/lib/labelPlacement.ts).
 */
export function useClusterLayers(pipelineId: string, projection: Projection | undefined, region: Rect | undefined) {
  const { setState } = useStoreApi();
  const { showContours, clusters, images, labelTable, labelEdits } = useStore(
    useShallow((s) => ({
      showContours: s.showContours,
      clusters: s.clusters[pipelineId],
      images: s.images,
      labelTable: s.labelTable,
      labelEdits: s.labelEdits,
    })),
  );
  const rings = useMemo(() => (showContours && projection ? densityContours(projection.coords) : []), [showContours, projection]);
  const labels = useMemo((): ClusterLabel[] => {
    if (!clusters || !projection) return [];
    const { classNames, labelOf } = classLabels(images, { labelTable, labelEdits });
    const position = new Map(images.map((img, i) => [img.id, i]));
    const summaries = summariseClusters(
      clusters.labels,
      clusters.imageIds.map((id) => labelOf[position.get(id) ?? -1] ?? -1),
      classNames,
    );
    if (summaries.length > MAX_LABELS) return [];
    const rowOf = new Map(projection.imageIds.map((id, i) => [id, i]));
    const centres = clusterCentres(clusters.imageIds, clusters.labels, rowOf, projection.coords);
    const bounds = clusterBounds(clusters.imageIds, clusters.labels, rowOf, projection.coords);
    return summaries.flatMap((c) => {
      const [x, y] = [centres[2 * c.cluster], centres[2 * c.cluster + 1]];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return [];
      const name = c.majorityClass ? ` ${c.majorityClass} ${Math.round(100 * c.purity)}%` : '';
      return [
        {
          cluster: c.cluster,
          text: `${c.cluster + 1}${name}`,
          centre: [x, y] as [number, number],
          bounds: Array.from(bounds.subarray(4 * c.cluster, 4 * c.cluster + 4)) as [number, number, number, number],
        },
      ];
    });
  }, [clusters, projection, images, labelTable, labelEdits]);
  // Placed again on every pan or zoom: at most MAX_LABELS labels.
  const placed = useMemo(
    (): PlacedLabel[] =>
      region
        ? labels.flatMap((l) => {
            const p = placeLabel(l.centre, l.bounds, region);
            return p ? [{ ...l, ...p }] : [];
          })
        : [],
    [labels, region],
  );

  return useMemo(
    () => ({
      below: rings.length
        ? [
            new PathLayer<ContourRing>({
              id: 'density-contours',
              data: rings,
              getPath: (r) => r.path,
              positionFormat: 'XY',
              getColor: (r) => [255, 255, 255, CONTOUR_ALPHA[r.level]],
              getWidth: 1.2,
              widthUnits: 'pixels',
            }),
          ]
        : [],
      above: placed.length
        ? [
            new TextLayer<PlacedLabel>({
              id: 'cluster-labels',
              data: placed,
              getPosition: (l) => l.position,
              getText: (l) => l.text,
              getTextAnchor: (l) => l.anchor,
              getAlignmentBaseline: (l) => l.baseline,
              getPixelOffset: (l) => l.offset,
              getSize: 12,
              getColor: [255, 255, 255, 255],
              background: true,
              getBackgroundColor: [11, 16, 32, 200],
              backgroundPadding: [4, 2],
              fontFamily: 'system-ui, sans-serif',
              characterSet: 'auto',
              pickable: true,
              onClick: ({ object }) => {
                if (object && clusters) setState({ selection: new Set(clusterMembers(clusters, object.cluster)) });
                return true;
              },
            }),
          ]
        : [],
    }),
    [rings, placed, clusters],
  );
}
