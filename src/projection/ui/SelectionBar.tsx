import { useLabelSources } from '../../state/useLabelSources';
import { useMemo } from 'react';
import { classInfo } from '../../state/selectors';
import { useStoreApi, useStore } from '../../state/store';

const STRIP = 40;

/** What is selected (in every panel): counts per class and a strip of thumbnails. Esc clears it (useEscapeKey). */
export function SelectionBar() {
  const { setState } = useStoreApi();
  const clear = () => setState({ selection: undefined });
  const selection = useStore((s) => s.selection);
  const images = useStore((s) => s.images);
  const table = useLabelSources();
  const classes = useMemo(() => classInfo(images, table), [images, table]);
  const byId = useMemo(() => new Map(images.map((img, i) => [img.id, i])), [images]);
  // From the selection, not from every image: a selection is usually far smaller than the set. In image order.
  const picked = useMemo(
    () =>
      [...(selection ?? [])]
        .map((id) => byId.get(id))
        .filter((i) => i !== undefined)
        .sort((a, b) => a - b)
        .map((i) => ({ img: images[i], i })),
    [selection, byId, images],
  );
  if (!selection) return null;
  const counts = new Array<number>(classes.names.length).fill(0);
  for (const { i } of picked) counts[classes.indexOf[i]]++;
  return (
    <section className="selection-bar" data-testid="selection" aria-label="Selection">
      <strong data-testid="selection-count">{picked.length} selected</strong>
      {classes.names.map(
        (name, k) =>
          counts[k] > 0 && (
            <span key={name} className="selection-class">
              <span className="swatch" style={{ background: `rgb(${classes.colours[k].join(',')})` }} /> {name} {counts[k]}
            </span>
          ),
      )}
      <span className="thumb-strip">
        {picked.slice(0, STRIP).map(({ img }) => (
          <img
            key={img.id}
            src={img.thumbUrl}
            alt={img.name}
            title={img.name}
            onClick={() => setState((s) => ({ preview: s.pipelines[0] && { imageId: img.id, pipelineId: s.preview?.pipelineId ?? s.pipelines[0].id } }))}
          />
        ))}
        {picked.length > STRIP && <span className="muted small">+{picked.length - STRIP} more</span>}
      </span>
      <button className="small-button" onClick={clear} title="Clear the selection (Esc)">
        Clear
      </button>
    </section>
  );
}
