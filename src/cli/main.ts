/**
 * `latent-sky`: the app's pipelines as a command-line job (composition root for Node; the browser's
 * is src/app/). Nothing here is imported by the web app.
 */
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseLabelCsv, type LabelRow } from '../images/lib/labels';
import type { ModelInputRecipe } from '../models/lib/modelInput';
import { DEFAULT_PREPROCESSING, type Preprocessing } from '../preprocessing/lib/preprocessing';
import { checkCudaProvider, parseDevice } from './device';
import { embedShard } from './embedShard';
import { listInputs } from './inputs';
import { mergeParts } from './merge';
import { loadEmbedder, modelSource, type ModelSettings } from './model';
import { pipelineFromLink, readPipeline } from './pipeline';
import { projectDataset } from './project';
import { probeDataset } from './probe';
import { metricsOfDataset } from './metrics';
import { DEFAULT_PROBE } from '../probe/lib/probe';
import { DEFAULT_UMAP, type UmapParams } from '../projection/lib/projection';
import { resolveShard } from './shard';

const HELP = `latent-sky — Latent Sky's embedding pipelines on the command line (same code as the app)

Usage:
  latent-sky embed --input <folder | manifest.json/.csv | list.txt | files…> --model <zoo id | file.onnx | URL> --out <dir>
                   [--labels labels.csv] [--pipeline pipeline.json | --from-link '<permalink>' [--pipeline-id ID]]
                   [--output NAME] [--shard i/N | --shards N] [--batch B] [--row-group G] [--threads T] [--device cpu|cuda|wasm]
                   [--thumbnails 64]
  latent-sky merge <dir> [--out merged.parquet]
  latent-sky project <merged.parquet> [--out F] [--neighbors 15] [--min-dist 0.1] [--seed 42]
                     [--exact-max-rows 200000] [--recall-sample 1000] [--epochs N]
  latent-sky probe <merged.parquet> [--out F.csv] [--seeds 10]
  latent-sky metrics <merged.projected.parquet> [--out F.csv]

embed writes <dir>/part-<i>-of-<N>.parquet (+ .skipped.csv, .json). Shards: --shard i/N, else
SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT (/ SLURM_ARRAY_TASK_MIN), else JOB_COMPLETION_INDEX
with --shards N. Inputs are sorted by relative path; shard i takes the i-th contiguous range.
Re-running a shard resumes after its last complete row group, or does nothing if it is complete.
--device wasm runs onnxruntime-web's WASM build (the browser's kernels; slower than cpu): its
embeddings equal the app's, also for int8 models, where the native CPU kernels may round differently.
--thumbnails N adds a thumbnail column: a PNG of each image as the app displays it, longer side ≤ N px.
merge checks that every shard is there and no image appears twice, then writes one Parquet file.
project runs the app's UMAP (same parameters and seed as the app's defaults) and writes the
dataset again with projection_x / projection_y columns and each row's neighbours (Embedding Atlas's
neighbors column; default: <dataset>.projected.parquet). Above --exact-max-rows rows the k-NN is
NN-descent; either way its recall is measured on --recall-sample seeded rows and printed.
--epochs overrides the app's layout schedule (200 epochs past 7,500 rows; the layout time grows with it).
probe runs the app's linear probe (its default settings) and writes the app's probe CSV;
metrics writes the app's embedding-metrics table for a projected dataset.`;

const embedOptions = {
  input: { type: 'string', multiple: true },
  labels: { type: 'string' },
  model: { type: 'string' },
  output: { type: 'string' },
  pipeline: { type: 'string' },
  'from-link': { type: 'string' },
  'pipeline-id': { type: 'string' },
  out: { type: 'string' },
  shard: { type: 'string' },
  shards: { type: 'string' },
  batch: { type: 'string' },
  'row-group': { type: 'string' },
  threads: { type: 'string' },
  device: { type: 'string' },
  thumbnails: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${flag} must be a whole number ≥ 1, not "${value}"`);
  return Number(value);
}

function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 31 - 1) throw new Error(`${flag} must be a whole number from 0 to 2³¹ − 1, not "${value}"`);
  return Number(value);
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function embed(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: embedOptions, allowPositionals: true });
  if (values.help) return (console.log(HELP), 0);
  const inputs = [...(values.input ?? []), ...positionals];
  if (!values.out) throw new Error('--out <dir> is required');
  if (values.pipeline && values['from-link']) throw new Error('give --pipeline or --from-link, not both');

  let preprocessing: Preprocessing = DEFAULT_PREPROCESSING;
  let modelInput: ModelInputRecipe | null | undefined;
  let modelSpec = values.model;
  let settings: ModelSettings = {};
  let weightsUrl: string | undefined;
  if (values.pipeline) preprocessing = readPipeline(values.pipeline);
  if (values['from-link']) {
    const linked = await pipelineFromLink(values['from-link'], values['pipeline-id']);
    preprocessing = linked.preprocessing;
    modelInput = linked.modelInput;
    settings = linked.settings;
    if (!modelSpec) weightsUrl = linked.weightsUrl;
    modelSpec ??= linked.model;
    if (!modelSpec) throw new Error(`the link's model is ${linked.description}`);
    log(`from the link: ${linked.description}`);
  }
  if (!modelSpec) throw new Error('--model <zoo id | file.onnx | URL> is required');
  if (values.output) settings = { ...settings, output: values.output };

  const shard = resolveShard(values.shard, values.shards, process.env);
  const device = parseDevice(values.device);
  if (device === 'cuda') checkCudaProvider(); // before any output exists: a job without CUDA fails at once
  const threads = positiveInt(values.threads, '--threads');
  const batch = positiveInt(values.batch, '--batch');
  const rowGroup = positiveInt(values['row-group'], '--row-group') ?? 256;
  const thumbnails = positiveInt(values.thumbnails, '--thumbnails');
  if (thumbnails !== undefined && thumbnails > 1024) throw new Error('--thumbnails is the longer side of a small preview in pixels: at most 1024');
  let labels = new Map<string, LabelRow>();
  if (values.labels) {
    const table = parseLabelCsv(readFileSync(values.labels, 'utf8'));
    for (const w of table.warnings) log(`${values.labels}: ${w}`);
    labels = table.rows;
  }
  const items = listInputs(inputs);
  const source = modelSource(modelSpec, settings, weightsUrl);
  mkdirSync(values.out, { recursive: true });
  const result = await embedShard({
    items,
    shard,
    outDir: values.out,
    preprocessing,
    modelInput,
    labels,
    rowGroup,
    thumbnails,
    log,
    modelLabel: source.label,
    embedder: () => loadEmbedder(source, device, threads, batch),
  });
  return result.status === 'complete' || result.status === 'already-complete' ? 0 : 1;
}

