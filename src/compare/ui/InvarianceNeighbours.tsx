import { useMemo } from 'react';
import { ORIENTATION_LABELS, type Orientation } from '../../images/lib/orient';
import { currentInvariance, pipelineTitle } from '../../state/selectors';
import { useStoreApi, useStore, type ImageRecord } from '../../state/store';

/** The thumbnail drawn as the model saw the copy (CSS turns clockwise; the copies are turned counter-clockwise). */
const TURN: Record<Orientation, string> = { rot90: 'rotate(-90deg)', rot180: 'rotate(180deg)', rot270: 'rotate(90deg)', mirror: 'scaleX(-1)' };

/**
 * For an image in the invariance sample of the previewed pipeline: each turned copy with its
 * cosine to the original, and its nearest neighbours among the originals, framed green where the
 * original has the same neighbour and red where the turn brought a new one.
 */
export function InvarianceNeighbours({ image }: { image: ImageRecord }) {
  const { setState } = useStoreApi();
  const preview = useStore((s) => s.preview);
  const images = useStore((s) => s.images);
  const models = useStore((s) => s.models);
  const pipelines = useStore((s) => s.pipelines);
  const invariance = useStore((s) => s.invariance);
  const pipeline = pipelines.find((p) => p.id === preview?.pipelineId);
  const outcome = pipeline ? currentInvariance({ images, models, pipelines, invariance }, pipeline.id) : undefined;
  const byHash = useMemo(() => {
    const first = new Map<string, ImageRecord>();
    for (const img of images) if (!first.has(img.hash)) first.set(img.hash, img);
    return first;
  }, [images]);
  const at = outcome?.sampleHashes.indexOf(image.hash) ?? -1;
  if (!outcome || !pipeline || at < 0) return null;
  const { result, hashes, classNames } = outcome;
  const k = result.k;
  const own = new Set(result.neighbours.subarray(at * k, (at + 1) * k));
  const predicted = result.predicted?.[at];
  return (
    <div data-testid="invariance-neighbours">
      <h4 className="subhead">Turned copies' nearest neighbours in {pipelineTitle(models, pipeline)}</h4>
      {result.orientations.map((o, t) => {
        const after = result.copyPredicted?.[t][at];
        const flipped = predicted !== undefined && after !== undefined && after !== predicted;
        return (
          <div key={o} className="neighbour-row" data-testid="invariance-neighbour-row">
            <span className="neighbour-title small">
              {ORIENTATION_LABELS[o]} · cosine {result.cosine[t][at].toFixed(3)} · {result.kept[t][at]}/{k} kept
              {flipped ? ` · probe ${classNames[predicted!]} → ${classNames[after!]}` : ''}
            </span>
            <span className="thumb-strip">
              <figure className="turned" title={`${image.name}, turned ${ORIENTATION_LABELS[o]}`}>
                <img src={image.thumbUrl} alt={`${image.name} turned ${ORIENTATION_LABELS[o]}`} style={{ transform: TURN[o] }} />
                <figcaption>copy</figcaption>
              </figure>
              {Array.from(result.copyNeighbours[t].subarray(at * k, (at + 1) * k), (row) => {
                const n = byHash.get(hashes[row]);
                if (!n) return null;
                const kept = own.has(row);
                return (
                  <figure key={row} className={kept ? 'same' : 'other'} title={`${n.name}\n${kept ? "also the original's neighbour" : 'a new neighbour'}`}>
                    <img src={n.thumbUrl} alt={n.name} onClick={() => setState({ preview: { imageId: n.id, pipelineId: pipeline.id } })} />
                    <figcaption>{kept ? 'kept' : 'new'}</figcaption>
                  </figure>
                );
              })}
            </span>
          </div>
        );
      })}
    </div>
  );
}
