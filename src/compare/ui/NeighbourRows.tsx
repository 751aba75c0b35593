import { useLabelSources } from '../../state/useLabelSources';
import { useMemo, useState } from 'react';
import { nearestByCosine } from '../lib/neighbours';
import { imageLabel, pipelineKey, pipelineTitle } from '../../state/selectors';
import { useStoreApi, useStore, type ImageRecord } from '../../state/store';
import type { DatasetNeighbours } from '../../embeddings/lib/datasetFile';
import { InvarianceNeighbours } from './InvarianceNeighbours';

/** Row `row`'s first k neighbours in an opened dataset's own lists (itself left out: UMAP's k-NN lists each point first). */
function fileNeighbours(lists: DatasetNeighbours, row: number, k: number): number[] {
  const out: number[] = [];
  for (let j = lists.offsets[row]; j < lists.offsets[row + 1] && out.length < k; j++) if (lists.ids[j] !== row) out.push(lists.ids[j]);
  return out;
}

/**
 * The image's k nearest neighbours in every pipeline's embedding space (cosine), one thumbnail row
 * per pipeline: where the models disagree about what a galaxy resembles, it shows at a glance. An
 * opened dataset with a `neighbors` column (Embedding Atlas's) gives its pipeline's lists as they
 * are in the file: above 250,000 rows, where the tab keeps no embedding, they are the only ones.
 */
export function NeighbourRows({ image }: { image: ImageRecord }) {
  const { setState } = useStoreApi();
  const [k, setK] = useState(8);
  const images = useStore((s) => s.images);
  const table = useLabelSources();
  const pipelines = useStore((s) => s.pipelines);
  const models = useStore((s) => s.models);
  const embeddings = useStore((s) => s.embeddings);
  const preview = useStore((s) => s.preview);
  const lists = useStore((s) => s.datasetNeighbours);
  // An opened dataset held for a sample only: computed neighbours are among the rows held, and this image's vector may be read now.
  const sample = useStore((s) => s.dataset?.sample);
  const demand = useStore((s) => s.dataset?.demand);
  const rows = useMemo(() => {
    const query = images.findIndex((i) => i.id === image.id);
    const byId = new Map(images.map((img) => [img.id, img]));
    // One entry per content hash: the same cutout dropped twice is not its own neighbour.
    const seen = new Set<string>();
    const firstOfHash = images.map((img) => !seen.has(img.hash) && !!seen.add(img.hash));
    return pipelines.flatMap((p) => {
      const key = pipelineKey(
        p,
        models.find((m) => m.id === p.modelId),
      );
      const row = lists?.pipelineId === p.id ? lists.imageIds.indexOf(image.id) : -1;
      if (lists && row >= 0) return [{ p, fromFile: true, neighbours: fileNeighbours(lists, row, k).flatMap((r) => byId.get(lists.imageIds[r]) ?? []) }];
      const vectors = key ? embeddings.get(key) : undefined;
      if (!vectors || query < 0) return [];
      const byHash = images.map((img, i) => (firstOfHash[i] ? vectors.get(img.hash) : null));
      return [{ p, fromFile: false, neighbours: nearestByCosine(byHash, query, k).map((i) => images[i]) }];
    });
  }, [image, images, pipelines, models, embeddings, k, lists]);
  const ownLabel = imageLabel(image, table);
  return (
    <div className="neighbours" data-testid="neighbours">
      <div className="row">
        <h4 className="subhead">Nearest neighbours (cosine) in each pipeline</h4>
        <label className="field inline-select">
          <span>k</span>
          <input
            type="number"
            min={1}
            max={50}
            value={k}
            onChange={(e) => setK(Math.max(1, Math.min(50, Number(e.target.value) || 1)))}
            style={{ width: 60 }}
          />
        </label>
      </div>
      {demand?.reading && (
        <p className="muted small" data-testid="demand-reading">
          Reading the embedding of {demand.reading} from the file…
        </p>
      )}
      {demand?.error && (
        <p className="error small" role="alert" data-testid="demand-error">
          {demand.error}
        </p>
      )}
      {rows.map(({ p, neighbours, fromFile }) => (
        <div key={p.id} className="neighbour-row" data-testid="neighbour-row" data-source={fromFile ? 'file' : 'computed'}>
          <span className="neighbour-title small">
            {pipelineTitle(models, p)}
            {fromFile && <span className="muted"> (the file's neighbour lists)</span>}
            {!fromFile && sample && (
              <span className="muted" data-testid="neighbours-among-sample">
                {' '}
                (among the {sample.rows.toLocaleString('en')} sampled rows and those read since, of {sample.total.toLocaleString('en')}: the file has no
                neighbour lists)
              </span>
            )}
          </span>
          <span className="thumb-strip">
            {neighbours.map((n) => {
              const label = imageLabel(n, table);
              return (
                <figure key={n.id} className={label !== undefined && label === ownLabel ? 'same' : 'other'} title={`${n.name}\n${label ?? 'unlabelled'}`}>
                  <img src={n.thumbUrl} alt={n.name} onClick={() => setState({ preview: { imageId: n.id, pipelineId: preview?.pipelineId ?? p.id } })} />
                  <figcaption>{label ?? '–'}</figcaption>
                </figure>
              );
            })}
          </span>
        </div>
      ))}
      <InvarianceNeighbours image={image} />
    </div>
  );
}
