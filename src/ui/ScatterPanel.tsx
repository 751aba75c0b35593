import DeckGL from '@deck.gl/react';
import { OrthographicView, type PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { reproject, cancelProjection } from '../pipeline/scheduler';
import { describePreprocessing, preprocessingLabel } from '../core/preprocessing';
import { pointColours } from '../state/pointColours';
import { classInfo, imageLabel, modelOf } from '../state/selectors';
import { setState, useStore, type ModelRecord, type PipelineRecord } from '../state/store';
import { fitView, type OrthoViewState } from './fitView';
import { Legend } from './Legend';
import { ProgressBar } from './ProgressBar';
import { formatSky } from './formatSky';
import { useElementSize } from './useElementSize';

const VIEW = new OrthographicView({ id: 'umap', flipY: true, controller: true });
const POINT_RADIUS = 4;

interface Hover {
  index: number;
  x: number;
  y: number;
}

/** One pipeline's UMAP: points coloured by class, zoom/pan, hover to see the cutout, click for the preview. */
export function ScatterPanel({ pipeline }: { pipeline: PipelineRecord }) {
  const model = useStore((s) => modelOf(s, pipeline))!;
  const projection = useStore((s) => s.projections[pipeline.id]);
  const projectRun = useStore((s) => s.projectRuns[pipeline.id]);
  const embedRun = useStore((s) => s.embedRuns[pipeline.id]);
  const images = useStore((s) => s.images);
  const table = useStore((s) => s.labelTable);
  const container = useRef<HTMLDivElement>(null);
  const size = useElementSize(container);
  const [viewState, setViewState] = useState<OrthoViewState>();
  const [hover, setHover] = useState<Hover>();

  const classes = useMemo(() => classInfo(images, table), [images, table]);
  const byId = useMemo(() => new Map(images.map((img, i) => [img.id, i])), [images]);

  const colourBy = useStore((s) => s.colourBy);
  const outcome = useStore((s) => s.probe[pipeline.id]);
  // Binary attributes: deck.gl uploads these typed arrays as they are, no per-point accessors.
  const colouring = useMemo(
    () => (projection ? pointColours(colourBy, projection.imageIds, byId, classes, outcome) : undefined),
    [projection, colourBy, byId, classes, outcome],
  );
  const colours = colouring?.rgba;

  // Fit the layout to the panel when it arrives, and whenever the panel is resized, until the
  // user zooms or pans: from then on the view is theirs (the Fit button gives it back).
  const ready = size.width > 0 && !!projection;
  const userMoved = useRef(false);
  useEffect(() => {
    userMoved.current = false;
  }, [projection]);
  useEffect(() => {
    if (ready && !userMoved.current) setViewState(fitView(projection.coords, size.width, size.height));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projection, ready, size.width, size.height]);

  // A new data object only when the coordinates or colours change, so deck.gl re-uploads nothing on hover.
  const data = useMemo(
    () => projection && colours && {
      length: projection.imageIds.length,
      attributes: {
        getPosition: { value: projection.coords, size: 2 },
        getFillColor: { value: colours, size: 4, normalized: true },
      },
    },
    [projection, colours],
  );

  const layer = projection && data && new ScatterplotLayer({
    id: 'points',
    data,
    radiusUnits: 'pixels',
    getRadius: POINT_RADIUS,
    radiusMinPixels: 2,
    stroked: true,
    getLineColor: [10, 14, 26, 160],
    lineWidthUnits: 'pixels',
    getLineWidth: 0.5,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 255],
  });

  const onHover = (info: PickingInfo) => {
    const next = info.index >= 0 ? { index: info.index, x: info.x, y: info.y } : undefined;
    setHover(next);
    setState({ hoveredId: next && projection ? projection.imageIds[next.index] : undefined });
  };

  const onClick = (info: PickingInfo) => {
    if (info.index >= 0 && projection) setState({ preview: { imageId: projection.imageIds[info.index], pipelineId: pipeline.id } });
  };

  const hovered = hover && projection ? images[byId.get(projection.imageIds[hover.index]) ?? -1] : undefined;
  const dim = embedRun?.dim;

  return (
    <article className="panel" data-testid="scatter-panel" data-pipeline={pipeline.id} aria-label={`UMAP of ${model.request.name}, ${preprocessingLabel(pipeline.preprocessing)}`}>
      <header className="panel-head">
        <h3>{model.request.name}</h3>
        <span className="panel-prep" title={describePreprocessing(pipeline.preprocessing).join('\n')}>{preprocessingLabel(pipeline.preprocessing)}</span>
        <span className="muted small">
          {dim ? `${dim}-d` : ''}{projection ? ` · ${projection.imageIds.length} points` : ''}
          {model.info ? ` · ${model.info.backend.toUpperCase()}` : ''}
        </span>
        <span className="spacer" />
        {projection && size.width > 0 && (
          <button className="small-button" title="Fit all points (also: double-click to zoom in)" onClick={() => {
              userMoved.current = false;
              setViewState(fitView(projection.coords, size.width, size.height));
            }}>
            Fit
          </button>
        )}
      </header>
      <div className="plot" ref={container}>
        {ready && layer && viewState && (
          <DeckGL
            views={VIEW}
            viewState={viewState}
            onViewStateChange={({ viewState: v, interactionState }) => {
              if (interactionState?.isDragging || interactionState?.isZooming || interactionState?.isPanning) userMoved.current = true;
              setViewState(v as OrthoViewState);
            }}
            layers={[layer]}
            onHover={onHover}
            onClick={onClick}
            getCursor={({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
          />
        )}
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
            <div className="muted small">{hovered.format.toUpperCase()} · {hovered.width}×{hovered.height}{hovered.sky ? ` · ${formatSky(hovered.sky)}` : ''}</div>
            <div className="muted small">Click for the preview</div>
          </div>
        )}
        {colouring && (
          <div className="plot-legend">
            <Legend {...colouring.legend} />
          </div>
        )}
      </div>
    </article>
  );
}

function PanelStatus({ modelStatus, embedRun, projectRun, pipelineId }: {
  modelStatus: ModelRecord['status'];
  embedRun?: { done: number; total: number; running: boolean };
  projectRun?: { running: boolean; progress: number; error?: string };
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
  } else if (projectRun?.error) {
    body = (
      <>
        <p className="error">Projection {projectRun.error === 'cancelled' ? 'cancelled' : `failed: ${projectRun.error}`}</p>
        <button onClick={() => reproject(pipelineId)}>Project again</button>
      </>
    );
  } else if (embedRun?.running) {
    body = (
      <>
        <ProgressBar value={embedRun.total ? embedRun.done / embedRun.total : NaN} label={`Embedding ${embedRun.done} / ${embedRun.total} images`} />
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