async function merge(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) return (console.log(HELP), 0);
  if (positionals.length !== 1) throw new Error('merge takes one folder: latent-sky merge <dir>');
  const result = await mergeParts(positionals[0], values.out);
  if (!result.ok) {
    log(`merge refused, nothing written:\n  - ${result.problems.join('\n  - ')}`);
    return 2;
  }
  log(`merged ${result.rows} rows (${result.skipped} files skipped) → ${result.out}`);
  return 0;
}

async function project(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      neighbors: { type: 'string' },
      'min-dist': { type: 'string' },
      seed: { type: 'string' },
      'exact-max-rows': { type: 'string' },
      'recall-sample': { type: 'string' },
      epochs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) return (console.log(HELP), 0);
  if (positionals.length !== 1) throw new Error('project takes one dataset: latent-sky project <merged.parquet>');
  const minDist = values['min-dist'] === undefined ? DEFAULT_UMAP.minDist : Number(values['min-dist']);
  if (!(minDist >= 0 && minDist <= 1)) throw new Error('--min-dist must be a number from 0 to 1');
  const params: UmapParams = {
    nNeighbors: positiveInt(values.neighbors, '--neighbors') ?? DEFAULT_UMAP.nNeighbors,
    minDist,
    seed: values.seed === undefined ? DEFAULT_UMAP.seed : wholeNumber(values.seed, '--seed'),
  };
  const input = positionals[0];
  const out = values.out ?? input.replace(/(\.parquet)?$/i, '.projected.parquet');
  const result = await projectDataset(input, params, out, log, {
    exactMaxRows: positiveInt(values['exact-max-rows'], '--exact-max-rows'),
    recallSample: positiveInt(values['recall-sample'], '--recall-sample'),
    epochs: positiveInt(values.epochs, '--epochs'),
  });
  log(`projected ${result.rows} rows → ${result.out} (k-NN: ${result.method}; recall ${result.recall.toFixed(4)} on ${result.recallRows} sampled rows)`);
  return 0;
}

async function probe(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, seeds: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) return (console.log(HELP), 0);
  if (positionals.length !== 1) throw new Error('probe takes one dataset: latent-sky probe <merged.parquet>');
  const settings = { ...DEFAULT_PROBE, seeds: positiveInt(values.seeds, '--seeds') ?? DEFAULT_PROBE.seeds };
  const input = positionals[0];
  const result = await probeDataset(input, settings, values.out ?? input.replace(/(\.parquet)?$/i, '.probe.csv'), log);
  log(`probe table → ${result.out}`);
  return 0;
}

async function metrics(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) return (console.log(HELP), 0);
  if (positionals.length !== 1) throw new Error('metrics takes one dataset: latent-sky metrics <merged.projected.parquet>');
  const input = positionals[0];
  const result = await metricsOfDataset(input, values.out ?? input.replace(/(\.parquet)?$/i, '.metrics.csv'), log);
  log(`metrics table (${result.rows} rows) → ${result.out}`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'embed') return await embed(rest);
    if (command === 'merge') return await merge(rest);
    if (command === 'project') return await project(rest);
    if (command === 'probe') return await probe(rest);
    if (command === 'metrics') return await metrics(rest);
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      console.log(HELP);
      return 0;
    }
    log(`unknown command "${command}"\n\n${HELP}`);
    return 1;
  } catch (e) {
    log(`latent-sky ${command}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
