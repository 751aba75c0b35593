import DeckGL from '@deck.gl/react';
import { OrthographicView, type PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { fitView, type OrthoViewState } from '../lib/camera';
import { pointsInPolygon } from '../lib/geometry';
import { ColourBar } from './ColourBar';
import { SelectionOverlay, type SelectMode } from './SelectionOverlay';
import { formatSky } from '../../shared/lib/formatSky';
import { Legend } from '../../shared/ui/Legend';
import { useElementSize } from '../../shared/ui/useElementSize';
import { colourValues } from '../../state/colourValues';
import { pointColours } from '../../state/pointColours';
import { classInfo, imageLabel, imageSky } from '../../state/selectors';
import { setState, useStore } from '../../state/store';
import { skyPlane } from '../../sky/lib/skyPlane';
import { SkyAxes } from './SkyAxes';

const VIEW = new OrthographicView({ id: 'sky', flipY: true, controller: true });
const POINT_RADIUS = 4;

const toggleClass = (name: string) =>
  setState((s) => ({ hiddenClasses: s.hiddenClasses.includes(name) ? s.hiddenClasses.filter((n) => n !== name) : [...s.hiddenClasses, name] }));

/**
 * Where the images lie on the sky: RA/Dec of every image that has a position (FITS WCS, or the
 * labels CSV's / manifest's columns), linked to the latent panels through the store's hover and
 * selection: a selection made in latent space is highlighted here, and a lasso or box drawn here
 * selects in every latent panel. Absent when no image has a position.
 */
export function SkyPanel() {
  const images = useStore((s) => s.images);
  const table = useStore((s) => s.labelTable);
  const selection = useStore((s) => s.selection);
  const hiddenClasses = useStore((s) => s.hiddenClasses);
  const hoveredId = useStore((s) => s.hoveredId);
  const colourBy = useStore((s) => s.colourBy);
  const comparison = useStore((s) => s.comparison);
  const firstPipeline = useStore((s) => s.pipelines[0]?.id);
  const container = useRef<HTMLDivElement>(null);
  const size = useElementSize(container);
  const [viewState, setViewState] = useState<OrthoViewState>();
  const [mode, setMode] = useState<SelectMode>('pan');
  const [hover, setHover] = useState<{ index: number; x: number; y: number }>();

  const placed = useMemo(
    () =>
      images.flatMap((img) => {
        const sky = imageSky(img, table);
        return sky ? [{ img, sky }] : [];
      }),
    [images, table],
  );
  const ids = useMemo(() => placed.map((p) => p.img.id), [placed]);
  const plane = useMemo(() => skyPlane(placed.map((p) => p.sky)), [placed]);
  const indexOf = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);

  // The latent panels' colouring, except the probe's verdicts, which belong to one pipeline: by class then.
  const byImage = useMemo(() => new Map(images.map((img, i) => [img.id, i])), [images]);
  const classes = useMemo(() => classInfo(images, table), [images, table]);
  const colourMode = colourBy === 'predicted' || colourBy === 'correct' ? 'class' : colourBy;
  const values = useMemo(
    () => (colourMode === 'class' ? undefined : colourValues(colourMode, { images, labelTable: table, comparison })),
    [colourMode, images, table, comparison],
  );
  const colouring = useMemo(
    () => pointColours(colourMode, ids, byImage, classes, undefined, { hiddenClasses, selection }, values),
    [colourMode, ids, byImage, classes, hiddenClasses, selection, values],
  );
  // The legend counts the images on this plot, not the whole set.
  const legend = useMemo(() => {
    if (colouring.legend.kind !== 'categorical' || colourMode !== 'class') return colouring.legend;
    const counts = classes.names.map(() => 0);
    for (const id of ids) counts[classes.indexOf[byImage.get(id)!]]++;
    return { ...colouring.legend, counts };
  }, [colouring, colourMode, classes, ids, byImage]);

  const ready = size.width > 0 && ids.length > 0;
  useEffect(() => {
    if (ready) setViewState(fitView(plane.coords, size.width, size.height, 0.75));
  }, [plane, ready, size.width, size.height]);

  if (ids.length === 0) return null;

  const data = {
    length: ids.length,
    attributes: { getPosition: { value: plane.coords, size: 2 }, getFillColor: { value: colouring.rgba, size: 4, normalized: true } },
  };
  const points = new ScatterplotLayer({
    id: 'sky-points',
    data,
    radiusUnits: 'pixels',
    getRadius: POINT_RADIUS,
    radiusMinPixels: 2,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 255],
  });
  const hoveredIndex = hoveredId === undefined ? undefined : indexOf.get(hoveredId);
  const ring =
    hoveredIndex !== undefined &&
    new ScatterplotLayer({
      id: 'sky-hovered',
      data: [hoveredIndex],
      getPosition: (i: number) => [plane.coords[2 * i], plane.coords[2 * i + 1]],
      radiusUnits: 'pixels',
      getRadius: POINT_RADIUS + 5,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      getLineColor: [255, 255, 255, 255],
      updateTriggers: { getPosition: [plane, hoveredIndex] },
    });

  const isHidden = (i: number) => colouring.rgba[4 * i + 3] === 0;
  const pointOf = (info: PickingInfo) => (info.index >= 0 && !isHidden(info.index) ? info.index : undefined);
  const onSelect = (polygon: number[], additive: boolean) => {
    if (!viewState) return;
    const scale = 2 ** viewState.zoom;
    const world = polygon.map((v, i) =>
      i % 2 === 0 ? viewState.target[0] + (v - size.width / 2) / scale : viewState.target[1] + (v - size.height / 2) / scale,
    );
    const chosen = pointsInPolygon(plane.coords, world)
      .filter((i) => !isHidden(i))
      .map((i) => ids[i]);
    setState((s) => ({ selection: new Set([...(additive && s.selection ? s.selection : []), ...chosen]) }));
  };
  const hovered = hover ? placed[hover.index] : undefined;

  return (
    <article className="panel sky-panel" data-testid="sky-panel" data-points={ids.length} aria-label="Sky positions (RA, Dec)">
      <header className="panel-head">
        <h3>Sky</h3>
        <span className="muted small" data-testid="sky-count">
          {ids.length} of {images.length} images have a position
          {selection && <span data-testid="sky-selected">{` · ${ids.filter((id) => selection.has(id)).length} selected`}</span>}
        </span>
        <span className="spacer" />
        <div className="tools" role="toolbar" aria-label="Sky plot tools">
          {(['pan', 'lasso', 'box'] as const).map((m) => (
            <button
              key={m}
              className={`small-button${mode === m ? ' active' : ''}`}
              aria-pressed={mode === m}
              title={
                m === 'pan' ? 'Pan and zoom: drag and scroll' : `${m === 'lasso' ? 'Lasso' : 'Box'} selection on the sky: selects in every panel; Shift adds`
              }
              onClick={() => setMode(m)}
              data-testid={`sky-tool-${m}`}
            >
              {m === 'pan' ? 'Pan' : m === 'lasso' ? 'Lasso' : 'Box'}
            </button>
          ))}
        </div>
        <button className="small-button" title="Fit all positions" onClick={() => setViewState(fitView(plane.coords, size.width, size.height, 0.75))}>
          Fit
        </button>
      </header>
      <div className="plot" ref={container}>
        {ready && viewState && (
          <>
            <DeckGL
              views={VIEW}
              viewState={viewState}
              onViewStateChange={({ viewState: v }) => setViewState(v as OrthoViewState)}
              layers={[points, ring]}
              controller={mode === 'pan'}
              onHover={(info) => {
                const i = pointOf(info);
                setHover(i === undefined ? undefined : { index: i, x: info.x, y: info.y });
                setState({ hoveredId: i === undefined ? undefined : ids[i] });
              }}
              onClick={(info) => {
                const i = pointOf(info);
                if (i !== undefined && firstPipeline) setState({ preview: { imageId: ids[i], pipelineId: firstPipeline } });
              }}
              getCursor={({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
            />
            <SkyAxes view={viewState} width={size.width} height={size.height} />
          </>
        )}
        {ready && mode !== 'pan' && <SelectionOverlay mode={mode} onSelect={onSelect} />}
        {hovered && hover && (
          <div className="tooltip" data-testid="sky-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
            <img src={hovered.img.thumbUrl} alt="" />
            <div className="file-name">{hovered.img.name}</div>
            <div>{imageLabel(hovered.img, table) ?? 'unlabelled'}</div>
            <div className="muted small">
              {formatSky(hovered.sky)} ({hovered.sky.ra.toFixed(4)}°, {hovered.sky.dec.toFixed(4)}°)
            </div>
            {firstPipeline && <div className="muted small">Click for the preview and sky links</div>}
          </div>
        )}
        <div className="plot-legend">
          {legend.kind === 'continuous' ? (
            <ColourBar {...legend} />
          ) : (
            <Legend {...legend} hidden={colourMode === 'class' ? hiddenClasses : undefined} onToggle={colourMode === 'class' ? toggleClass : undefined} />
          )}
        </div>
      </div>
    </article>
  );
}
