import { useRef, type DragEvent } from 'react';
import { imageLabel, pipelineTitle } from '../../state/selectors';
import { useStoreApi, useStore } from '../../state/store';
import { PLACEMENT_K } from '../lib/placement';
import { useLabelSources } from '../../state/useLabelSources';
import { useServices } from '../../shared/ui/services';

/**
 * Query by image: pick or drop one cutout that is not in the set; every pipeline embeds it and
 * shows its nearest images side by side, and each panel marks where it falls. The query never
 * joins the set. (Drops here are this panel's: the page-wide drop zone leaves them alone.)
 */
export function QueryPanel() {
  const { setState } = useStoreApi();
  const controller = useServices().query;
  const query = useStore((s) => s.query);
  const images = useStore((s) => s.images);
  const pipelines = useStore((s) => s.pipelines);
  const models = useStore((s) => s.models);
  const table = useLabelSources();
  const input = useRef<HTMLInputElement>(null);
  const byId = new Map(images.map((i) => [i.id, i]));
  const run = (files: FileList | File[] | null) => {
    const file = files?.[0];
    if (file) controller.query(file).catch(() => undefined); // the error is shown from the store
  };
  const onDrop = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    run(Array.from(e.dataTransfer.files));
  };

  return (
    <section className="query-panel" data-testid="query-panel" data-own-drop onDragOver={(e) => e.preventDefault()} onDrop={onDrop} aria-label="Query by image">
      <header className="row query-head">
        <h2>Query by image</h2>
        <button onClick={() => input.current?.click()} data-testid="query-pick" title="Choose one cutout (not added to the set)">
          Choose a cutout…
        </button>
        <span className="muted small">or drop one here. It is embedded by every pipeline but never added to the set.</span>
        <input
          ref={input}
          type="file"
          hidden
          accept=".fits,.fit,.fts,.fz,.gz,.bz2,.png,.jpg,.jpeg,image/png,image/jpeg"
          data-testid="query-input"
          onChange={(e) => {
            run(e.target.files);
            e.target.value = '';
          }}
        />
        {query && (
          <button className="small-button" onClick={controller.clear} data-testid="query-clear">
            Clear
          </button>
        )}
      </header>
      {query && (
        <div className="query-body">
          <figure className="query-image">
            {query.thumbUrl && <img src={query.thumbUrl} alt={`Query image ${query.name}`} />}
            <figcaption className="file-name">{query.name}</figcaption>
          </figure>
          <div className="query-rows">
            {query.error && (
              <p className="error" role="alert">
                {query.error}
              </p>
            )}
            {query.running && (
              <p className="muted small">
                Embedding with every pipeline… ({query.rows.length} of {pipelines.length} done)
              </p>
            )}
            {query.rows.map((row) => {
              const p = pipelines.find((x) => x.id === row.pipelineId);
              return (
                <div key={row.pipelineId} className="neighbour-row" data-testid="query-row" data-pipeline={row.pipelineId}>
                  <span className="neighbour-title small">{p ? pipelineTitle(models, p) : row.pipelineId}</span>
                  {row.error ? (
                    <span className="error small">{row.error}</span>
                  ) : (
                    <span className="thumb-strip">
                      {row.neighbours.map((n) => {
                        const img = byId.get(n.imageId);
                        return (
                          img && (
                            <figure
                              key={n.imageId}
                              title={`${img.name}\n${imageLabel(img, table) ?? 'unlabelled'}\ncosine distance ${n.distance.toFixed(4)}`}
                              data-testid="query-neighbour"
                            >
                              <img src={img.thumbUrl} alt={img.name} onClick={() => setState({ preview: { imageId: img.id, pipelineId: row.pipelineId } })} />
                              <figcaption>{n.distance.toFixed(3)}</figcaption>
                            </figure>
                          )
                        );
                      })}
                    </span>
                  )}
                </div>
              );
            })}
            <p className="muted small">
              Nearest images by cosine distance (under each). The pink ring in each panel marks the query: it sits at the mean of the {PLACEMENT_K} nearest
              neighbours&apos; positions weighted by 1 / distance — an estimate, not a UMAP transform of the query.
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
