import DeckGL, { type DeckGLRef } from '@deck.gl/react';
import { OrthographicView, type LayersList, type PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { useMemo, type Ref } from 'react';
import type { OrthoViewState } from '../lib/camera';
import { pointsInPolygon } from '../lib/geometry';
import { dimUnselected } from '../lib/selectionMask';
import { maxThumbnails, pointsInView, thumbnailSize } from '../lib/thumbnailMode';
import { SelectionOverlay, type SelectMode } from './SelectionOverlay';
import { squareAtlas, thumbnailLayers, THUMBNAILS_LAYER_ID } from './thumbnailLayers';
import { useThumbnailAtlas } from './useThumbnailAtlas';

const VIEW = new OrthographicView({ id: 'umap', flipY: true, controller: true });
const NONE: readonly string[] = [];
export const POINT_RADIUS = 4;
/** The id of the layer of points: picks on other layers are theirs, not the view's. */
export const POINTS_LAYER_ID = 'points';

export interface ScatterHover {
  /** The point's index in `coords`. */
  index: number;
  /** Pointer position in the view, in pixels. */
  x: number;
  y: number;
}

export interface ScatterViewProps {
  /** x, y per point, interleaved, in world units. */
  coords: Float32Array;
  /** RGBA per point; alpha 0 hides a point: it is neither drawn nor hovered, clicked or selected. */
  colours: Uint8Array;
  /** 1 per selected point (undefined: nothing selected); points outside a selection are dimmed. */
  selected?: Uint8Array;
  /** The view's size in pixels (the parent's; the view fills it). */
  width: number;
  height: number;
  viewState: OrthoViewState;
  /** The user zoomed or panned (drag, wheel, keyboard). */
  onViewState: (viewState: OrthoViewState) => void;
  /** The point ringed as hovered (linked hover: it may have been hovered in another view). */
  hoveredIndex?: number;
  /** The pointer entered a point (or left all of them: undefined). */
  onHover: (hover: ScatterHover | undefined) => void;
  /** A point was clicked; `toggle`: with Shift or Ctrl/Cmd held (add to / take out of a selection). */
  onClick?: (index: number, toggle: boolean) => void;
  /** 'pan': dragging pans; 'lasso' / 'box': dragging draws a selection shape. */
  selectMode: SelectMode;
  /** The visible points inside a lasso or box just drawn; additive when Shift was held. */
  onSelect: (indices: number[], additive: boolean) => void;
  /**
   * Extra deck.gl layers in world coordinates (the same as `coords`): `layersBelow` under the points
   * (e.g. density contours), `layersAbove` over them and under the hover ring (e.g. markers). They
   * handle their own picking (a layer's own onClick / onHover); the view's callbacks report points only.
   */
  layersBelow?: LayersList;
  layersAbove?: LayersList;
  /**
   * A thumbnail URL per point: zoomed in far enough that they do not drown each other, the points
   * in view are drawn as their thumbnails, framed in their colour (thumbnailMode.ts); else dots.
   */
  thumbnailUrls?: readonly string[];
  /** For reading the canvas (image export). */
  deckRef?: Ref<DeckGLRef>;
}

/**
 * A zoomable scatter plot of points, controlled: everything it shows comes in as props and
 * everything the user does goes out through callbacks; it never reads or writes the app's store.
 */
export function ScatterView({
  coords,
  colours,
  selected,
  width,
  height,
  viewState,
  onViewState,
  hoveredIndex,
  onHover,
  onClick,
  selectMode,
  onSelect,
  layersBelow,
  layersAbove,
  thumbnailUrls,
  deckRef,
}: ScatterViewProps) {
  const shownColours = useMemo(() => (selected ? dimUnselected(colours, selected) : colours), [colours, selected]);
  // Binary attributes, a new data object only when coordinates or colours change: deck.gl uploads
  // the typed arrays as they are and re-uploads nothing on a hover or a pan.
  const data = useMemo(
    () => ({
      length: coords.length / 2,
      attributes: {
        getPosition: { value: coords, size: 2 },
        getFillColor: { value: shownColours, size: 4, normalized: true },
      },
    }),
    [coords, shownColours],
  );
  const points = new ScatterplotLayer({
    id: POINTS_LAYER_ID,
    data,
    radiusUnits: 'pixels',
    getRadius: POINT_RADIUS,
    radiusMinPixels: 2,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 255],
  });
  // Thumbnails: the points in view, when each can have a useful share of the view.
  const inView = useMemo(
    () => (thumbnailUrls ? pointsInView(coords, colours, viewState, width, height, maxThumbnails(width, height)) : []),
    [thumbnailUrls, coords, colours, viewState, width, height],
  );
  const thumbSize = useMemo(() => thumbnailSize(coords, inView, viewState.zoom, width, height), [coords, inView, viewState.zoom, width, height]);
  const atlas = useThumbnailAtlas(thumbnailUrls && thumbSize > 0 ? inView.map((i) => thumbnailUrls[i]) : NONE);
  const square = useMemo(() => squareAtlas(), []);
  const thumbnailed = thumbnailUrls && thumbSize > 0 && atlas ? inView.filter((i) => atlas.mapping[thumbnailUrls[i]]) : [];
  const thumbnails =
    thumbnailUrls && atlas && thumbnailed.length > 0
      ? thumbnailLayers({ indices: thumbnailed, coords, colours: shownColours, urls: thumbnailUrls, atlas, size: thumbSize }, square)
      : [];

  const ring =
    hoveredIndex !== undefined &&
    new ScatterplotLayer({
      id: 'hovered',
      data: [hoveredIndex],
      getPosition: (i: number) => [coords[2 * i], coords[2 * i + 1]],
      radiusUnits: 'pixels',
      getRadius: thumbnailed.length > 0 ? thumbSize * 0.75 : POINT_RADIUS + 5,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      getLineColor: [255, 255, 255, 255],
      updateTriggers: { getPosition: [coords, hoveredIndex] },
    });

  const isHidden = (i: number) => colours[4 * i + 3] === 0;
  const pointOf = (info: PickingInfo) => {
    const index = info.layer?.id === THUMBNAILS_LAYER_ID ? (info.object as number | undefined) : info.layer?.id === POINTS_LAYER_ID ? info.index : -1;
    return index !== undefined && index >= 0 && !isHidden(index) ? index : undefined;
  };

  /** A screen polygon from the lasso/box → world coordinates → the visible points inside. */
  const select = (polygon: number[], additive: boolean) => {
    const scale = 2 ** viewState.zoom;
    const world = polygon.map((v, i) => (i % 2 === 0 ? viewState.target[0] + (v - width / 2) / scale : viewState.target[1] + (v - height / 2) / scale));
    onSelect(
      pointsInPolygon(coords, world).filter((i) => !isHidden(i)),
      additive,
    );
  };

  return (
    <>
      <DeckGL
        ref={deckRef}
        views={VIEW}
        viewState={viewState}
        // Only the controller calls this, i.e. the user zoomed or panned.
        onViewStateChange={({ viewState: v }) => onViewState(v as OrthoViewState)}
        layers={[layersBelow, points, thumbnails, layersAbove, ring]}
        controller={selectMode === 'pan'}
        onHover={(info) => {
          const index = pointOf(info);
          onHover(index === undefined ? undefined : { index, x: info.x, y: info.y });
        }}
        onClick={(info, { srcEvent: e }) => {
          const index = pointOf(info);
          if (index !== undefined) onClick?.(index, e.shiftKey || e.ctrlKey || e.metaKey);
        }}
        getCursor={({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
      />
      {selectMode !== 'pan' && <SelectionOverlay mode={selectMode} onSelect={select} />}
      {thumbnailed.length > 0 && <span hidden data-testid="thumbnail-mode" data-count={thumbnailed.length} data-size={thumbSize} />}
    </>
  );
}
