import type { DeckGLRef } from '@deck.gl/react';
import { saveBlob } from '../../shared/ui/saveFile';
import { panelPng } from '../../shared/ui/imageExport';
import type { LayersList } from '@deck.gl/core';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useServices } from '../../shared/ui/services';
import { describePreprocessing, preprocessingLabel } from '../../preprocessing/lib/preprocessing';
import { PCA_SEARCH_DIMS, searchDims } from '../lib/projection';
import { colourValues } from '../../state/colourValues';
import { pointColours } from '../../state/pointColours';
import { classInfo, currentInvariance, imageLabel, imageSky, modelOf } from '../../state/selectors';
import { layoutBasis, shownProjectionSelector } from '../../state/shownProjection';
import { useStoreApi, useStore, type LatentSkyStoreApi, type ModelRecord, type PipelineRecord, type ProjectRun } from '../../state/store';
import { cameraOfView, fitView, viewOfCamera, type Camera, type OrthoViewState } from '../lib/camera';
import { selectionMask } from '../lib/selectionMask';
import { PlotLegend, PlotTools } from './PlotChrome';
import { clickSelection } from '../lib/clickSelection';
import { useLabelSources } from '../../state/useLabelSources';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { ScatterView, type ScatterHover } from './ScatterView';
import { queryMarkerLayers } from './queryMarker';
import type { SelectMode } from './SelectionOverlay';
import { timeLeft } from '../../shared/ui/formatDuration';
import { formatSky } from '../../shared/lib/formatSky';
import { useElementSize } from '../../shared/ui/useElementSize';

/** Records the region a panel's user framed (undefined: fit all points), which the permalink carries. */
function setCamera(store: Pick<LatentSkyStoreApi, 'setState'>, pipelineId: string, camera?: Camera): void {
  store.setState((s) => {
    const cameras = { ...s.cameras };
    if (camera) cameras[pipelineId] = camera;
    else delete cameras[pipelineId];
    return { cameras };
  });
}

/**
 * What other features draw in a panel (the composition root passes them): deck.gl layers in the
 * layout's coordinates under and over the points, entries under the legend, content under the plot.
 */
export interface PanelExtras {
  layersBelow?: LayersList;
  layersAbove?: LayersList;
  legend?: ReactNode;
  footer?: ReactNode;
}

/**
 * One pipeline's UMAP panel: binds the store to a ScatterView (points coloured by class, zoom/pan,
 * linked hover and selection, click for the preview) and adds the header, tooltip, legend and status.
 */
