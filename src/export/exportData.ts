/** Gathers what the store holds into the export table (src/export/lib/exportTable.ts) and the selection list. */
import { buildExportTable, pipelinePrefixes, toCsv, toParquet } from './lib/exportTable';
import { imageLabel, imageMeta, modelOf, pipelineKey, pipelineTitle, probePredictions } from '../state/selectors';
import { csvTable } from './lib/resultTables';
import type { LatentSkyState } from '../state/store';
import { csvBlob } from '../shared/ui/saveFile';

function table(s: LatentSkyState) {
  const images = s.images.map((img) => ({
    name: img.name,
    hash: img.hash,
    label: imageLabel(img, s) ?? null,
    meta: imageMeta(img, s.labelTable),
    ra: img.sky?.ra ?? null,
    dec: img.sky?.dec ?? null,
  }));
  const prefixes = pipelinePrefixes(s.pipelines.map((p) => pipelineTitle(s.models, p)));
  const pipelines = s.pipelines.map((p, k) => {
    const key = pipelineKey(p, modelOf(s, p));
    const vectors = key ? s.embeddings.get(key) : undefined;
    const projection = s.projections[p.id];
    const row = new Map(projection?.imageIds.map((id, i) => [id, i]) ?? []);
    const outcome = s.probe[p.id];
    const predicted = probePredictions(outcome);
    return {
      prefix: prefixes[k],
      xy: s.images.map((img): [number, number] | null => {
        const i = row.get(img.id);
        return i === undefined ? null : [projection!.coords[2 * i], projection!.coords[2 * i + 1]];
      }),
      predicted: s.images.map((img) => {
        const c = predicted?.get(img.id) ?? -1;
        return c >= 0 ? outcome!.classNames[c] : null;
      }),
      embedding: s.images.map((img) => vectors?.get(img.hash) ?? null),
    };
  });
  return buildExportTable(images, pipelines);
}

export const exportParquet = (s: LatentSkyState) => new Blob([toParquet(table(s))], { type: 'application/vnd.apache.parquet' });

export const exportCsv = (s: LatentSkyState) => csvBlob(toCsv(table(s)));

/** The current selection as a CSV of file names and content hashes. */
export function exportSelectionCsv(s: LatentSkyState): Blob {
  const rows = s.images.filter((i) => s.selection?.has(i.id)).map((i) => [i.name, i.hash, imageLabel(i, s) ?? '']);
  return csvBlob(csvTable(['name', 'hash', 'label'], rows));
}

/**
 * Every labelled image's label as the app uses it (made here, else from a CSV or its folder), as a
 * `filename,label` CSV: dropped with the images again, it gives the same classes.
 */
export function exportLabelsCsv(s: LatentSkyState): Blob {
  const rows = s.images.flatMap((i) => {
    const label = imageLabel(i, s);
    return label === undefined ? [] : [[i.name, label]];
  });
  return csvBlob(csvTable(['filename', 'label'], rows));
}
