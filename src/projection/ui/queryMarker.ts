import { ScatterplotLayer } from '@deck.gl/layers';
import { placeByNeighbours } from '../../query/lib/placement';
import type { Projection, QueryState } from '../../state/store';

const MARKER: [number, number, number, number] = [255, 64, 160, 255];

/**
 * The query image's marker in one panel (layers over the points), at its neighbours' weighted
 * mean position in the layout as shown; nothing while the query has no neighbours in this panel.
 */
export function queryMarkerLayers(query: QueryState | undefined, pipelineId: string, projection: Projection | undefined) {
  const row = query?.rows.find((r) => r.pipelineId === pipelineId);
  if (!row || !projection || row.neighbours.length === 0) return undefined;
  const index = new Map(projection.imageIds.map((id, i) => [id, i]));
  const at = (n: number) => {
    const i = index.get(row.neighbours[n].imageId);
    return i === undefined ? undefined : ([projection.coords[2 * i], projection.coords[2 * i + 1]] as const);
  };
  const position = placeByNeighbours(
    row.neighbours.map((n, i) => ({ index: i, distance: n.distance })),
    at,
  );
  if (!position) return undefined;
  const data = [{ position }];
  return [
    new ScatterplotLayer({
      id: 'query-marker',
      data,
      getPosition: (d: (typeof data)[0]) => d.position,
      radiusUnits: 'pixels',
      getRadius: 9,
      stroked: true,
      filled: true,
      getFillColor: [255, 255, 255, 230],
      getLineColor: MARKER,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
    }),
  ];
}
