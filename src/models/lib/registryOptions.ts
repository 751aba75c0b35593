/**
 * What a zoo entry adds to a model's embedder options, for the app and the CLI alike: its input
 * recipe, and the outputs it accepts in order of preference.
 */
import type { ModelEntry } from '../../../models/registry';
import type { EmbedderOptions } from './embedder';

/**
 * The output to use and its fallbacks. A requested output that is one of the entry's accepted
 * outputs comes first and the others follow (an old link naming `pooler_output` still works on an
 * export without it); any other requested output is taken strictly, with no fallback.
 */
export function acceptedOutputs(entry: ModelEntry, requested?: string): { output: string; alternatives: string[] } {
  const accepted = [entry.embedding.output, ...(entry.embedding.alternatives ?? [])];
  const output = requested ?? entry.embedding.output;
  return { output, alternatives: accepted.includes(output) ? accepted.filter((o) => o !== output) : [] };
}

export function registryEmbedderOptions(entry: ModelEntry, requestedOutput?: string): Pick<EmbedderOptions, 'output' | 'alternatives' | 'recipe'> {
  return { ...acceptedOutputs(entry, requestedOutput), ...(entry.input && { recipe: entry.input }) };
}
