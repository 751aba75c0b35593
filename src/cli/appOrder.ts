/**
 * A dataset's rows as the app's schedulers see its images: sorted by content (byContent), with the
 * app's class names and class index per row (classLabels; −1 for unlabelled). The probe and the
 * metrics depend on this order (splits, subsampling), so the CLI takes it from the same selectors.
 */
import { byContent, classLabels } from '../state/selectors';
import type { Row } from './rows';

type ImageLike = Parameters<typeof byContent>[0];

export function inAppOrder(rows: readonly Row[]): { ordered: Row[]; classNames: string[]; labels: Int32Array } {
  // The app's image records, as far as these selectors read them: content hash, name, label.
  const images = rows.map((r, i) => ({ id: `row-${i}`, hash: r.hash ?? '', name: r.name, path: r.path, folderLabel: r.label ?? undefined }) as ImageLike);
  const order = images.map((img, i) => ({ img, i })).sort((a, b) => byContent(a.img, b.img));
  const { classNames, labelOf } = classLabels(
    order.map((o) => o.img),
    { labelTable: new Map(), labelEdits: new Map() },
  );
  return { ordered: order.map(({ i }) => rows[i]), classNames, labels: labelOf };
}

/** Row-major n × dim embeddings of rows that all have one. */
export function embeddingMatrix(rows: readonly Row[]): { X: Float32Array; dim: number } {
  const dim = rows[0]?.embedding?.length ?? 0;
  const X = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (r.embedding?.length !== dim) throw new Error(`row ${r.path}: every row needs an embedding of ${dim} values`);
    X.set(r.embedding, i * dim);
  });
  return { X, dim };
}