export function ScatterPanel({ pipeline, extras = {} }: { pipeline: PipelineRecord; extras?: PanelExtras }) {
  const store = useStoreApi();
  const { getState, setState } = store;
  // The layout as shown (possibly aligned onto another panel's): a memoised selector, refitted only when a layout changes.
  const projection = useStore(useMemo(() => shownProjectionSelector(pipeline.id), [pipeline.id]));
  const basis = useStore((s) => layoutBasis(s, pipeline.id));
  const { model, projectRun, embedRun, images, table, colourBy, outcome, selection, hiddenClasses, hoveredId, comparison, invariance } = useStore(
    useShallow((s) => ({
      model: modelOf(s, pipeline)!,
      projectRun: s.projectRuns[pipeline.id],
      embedRun: s.embedRuns[pipeline.id],
      images: s.images,
      table: s.labelTable,
      colourBy: s.colourBy,
      outcome: s.probe[pipeline.id],
      selection: s.selection,
      hiddenClasses: s.hiddenClasses,
      hoveredId: s.hoveredId,
      comparison: s.comparison,
      // This panel's own orientation-invariance result, looked up only while points are coloured by it.
      invariance: s.colourBy === 'invariance' ? currentInvariance(s, pipeline.id) : undefined,
    })),
  );
  const container = useRef<HTMLDivElement>(null);
  const deckRef = useRef<DeckGLRef>(null);
  const size = useElementSize(container);
  const [viewState, setViewState] = useState<OrthoViewState>();
  const [hover, setHover] = useState<ScatterHover>();
  const [mode, setMode] = useState<SelectMode>('pan');

  const labels = useLabelSources();
  const classes = useMemo(() => classInfo(images, labels), [images, labels]);
  const byId = useMemo(() => new Map(images.map((img, i) => [img.id, i])), [images]);
  const byValue = colourBy !== 'class' && colourBy !== 'predicted' && colourBy !== 'correct';
  const values = useMemo(
    () => (byValue ? colourValues(colourBy, { images, labelTable: table, comparison, invariance }) : undefined),
    [byValue, colourBy, images, table, comparison, invariance],
  );
  // Selection-free: the view dims around the selection, so selecting recolours nothing.
  const colouring = useMemo(
    () => (projection ? pointColours(colourBy, projection.imageIds, byId, classes, outcome, { hiddenClasses }, values) : undefined),
    [projection, colourBy, byId, classes, outcome, hiddenClasses, values],
  );
  // Thumbnails only once the user has framed the view (zoomed or panned): the fitted overview stays dots.
  const framed = useStore((s) => !!s.cameras[pipeline.id]);
  const thumbnailUrls = useMemo(() => projection?.imageIds.map((id) => images[byId.get(id) ?? -1]?.thumbUrl ?? ''), [projection, byId, images]);
  const indexInProjection = useMemo(() => new Map(projection?.imageIds.map((id, i) => [id, i])), [projection]);
  const selected = useMemo(
    () => (projection && selection ? selectionMask(indexInProjection, projection.imageIds.length, selection) : undefined),
    [projection, indexInProjection, selection],
  );

  // The view follows the store's camera (the region the user framed, possibly from a link) or
  // else fits every point: when the layout arrives, on every progressive frame and on resize. A
  // finished layout of other settings, images or alignment makes the camera meaningless: it is dropped.
  const ready = size.width > 0 && !!projection;
  const lastBasis = useRef<string>(undefined);
  useEffect(() => {
    if (!ready) return;
    if (basis && lastBasis.current && lastBasis.current !== basis) setCamera(store, pipeline.id, undefined);
    if (basis) lastBasis.current = basis;
    const camera = basis ? getState().cameras[pipeline.id] : undefined;
    setViewState(camera ? viewOfCamera(camera, size.width, size.height) : fitView(projection.coords, size.width, size.height));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projection, ready, size.width, size.height]);

  const onHover = (next?: ScatterHover) => {
    setHover(next);
    setState({ hoveredId: next && projection ? projection.imageIds[next.index] : undefined });
  };
  /** A click previews the point and selects it in every panel, ready to be labelled; with `toggle` (Shift, Ctrl/Cmd) it joins or leaves the selection. */
  const onClick = (index: number, toggle: boolean) => {
    if (!projection) return;
    const id = projection.imageIds[index];
    setState((s) => ({ preview: { imageId: id, pipelineId: pipeline.id }, selection: clickSelection(s.selection, id, toggle) }));
  };
  // Selected in every panel: the selection is of images, not of this panel's points.
  const onSelect = (indices: number[], additive: boolean) =>
    projection && setState((s) => ({ selection: new Set([...(additive && s.selection ? s.selection : []), ...indices.map((i) => projection.imageIds[i])]) }));

  // Linked hover: the image hovered in any panel is ringed in every panel.
  const hoveredIndex = hoveredId === undefined ? undefined : indexInProjection.get(hoveredId);
  const hovered = hover && projection ? images[byId.get(projection.imageIds[hover.index]) ?? -1] : undefined;
  // Its FITS WCS position, else the RA/Dec columns of its labels CSV, manifest or dataset.
  const hoveredSky = hovered && imageSky(hovered, table);
  const dim = embedRun?.dim;
  // Where a query image (query by image) falls in this panel.
  const query = useStore((s) => s.query);
  const marker = useMemo(() => queryMarkerLayers(query, pipeline.id, projection), [query, pipeline.id, projection]);

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
          {projection?.imported && (
            <span data-testid="imported-projection" title="The coordinates came with the dataset file (projection_x, projection_y) and are shown as they are">
              {' · imported coordinates'}
            </span>
          )}
          {model.info ? ` · ${model.info.backend.toUpperCase()}` : ''}
          {projection && !projection.imported && dim && searchDims(projection.imageIds.length, dim) < dim && (
            <span
              data-testid="search-dims"
              title={`With this many points, UMAP's exact neighbour search runs on the ${PCA_SEARCH_DIMS} leading principal components of the L2-normalised embeddings instead of all ${dim} dimensions: ${Math.round(dim / PCA_SEARCH_DIMS)}× less work, a common UMAP practice. The layout optimisation is unchanged.`}
            >
              {` · neighbours on ${PCA_SEARCH_DIMS} PCs`}
            </span>
          )}
        </span>
        <span className="spacer" />
        {projection && <PlotTools mode={mode} onMode={setMode} selectHint="drag around points" />}
        {projection && size.width > 0 && (
          <button
            className="small-button"
            title="Fit all points (also: double-click to zoom in)"
            onClick={() => {
              setCamera(store, pipeline.id, undefined);
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
        {ready && colouring && viewState && (
          <ScatterView
            deckRef={deckRef}
            coords={projection.coords}
            colours={colouring.rgba}
            selected={selected}
            width={size.width}
            height={size.height}
            viewState={viewState}
            onViewState={(v) => {
              // The user zoomed or panned: from now on the view is theirs.
              setViewState(v);
              setCamera(store, pipeline.id, cameraOfView(v, size.width, size.height));
            }}
            hoveredIndex={hoveredIndex}
            onHover={onHover}
            onClick={onClick}
            selectMode={mode}
            onSelect={onSelect}
            layersBelow={extras.layersBelow}
            layersAbove={marker ? [extras.layersAbove, marker] : extras.layersAbove}
            thumbnailUrls={framed ? thumbnailUrls : undefined}
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
            {hovered.thumbUrl && <img src={hovered.thumbUrl} alt="" data-testid="tooltip-thumb" />}
            <div className="file-name">{hovered.name}</div>
            <div>{imageLabel(hovered, labels) ?? 'unlabelled'}</div>
            <div className="muted small">
              {hovered.format.toUpperCase()}
              {hovered.width > 0 && ` · ${hovered.width}×${hovered.height}`}
              {hoveredSky ? ` · ${formatSky(hoveredSky)}` : ''}
            </div>
            <div className="muted small">Click for the preview</div>
          </div>
        )}
        {colouring && (
          <PlotLegend legend={colouring.legend} byClass={colourBy === 'class'} hiddenClasses={hiddenClasses}>
            {extras.legend}
          </PlotLegend>
        )}
      </div>
      {extras.footer}
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
  const { projection } = useServices();
  let body;
  if (projectRun?.running) {
    body = (
      <>
        <ProgressBar testId="project-progress" value={projectRun.progress} label={`Projecting with UMAP ${Math.round(projectRun.progress * 100)} %`} />
        <button onClick={() => projection.cancel(pipelineId)}>Cancel</button>
      </>
    );
  } else if (projectRun?.error || projectRun?.cancelled) {
    body = (
      <>
        <p className="error">Projection {projectRun.cancelled ? 'cancelled' : `failed: ${projectRun.error}`}</p>
        <button onClick={() => projection.reproject(pipelineId)}>Project again</button>
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
