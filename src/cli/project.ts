/**
 * `latent-sky project <dataset>`: the app's UMAP (src/projection/lib/projection.ts, same
 * parameters, same seed) over a merged dataset's embeddings, with the app's k-NN and PCA kernels
 * on the app's own runtime: onnxruntime-web's WASM build, which runs in Node too. UMAP's layout
 * is not stable under last-bit changes of the distances (onnxruntime-node's CPU GEMM, or the
 * JavaScript fallback, move points by whole units on 300 points), so only the same runtime gives
 * the same layout as the tab. Beyond the exact search's reach (`exactMaxRows`) the neighbours come
 * from NN-descent instead, and their recall is measured on a seeded sample of rows. Writes the
 * dataset again, a row group at a time, with Embedding Atlas's `projection_x`, `projection_y` and
 * `neighbors` columns, and the method and recall in the file's key-value metadata.
 */
import { renameSync, rmSync } from 'node:fs';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import * as ortWeb from 'onnxruntime-web';
import { KNN_GRAPH_PATH, MATMUL_GRAPH_PATH } from '../../models/graphPaths';
import { parquetColumns } from '../export/lib/exportTable';
import type { OrtModule } from '../models/lib/embedder';
import { approximateKnn, exactNeighboursOf, sampleRecall } from '../projection/lib/approximateKnn';
import { exactKnn, jsTopK, normaliseRows, type KnnGraph, type TopKRunner } from '../projection/lib/knn';
import { neighbourLists, type NeighbourLists } from '../projection/lib/neighbourLists';
import { createOrtMatMul, createOrtTopK } from '../projection/lib/ortKernels';
import { jsMatMul, type MatMulRunner } from '../projection/lib/pca';
import { projectUmap, type UmapParams } from '../projection/lib/projection';
import { defaultEpochs } from '../projection/lib/umapLayout';
import { seededRandom, seededSample } from '../shared/lib/random';
import { readGeneratedGraph } from './generatedGraph';
import { readEmbeddings, readRowGroups, rowColumns, rowsShape, type Row } from './rows';

/**
 * Above this many rows the neighbours come from NN-descent. Up to it the app's exact search runs
 * (on 64 principal components past ~11,000 rows of 768 values, as in the app), so the layout is
 * the app's; at 2·10⁵ rows that search is already n²·64 ≈ 2.6·10¹² multiply-adds, and it grows as n².
 */
export const EXACT_MAX_ROWS = 200_000;
/** Rows whose exact neighbours are found by brute force to measure the graph's recall. */
export const RECALL_SAMPLE = 1000;
/** Rows per row group of the output (hyparquet-writer holds a group's values as JS numbers). */
const ROW_GROUP = 5000;

export interface ProjectOptions {
  exactMaxRows?: number;
  recallSample?: number;
  /** Layout epochs instead of the app's schedule (umap-learn's: 200 past 7,500 rows). */
  epochs?: number;
}

export interface ProjectResult {
  rows: number;
  out: string;
  /** How the k-NN graph was found. */
  method: string;
  /** Mean fraction of the exact k − 1 neighbours (cosine, all dimensions) in the graph, over `recallRows` sampled rows. */
  recall: number;
  recallRows: number;
}

/** The app's onnxruntime kernels where `npm run models` has built their graphs, else its JavaScript fallback. */
async function kernels(): Promise<{ topK: TopKRunner; matMul: MatMulRunner; engine: string }> {
  const [knn, product] = [KNN_GRAPH_PATH, MATMUL_GRAPH_PATH].map(readGeneratedGraph);
  if (!knn || !product)
    return {
      topK: jsTopK,
      matMul: jsMatMul,
      engine: "the JavaScript fallback (run `npm run models` for the app's onnxruntime kernels; layouts then differ from the app's)",
    };
  const runtime = ortWeb as unknown as OrtModule;
  const [topK, matMul] = await Promise.all([createOrtTopK(runtime, knn), createOrtMatMul(runtime, product)]);
  return { topK: topK.run, matMul: matMul.run, engine: "onnxruntime-web's WASM, as in the app" };
}

/** Logs a stage's progress in tenths, so a batch log gets a line now and then, not one per step. */
function stageLogger(log: (line: string) => void): (stage: string, fraction: number) => void {
  let last = '';
  return (stage, fraction) => {
    const line = `${stage}: ${Math.floor(10 * fraction) * 10}%`;
    if (line !== last) log((last = line));
  };
}

/** Every row's embedding in one row-major block; each row's `embedding` becomes a view of it (no second copy). */
async function readDataset(input: string, log: (line: string) => void): Promise<{ rows: Row[]; vectors: Float32Array; dim: number }> {
  const rows: Row[] = [];
  const progress = stageLogger(log);
  await readRowGroups(
    input,
    (group, start, total) => {
      rows.push(...group);
      progress(`reading ${total} rows`, (start + group.length) / total);
    },
    { withoutEmbedding: true },
  );
  if (rows.length === 0) throw new Error(`${input} has no rows`);
  const { vectors, dim, lengths } = await readEmbeddings(input, (done, total) => progress(`reading ${total} embeddings`, done / total));
  const found = new Set(lengths);
  if (found.has(0) || found.size !== 1 || lengths[0] !== dim)
    throw new Error(`${input}: every row needs an embedding of one length (found lengths ${[...found].join(', ')})`);
  rows.forEach((row, i) => (row.embedding = vectors.subarray(i * dim, (i + 1) * dim)));
  return { rows, vectors, dim };
}

