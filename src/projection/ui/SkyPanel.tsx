import { useLabelSources } from '../../state/useLabelSources';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fitView, type OrthoViewState } from '../lib/camera';
import { selectionMask } from '../lib/selectionMask';
import { formatSky } from '../../shared/lib/formatSky';
import { useElementSize } from '../../shared/ui/useElementSize';
import { colourValues } from '../../state/colourValues';
import { pointColours } from '../../state/pointColours';
import { classInfo, imageLabel, imageSky } from '../../state/selectors';
import { useStoreApi, useStore } from '../../state/store';
import { skyPlane } from '../../sky/lib/skyPlane';
import { PlotLegend, PlotTools } from './PlotChrome';
import { ScatterView, type ScatterHover } from './ScatterView';
import type { SelectMode } from './SelectionOverlay';
import { SkyAxes } from './SkyAxes';

/** Share of the panel the positions fill when fitted: room for the axes' labels. */
const FIT_MARGIN = 0.75;

/**
 * Where the images lie on the sky: RA/Dec of every image that has a position (FITS WCS, or the
 * labels CSV's / manifest's columns), drawn by the same controlled ScatterView as the latent
 * panels and linked to them through the store's hover and selection: a selection made in latent
 * space is highlighted here, and a lasso or box drawn here selects in every latent panel. Absent
 * when no image has a position.
 */
export function SkyPanel() {
  const { setState } = useStoreApi();
  const { images, table, selection, hiddenClasses, hoveredId, colourBy, comparison, firstPipeline } = useStore(
    useShallow((s) => ({
      images: s.images,
      table: s.labelTable,
      selection: s.selection,
      hiddenClasses: s.hiddenClasses,
      hoveredId: s.hoveredId,
      colourBy: s.colourBy,
      comparison: s.comparison,
      firstPipeline: s.pipelines[0]?.id,
    })),
  );
  const container = useRef<HTMLDivElement>(null);
  const size = useElementSize(container);
  const [viewState, setViewState] = useState<OrthoViewState>();
  const [mode, setMode] = useState<SelectMode>('pan');
  const [hover, setHover] = useState<ScatterHover>();

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
  const labels = useLabelSources();
  const classes = useMemo(() => classInfo(images, labels), [images, labels]);
  const colourMode = colourBy === 'predicted' || colourBy === 'correct' ? 'class' : colourBy;
  const values = useMemo(
    () => (colourMode === 'class' ? undefined : colourValues(colourMode, { images, labelTable: table, comparison })),
    [colourMode, images, table, comparison],
  );
  const colouring = useMemo(
    () => pointColours(colourMode, ids, byImage, classes, undefined, { hiddenClasses }, values),
    [colourMode, ids, byImage, classes, hiddenClasses, values],
  );
  // The legend counts the images on this plot, not the whole set, and lists only the classes it
  // shows (images without a sky position, e.g. PNGs, are not on it). Each keeps its colour.
  const legend = useMemo(() => {
    if (colouring.legend.kind !== 'categorical' || colourMode !== 'class') return colouring.legend;
    const counts = classes.names.map(() => 0);
    for (const id of ids) counts[classes.indexOf[byImage.get(id)!]]++;
    const shown = colouring.legend.names.flatMap((_, i) => (counts[i] > 0 ? [i] : []));
    const { names, colours } = colouring.legend;
    return { ...colouring.legend, names: shown.map((i) => names[i]), colours: shown.map((i) => colours[i]), counts: shown.map((i) => counts[i]) };
  }, [colouring, colourMode, classes, ids, byImage]);
  const indexOfId = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);
  const selected = useMemo(() => (selection ? selectionMask(indexOfId, ids.length, selection) : undefined), [indexOfId, ids, selection]);

  const ready = size.width > 0 && ids.length > 0;
  const fit = () => setViewState(fitView(plane.coords, size.width, size.height, FIT_MARGIN));
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void (ready && fit()), [plane, ready, size.width, size.height]);

  if (ids.length === 0) return null;
  const hovered = hover ? placed[hover.index] : undefined;
  const selectedHere = selected?.reduce((n, v) => n + v, 0);

  return (
    <article className="panel sky-panel" data-testid="sky-panel" data-points={ids.length} aria-label="Sky positions (RA, Dec)">
      <header className="panel-head">
        <h3>Sky</h3>
        <span className="muted small" data-testid="sky-count">
          {ids.length} of {images.length} images have a position
          {selectedHere !== undefined && <span data-testid="sky-selected">{` · ${selectedHere} selected`}</span>}
        </span>
        <span className="spacer" />
        <PlotTools mode={mode} onMode={setMode} selectHint="drag around positions on the sky to select those images in every panel" />
        <button className="small-button" title="Fit all positions" onClick={fit}>
          Fit
        </button>
      </header>
      <div className="plot" ref={container}>
        {ready && viewState && (
          <>
            <ScatterView
              coords={plane.coords}
              colours={colouring.rgba}
              selected={selected}
              width={size.width}
              height={size.height}
              viewState={viewState}
              onViewState={setViewState}
              hoveredIndex={hoveredId === undefined ? undefined : indexOf.get(hoveredId)}
              onHover={(next) => {
                setHover(next);
                setState({ hoveredId: next && ids[next.index] });
              }}
              onClick={(i) => firstPipeline && setState({ preview: { imageId: ids[i], pipelineId: firstPipeline } })}
              selectMode={mode}
              onSelect={(indices, additive) =>
                setState((s) => ({ selection: new Set([...(additive && s.selection ? s.selection : []), ...indices.map((i) => ids[i])]) }))
              }
            />
            <SkyAxes view={viewState} width={size.width} height={size.height} />
          </>
        )}
        {hovered && hover && (
          <div className="tooltip" data-testid="sky-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
            <img src={hovered.img.thumbUrl} alt="" />
            <div className="file-name">{hovered.img.name}</div>
            <div>{imageLabel(hovered.img, labels) ?? 'unlabelled'}</div>
            <div className="muted small">
              {formatSky(hovered.sky)} ({hovered.sky.ra.toFixed(4)}°, {hovered.sky.dec.toFixed(4)}°)
            </div>
            {firstPipeline && <div className="muted small">Click for the preview and sky links</div>}
          </div>
        )}
        <PlotLegend legend={legend} byClass={colourMode === 'class'} hiddenClasses={hiddenClasses} />
      </div>
    </article>
  );
}
