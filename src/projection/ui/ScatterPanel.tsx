import DeckGL, { type DeckGLRef } from '@deck.gl/react';
import { saveBlob } from '../../export/exportData';
import { panelPng } from '../../export/ui/imageExport';
import { OrthographicView, type PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { reproject, cancelProjection } from '../../embeddings/scheduler';
import { describePreprocessing, preprocessingLabel } from '../../preprocessing/lib/preprocessing';
import { PCA_SEARCH_DIMS, searchDims } from '../lib/projection';
import { colourValues } from '../../state/colourValues';
import { pointColours } from '../../state/pointColours';
import { classInfo, imageLabel, modelOf } from '../../state/selectors';
import { getState, setState, useStore, type ModelRecord, type PipelineRecord, type ProjectRun, type Projection } from '../../state/store';
import { cameraOfView, fitView, viewOfCamera, type Camera, type OrthoViewState } from '../lib/camera';
import { pointsInPolygon } from '../lib/geometry';
import { applyTransform, fitProcrustes } from '../lib/procrustes';
import { ColourBar } from './ColourBar';
import { Legend } from '../../shared/ui/Legend';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { SelectionOverlay, type SelectMode } from './SelectionOverlay';
import { timeLeft } from '../../shared/ui/formatDuration';
import { formatSky } from '../../shared/lib/formatSky';
import { useElementSize } from '../../shared/ui/useElementSize';

const VIEW = new OrthographicView({ id: 'umap', flipY: true, controller: true });
const POINT_RADIUS = 4;

interface Hover {
  index: number;
  x: number;
  y: number;
}

function alignedProjection(own: Projection, reference: Projection): Projection {
  const refIndex = new Map(reference.imageIds.map((id, i) => [id, i]));
  const pairs = own.imageIds.flatMap((id, i) => (refIndex.has(id) ? [[i, refIndex.get(id)!]] : []));
  const a = Float32Array.from(pairs.flatMap(([, r]) => [reference.coords[2 * r], reference.coords[2 * r + 1]]));
  const b = Float32Array.from(pairs.flatMap(([i]) => [own.coords[2 * i], own.coords[2 * i + 1]]));
  return { ...own, coords: applyTransform(fitProcrustes(a, b), own.coords) };
}

/** Records the region a panel's user framed (undefined: fit all points), which the permalink carries. */
function setCamera(pipelineId: string, camera?: Camera): void {
  setState((s) => {
    const cameras = { ...s.cameras };
    if (camera) cameras[pipelineId] = camera;
    else delete cameras[pipelineId];
    return { cameras };
  });
}

const toggleClass = (name: string) =>
  setState((s) => ({ hiddenClasses: s.hiddenClasses.includes(name) ? s.hiddenClasses.filter((n) => n !== name) : [...s.hiddenClasses, name] }));

/** One pipeline's UMAP: points coloured by class, zoom/pan, hover to see the cutout, click for the preview. */
export function ScatterPanel({ pipeline }: { pipeline: PipelineRecord }) {
  const model = useStore((s) => modelOf(s, pipeline))!;
  const rawProjection = useStore((s) => s.projections[pipeline.id]);
  const reference = useStore((s) => (s.alignTo && s.alignTo !== pipeline.id ? s.projections[s.alignTo] : undefined));
  // Optionally rotated/scaled onto the reference panel's layout, fitted on the images both show.
  const projection = useMemo(() => (rawProjection && reference ? alignedProjection(rawProjection, reference) : rawProjection), [rawProjection, reference]);
  const projectRun = useStore((s) => s.projectRuns[pipeline.id]);
  const embedRun = useStore((s) => s.embedRuns[pipeline.id]);
  const images = useStore((s) => s.images);
  const table = useStore((s) => s.labelTable);
  const container = useRef<HTMLDivElement>(null);
  const deckRef = useRef<DeckGLRef>(null);
  const size = useElementSize(container);
  const [viewState, setViewState] = useState<OrthoViewState>();
  const [hover, setHover] = useState<Hover>();

  const classes = useMemo(() => classInfo(images, table), [images, table]);
  const byId = useMemo(() => new Map(images.map((img, i) => [img.id, i])), [images]);

  const colourBy = useStore((s) => s.colourBy);
  const outcome = useStore((s) => s.probe[pipeline.id]);
  const selection = useStore((s) => s.selection);
  const hiddenClasses = useStore((s) => s.hiddenClasses);
  const hoveredId = useStore((s) => s.hoveredId);
  const [mode, setMode] = useState<SelectMode>('pan');
  const comparison = useStore((s) => s.comparison);
  const byValue = colourBy !== 'class' && colourBy !== 'predicted' && colourBy !== 'correct';
  const values = useMemo(
    () => (byValue ? colourValues(colourBy, { images, labelTable: table, comparison }) : undefined),
    [byValue, colourBy, images, table, comparison],
  );
  // Binary attributes: deck.gl uploads these typed arrays as they are, no per-point accessors.
  const colouring = useMemo(
    () => (projection ? pointColours(colourBy, projection.imageIds, byId, classes, outcome, { hiddenClasses, selection }, values) : undefined),
    [projection, colourBy, byId, classes, outcome, hiddenClasses, selection, values],
  );
  const indexInProjection = useMemo(() => new Map(projection?.imageIds.map((id, i) => [id, i])), [projection]);
  const colours = colouring?.rgba;

  // The view follows the store's camera (the region the user framed, possibly from a link) or
  // else fits every point: when the layout arrives, on every progressive frame and on resize. A
  // finished layout of other settings, images or alignment makes the camera meaningless: it is dropped.
  const ready = size.width > 0 && !!projection;
  const aligned = useStore((s) => !!s.alignTo && s.alignTo !== pipeline.id);
  const finished = (p?: Projection) => !!p && !p.partial;
  // Undefined until the layout (and the one it is aligned to) is finished: meanwhile the view fits.
  const basis = finished(rawProjection) && (!aligned || finished(reference)) ? `${rawProjection!.key}|${aligned ? reference!.key : ''}` : undefined;
  const lastBasis = useRef<string>(undefined);
  useEffect(() => {
    if (!ready) return;
    if (basis && lastBasis.current && lastBasis.current !== basis) setCamera(pipeline.id, undefined);
    if (basis) lastBasis.current = basis;
    const camera = basis ? getState().cameras[pipeline.id] : undefined;
    setViewState(camera ? viewOfCamera(camera, size.width, size.height) : fitView(projection.coords, size.width, size.height));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projection, ready, size.width, size.height]);

  // A new data object only when the coordinates or colours change, so deck.gl re-uploads nothing on hover.
  const data = useMemo(
    () =>
      projection &&
      colours && {
        length: projection.imageIds.length,
        attributes: {
          getPosition: { value: projection.coords, size: 2 },
          getFillColor: { value: colours, size: 4, normalized: true },
        },
      },
    [projection, colours],
  );

  const layer =
    projection &&
    data &&
    new ScatterplotLayer({
      id: 'points',
      data,
      radiusUnits: 'pixels',
      getRadius: POINT_RADIUS,
      radiusMinPixels: 2,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 255],
    });

  // Linked hover: the image hovered in any panel is ringed in every panel.
  const hoveredIndex = hoveredId === undefined ? undefined : indexInProjection.get(hoveredId);
  const highlight =
    projection &&
    hoveredIndex !== undefined &&
    new ScatterplotLayer({
      id: 'hovered',
      data: [hoveredIndex],
      getPosition: (i: number) => [projection.coords[2 * i], projection.coords[2 * i + 1]],
      radiusUnits: 'pixels',
      getRadius: POINT_RADIUS + 5,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      getLineColor: [255, 255, 255, 255],
      updateTriggers: { getPosition: [projection, hoveredIndex] },
    });

  const isHidden = (i: number) => colours !== undefined && colours[4 * i + 3] === 0;
  const onHover = (info: PickingInfo) => {
    const next = info.index >= 0 && !isHidden(info.index) ? { index: info.index, x: info.x, y: info.y } : undefined;
    setHover(next);
    setState({ hoveredId: next && projection ? projection.imageIds[next.index] : undefined });
  };

  const onClick = (info: PickingInfo) => {
    if (info.index >= 0 && projection && !isHidden(info.index)) setState({ preview: { imageId: projection.imageIds[info.index], pipelineId: pipeline.id } });
  };

  /** A screen polygon from the lasso/box → world coordinates → the images inside, selected in every panel. */
  const onSelect = (polygon: number[], additive: boolean) => {
    if (!projection || !viewState) return;
    const scale = 2 ** viewState.zoom;
    const world = polygon.map((v, i) =>
      i % 2 === 0 ? viewState.target[0] + (v - size.width / 2) / scale : viewState.target[1] + (v - size.height / 2) / scale,
    );
    const ids = pointsInPolygon(projection.coords, world)
      .filter((i) => !isHidden(i))
      .map((i) => projection.imageIds[i]);
    setState((s) => ({ selection: new Set([...(additive && s.selection ? s.selection : []), ...ids]) }));
  };

  const hovered = hover && projection ? images[byId.get(projection.imageIds[hover.index]) ?? -1] : undefined;
  const dim = embedRun?.dim;

  return (
    <article
      className="panel"
      data-testid="scatter-panel"
      data-pipeline={pipeline.id}
      aria-label={`UMAP of ${model.request.name}, ${preprocessingLabel(pipeline.preprocessing)}`}
    >
      <header className="panel-head">
        <h3>{model.request.name}</h3>
        <span className="panel-prep" title={describePreprocessing(pipeline.preprocessing).join('\n')}>
          {preprocessingLabel(pipeline.preprocessing)}
        </span>
        <span className="muted small">
          {dim ? `${dim}-d` : ''}
          {projection ? ` · ${projection.imageIds.length} points` : ''}
          {model.info ? ` · ${model.info.backend.toUpperCase()}` : ''}
          {projection && dim && searchDims(projection.imageIds.length, dim) < dim && (
            <span
              data-testid="search-dims"
              title={`With this many points, UMAP's exact neighbour search runs on the ${PCA_SEARCH_DIMS} leading principal components of the L2-normalised embeddings instead of all ${dim} dimensions: ${Math.round(dim / PCA_SEARCH_DIMS)}× less work, a common UMAP practice. The layout optimisation is unchanged.`}
            >
              {` · neighbours on ${PCA_SEARCH_DIMS} PCs`}
            </span>
          )}
        </span>
        <span className="spacer" />
        {projection && (
          <div className="tools" role="toolbar" aria-label="Plot tools">
            {(['pan', 'lasso', 'box'] as const).map((m) => (
              <button
                key={m}
                className={`small-button${mode === m ? ' active' : ''}`}
                aria-pressed={mode === m}
                title={
                  m === 'pan'
                    ? 'Pan and zoom: drag and scroll, or click the plot and use the arrow keys and +/−'
                    : `${m === 'lasso' ? 'Lasso' : 'Box'} selection: drag around points; Shift adds to the selection`
                }
                onClick={() => setMode(m)}
                data-testid={`tool-${m}`}
              >
                {m === 'pan' ? 'Pan' : m === 'lasso' ? 'Lasso' : 'Box'}
              </button>
            ))}
          </div>
        )}
        {projection && size.width > 0 && (
          <button
            className="small-button"
            title="Fit all points (also: double-click to zoom in)"
            onClick={() => {
              setCamera(pipeline.id, undefined);
              setViewState(fitView(projection.coords, size.width, size.height));
            }}
          >
            Fit
          </button>
        )}
        {projection && (
          <button
            className="small-button"
            title="Save this panel (points, title and legend) as a PNG image"
            data-testid="panel-png"
            onClick={() => {
              const deck = deckRef.current?.deck;
              deck?.redraw('export'); // draw now, so the canvas holds a frame when it is read
              const canvas = deck?.getCanvas();
              if (canvas && colouring)
                void panelPng(canvas, model.request.name, preprocessingLabel(pipeline.preprocessing), colouring.legend).then((b) =>
                  saveBlob(b, `${model.request.name.replace(/[^\w.-]+/g, '_')}.png`),
                );
            }}
          >
            PNG
          </button>
        )}
      </header>
      <div className="plot" ref={container} data-camera={viewState && size.width > 0 ? cameraOfView(viewState, size.width, size.height).join(',') : undefined}>
        {ready && layer && viewState && (
          <DeckGL
            ref={deckRef}
            views={VIEW}
            viewState={viewState}
            onViewStateChange={({ viewState: v }) => {
              // Only the controller calls this, i.e. the user zoomed or panned: from now on the view is theirs.
              setViewState(v as OrthoViewState);
              setCamera(pipeline.id, cameraOfView(v as OrthoViewState, size.width, size.height));
            }}
            layers={[layer, highlight]}
            controller={mode === 'pan'}
            onHover={onHover}
            onClick={onClick}
            getCursor={({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
          />
        )}
        {ready && mode !== 'pan' && <SelectionOverlay mode={mode} onSelect={onSelect} />}
        {!projection && <PanelStatus modelStatus={model.status} embedRun={embedRun} projectRun={projectRun} pipelineId={pipeline.id} />}
        {projection && projectRun?.running && (
          <div className="overlay-top">
            <ProgressBar testId="project-progress" value={projectRun.progress} label={`Updating projection ${Math.round(projectRun.progress * 100)} %`} />
          </div>
        )}
        {hovered && hover && (
          <div className="tooltip" data-testid="tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
            <img src={hovered.thumbUrl} alt="" data-testid="tooltip-thumb" />
            <div className="file-name">{hovered.name}</div>
            <div>{imageLabel(hovered, table) ?? 'unlabelled'}</div>
            <div className="muted small">
              {hovered.format.toUpperCase()} · {hovered.width}×{hovered.height}
              {hovered.sky ? ` · ${formatSky(hovered.sky)}` : ''}
            </div>
            <div className="muted small">Click for the preview</div>
          </div>
        )}
        {colouring && (
          <div className="plot-legend">
            {colouring.legend.kind === 'continuous' ? (
              <ColourBar {...colouring.legend} />
            ) : (
              <Legend
                {...colouring.legend}
                hidden={colourBy === 'class' ? hiddenClasses : undefined}
                onToggle={colourBy === 'class' ? toggleClass : undefined}
              />
            )}
          </div>
        )}
      </div>
    </article>
  );
}

function PanelStatus({
  modelStatus,
  embedRun,
  projectRun,
  pipelineId,
}: {
  modelStatus: ModelRecord['status'];
  embedRun?: { done: number; total: number; running: boolean; imagesPerSecond: number };
  projectRun?: ProjectRun;
  pipelineId: string;
}) {
  let body;
  if (projectRun?.running) {
    body = (
      <>
        <ProgressBar testId="project-progress" value={projectRun.progress} label={`Projecting with UMAP ${Math.round(projectRun.progress * 100)} %`} />
        <button onClick={() => cancelProjection(pipelineId)}>Cancel</button>
      </>
    );
  } else if (projectRun?.error || projectRun?.cancelled) {
    body = (
      <>
        <p className="error">Projection {projectRun.cancelled ? 'cancelled' : `failed: ${projectRun.error}`}</p>
        <button onClick={() => reproject(pipelineId)}>Project again</button>
      </>
    );
  } else if (embedRun?.running) {
    body = (
      <>
        <ProgressBar
          value={embedRun.total ? embedRun.done / embedRun.total : NaN}
          label={`Embedding ${embedRun.done} / ${embedRun.total} images${timeLeft(embedRun.done, embedRun.total, embedRun.imagesPerSecond)}`}
        />
        <p className="muted small">The UMAP projection follows when every image is embedded.</p>
      </>
    );
  } else if (modelStatus === 'error') {
    body = <p className="error">The model could not be loaded; see its card.</p>;
  } else {
    body = <p className="muted">Waiting for images and embeddings…</p>;
  }
  return <div className="panel-status">{body}</div>;
}