export async function projectDataset(
  input: string,
  params: UmapParams,
  out: string,
  log: (line: string) => void,
  options: ProjectOptions = {},
): Promise<ProjectResult> {
  const { rows, vectors, dim } = await readDataset(input, log);
  const n = rows.length;
  const { topK, matMul, engine } = await kernels();
  const progress = stageLogger(log);
  const exactMaxRows = options.exactMaxRows ?? EXACT_MAX_ROWS;
  const sample = seededSample(n, options.recallSample ?? RECALL_SAMPLE, params.seed);
  let graph: KnnGraph | undefined;
  let method = '';
  let recall = NaN;
  log(`UMAP of ${n} × ${dim} (n_neighbors ${params.nNeighbors}, min_dist ${params.minDist}, seed ${params.seed}); PCA on ${engine}`);
  let started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  // The search projectUmap would run (the app's exact one) or NN-descent, then its recall, before the layout's epochs.
  const search = async ({ unit, rows: searchRows, width, k }: { unit: Float32Array; rows: Float32Array; width: number; k: number }) => {
    const reduced = width < dim ? `${width} principal components` : 'all dimensions';
    if (n > exactMaxRows) {
      method = `NN-descent on all ${dim} dimensions, random-projection trees on ${reduced} (above ${exactMaxRows} rows)`;
      log(`k-NN: ${method}`);
      const random = seededRandom(params.seed);
      graph = approximateKnn(
        { unit, dim, rows: searchRows, width, n, k },
        {
          random,
          onProgress: (stage, done, total, improved) =>
            log(
              stage === 'trees'
                ? `k-NN: random-projection tree ${done} of ${total}`
                : `k-NN: NN-descent round ${done} (at most ${total}) improved ${(100 * improved!).toFixed(2)}% of the list entries; it stops below 0.1%`,
            ),
        },
      );
    } else {
      method = `exact search on ${reduced} (the app's), on ${engine}`;
      log(`k-NN: ${method}`);
      graph = await exactKnn(searchRows, n, width, k, topK, (f) => progress('k-NN', f));
    }
    log(`PCA and k-NN: ${seconds()} s; recall: exact neighbours of ${sample.length} sampled rows by brute force…`);
    recall = sampleRecall(graph, sample, await exactNeighboursOf(vectors, n, dim, sample, k, topK));
    log(`k-NN recall ${recall.toFixed(4)} (${k - 1} neighbours, cosine on all ${dim} dimensions, ${sample.length} sampled rows)`);
    started = performance.now();
    return graph;
  };
  const coords = await projectUmap(vectors, n, dim, params, { topK, matMul, onProgress: (f) => progress('UMAP', f), search, nEpochs: options.epochs });
  // Fewer than 4 rows are laid out without a search; their lists are still written.
  if (!graph) {
    const unit = normaliseRows(vectors, n, dim);
    graph = await search({ unit, rows: unit, width: dim, k: Math.min(params.nNeighbors, n) });
  }
  log(`UMAP layout: ${seconds()} s (${options.epochs ?? defaultEpochs(n)} epochs)`);
  const result = { rows: n, out, method, recall, recallRows: sample.length };
  writeProjected(out, rows, coords, neighbourLists(graph, vectors, n, dim), {
    umap: params,
    knn: { method, k: graph.k - 1, recall, recallRows: sample.length },
  });
  return result;
}

/** Embedding Atlas's `neighbors`: a struct of two lists per row. */
const NEIGHBORS_SCHEMA = [
  { name: 'neighbors', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'ids', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'distances', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
];

/** The rows with the layout and the neighbour lists, a row group at a time into a file renamed into place when whole. */
function writeProjected(out: string, rows: Row[], coords: Float32Array, lists: NeighbourLists, metadata: object): void {
  const shape = rowsShape(rows);
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    const writer = fileWriter(tmp);
    let parquet: ParquetWriter | undefined;
    const w = lists.width;
    for (let start = 0; start < rows.length; start += ROW_GROUP) {
      const end = Math.min(rows.length, start + ROW_GROUP);
      const ids = Array.from({ length: end - start }, (_, r) => start + r);
      const { schema, columnData } = parquetColumns(
        rowColumns(
          rows.slice(start, end),
          false,
          [
            { name: 'projection_x', kind: 'float', values: ids.map((i) => coords[2 * i]) },
            { name: 'projection_y', kind: 'float', values: ids.map((i) => coords[2 * i + 1]) },
          ],
          shape,
        ),
      );
      // Min/max statistics of a list column's elements serve no reader, and cost a pass over 768 values a row.
      for (const column of columnData as { name: string; statistics?: boolean }[]) if (column.name === 'embedding') column.statistics = false;
      const root = schema[0] as { num_children: number };
      root.num_children += 1;
      (schema as unknown[]).push(...NEIGHBORS_SCHEMA);
      (columnData as unknown[]).push({
        name: 'neighbors',
        statistics: false,
        data: ids.map((i) => ({
          ids: Array.from(lists.ids.subarray(i * w, (i + 1) * w)),
          distances: Array.from(lists.distances.subarray(i * w, (i + 1) * w)),
        })),
      });
      parquet ??= new ParquetWriter({
        writer,
        schema,
        createdBy: 'Latent Sky',
        kvMetadata: [{ key: 'latent_sky.projection', value: JSON.stringify(metadata) }],
      });
      parquet.write({ columnData, rowGroupSize: ROW_GROUP });
    }
    parquet!.finish();
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
