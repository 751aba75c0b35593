/**
 * What to run: the preprocessing JSON of a pipeline (`--pipeline`), or the models and pipelines of
 * a Latent Sky permalink (`--from-link`), decoded and validated by the app's own link codec.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_PREPROCESSING, type Preprocessing } from '../preprocessing/lib/preprocessing';
import { decodeState, preprocessingSchema } from '../sharing/lib/linkCodec';
import type { ModelInputRecipe } from '../models/lib/modelInput';
import type { ModelSettings } from './model';

/** A pipeline file holds a preprocessing object; fields it leaves out take the app's defaults. */
export function parsePipeline(text: string, origin: string): Preprocessing {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${origin} is not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${origin} must hold a preprocessing object`);
  const body = 'preprocessing' in json ? (json as { preprocessing: unknown }).preprocessing : json;
  const parsed = preprocessingSchema.safeParse({ ...DEFAULT_PREPROCESSING, ...(body as object) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${origin}: ${issue.path.join('.') || 'preprocessing'} ${issue.message}`);
  }
  return parsed.data as Preprocessing;
}

export const readPipeline = (path: string) => parsePipeline(readFileSync(path, 'utf8'), path);

export interface LinkedPipeline {
  preprocessing: Preprocessing;
  /** The pipeline's model-input recipe override (undefined: the model's own; null: plain bilinear). */
  modelInput?: ModelInputRecipe | null;
  /** The --model value the link implies (zoo id or URL), when it names one the CLI can fetch. */
  model?: string;
  /** For a zoo model: the weights file the link's app used. */
  weightsUrl?: string;
  settings: ModelSettings;
  description: string;
}

/** The pipeline of a permalink (the whole URL or just its `#s=` state); `pipelineId` picks one of several. */
export async function pipelineFromLink(link: string, pipelineId: string | undefined): Promise<LinkedPipeline> {
  const state = link.includes('#s=') ? link.slice(link.indexOf('#s=') + 3) : link.replace(/^s=/, '');
  const decoded = await decodeState(state.trim());
  if (!decoded.ok) throw new Error(`--from-link: ${decoded.error}`);
  const { pipelines, models } = decoded.state;
  if (pipelines.length === 0) throw new Error('--from-link: the link has no pipelines');
  const list = pipelines.map((p) => `${p.id} (${models.find((m) => m.id === p.modelId)?.name ?? p.modelId})`).join(', ');
  const pipeline = pipelineId ? pipelines.find((p) => p.id === pipelineId) : pipelines.length === 1 ? pipelines[0] : undefined;
  if (!pipeline) {
    throw new Error(
      pipelineId
        ? `--pipeline-id ${pipelineId} is not in the link (it has: ${list})`
        : `the link has ${pipelines.length} pipelines: choose one with --pipeline-id (${list})`,
    );
  }
  const m = models.find((x) => x.id === pipeline.modelId)!;
  const settings: ModelSettings = { output: m.output, inputSize: m.inputSize, mean: m.mean, std: m.std };
  const model = m.registry?.id ?? (m.source.kind === 'url' ? m.source.url : undefined);
  const why =
    m.source.kind === 'file'
      ? `a file the user opened (${m.source.fileName}): pass it with --model`
      : 'the built-in pixel baseline, which the CLI does not run';
  const weightsUrl = m.registry && m.source.kind === 'url' ? m.source.url : undefined;
  return {
    preprocessing: pipeline.preprocessing as Preprocessing,
    modelInput: pipeline.modelInput as ModelInputRecipe | null | undefined,
    model,
    weightsUrl,
    settings,
    description: model ? `${m.name} · pipeline ${pipeline.id}` : why,
  };
}
