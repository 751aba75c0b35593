import { splitFinite, isFiniteVector } from '../embeddings/lib/finite';
import { ORIENTATIONS, orientImage } from '../images/lib/orient';
import type { DecodedImage } from '../images/lib/image';
import type { ModelInputRecipe } from '../models/lib/modelInput';
import type { Preprocessing } from '../preprocessing/lib/preprocessing';
import { seededSample } from '../shared/lib/random';
import { classLabels, inputRecipe, inputSize, modelOf, pipelineKey } from '../state/selectors';
import type { InvarianceOutcome, InvarianceState, LatentSkyState, PipelineRecord } from '../state/store';
import { INVARIANCE_K, type InvarianceInput, type InvarianceResult } from './lib/invariance';

/** What the controller needs of the app: the same decode, preprocessing and model workers the embedding scheduler uses. */
export interface InvarianceDeps {
  store: { getState: () => LatentSkyState; setState: (update: (s: LatentSkyState) => Partial<LatentSkyState>) => void };
  /** A pipeline's 8-bit images of some files (a decode worker's `prepare`). */
  prepare: (files: Blob[], names: string[], preprocessing: Preprocessing) => Promise<({ ok: true; image: DecodedImage } | { ok: false; reason: string })[]>;
  /** The model's embed worker, as the embedding scheduler calls it (undefined while it has none). */
  embedder: (
    modelId: string,
  ) => { embed(images: DecodedImage[], size?: number, recipe?: ModelInputRecipe | null): Promise<{ vectors: Float32Array; dim: number }> } | undefined;
  /** The original file of a content hash. */
  fileOf: (hash: string) => { blob: Blob; name: string } | undefined;
  /** Runs the measurement (src/compare/lib/invariance.ts) off the main thread; rejects once `signal` aborts. */
  measure: (input: InvarianceInput, signal: AbortSignal) => Promise<InvarianceResult>;
}

/** Images per embedding call: each brings its four turned copies. */
const CHUNK = 8;
/** The sample is drawn with a fixed seed, so the same images give the same sample in every session. */
const SEED = 0;
export const MAX_INVARIANCE_SAMPLE = 5000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A pipeline's finite embeddings by content hash, or why it cannot be measured yet. */
function vectorsOf(s: LatentSkyState, p: PipelineRecord): { key: string; vectors: Map<string, Float32Array | null> } | string {
  const key = pipelineKey(p, modelOf(s, p));
  const vectors = key ? s.embeddings.get(key) : undefined;
  if (!key || !vectors || s.images.some((i) => !vectors.has(i.hash))) return 'still embedding';
  return { key, vectors };
}

export type InvarianceController = ReturnType<typeof createInvarianceController>;

/**
 * The orientation-invariance check, run when the user asks (it costs four extra embeddings per
 * sampled image). For each pipeline, a seeded sample of its images is decoded and preprocessed as
 * the pipeline does, each prepared cutout is turned (90°, 180°, 270°, mirrored: the model's own
 * invariance, with the preprocessing held fixed) and embedded by the pipeline's model worker with
 * the pipeline's input size and recipe, exactly as the embedding scheduler embeds the originals.
 * The copies go nowhere else: not into the images, the embeddings, the session cache, the
 * projections or the probe. One run at a time; Cancel stops it between chunks.
 */
export function createInvarianceController(deps: InvarianceDeps) {
  const { store } = deps;
  let current: { abort: AbortController; done: Promise<void> } | undefined;

  const setRun = (patch: Partial<InvarianceState['run']>) =>
    store.setState((s) => ({ invariance: { ...s.invariance, run: { ...s.invariance.run, ...patch } } }));

  function setSampleSize(size: number): void {
    if (!(Number.isInteger(size) && size >= INVARIANCE_K + 2 && size <= MAX_INVARIANCE_SAMPLE)) {
      throw new Error(`the sample size must be a whole number from ${INVARIANCE_K + 2} to ${MAX_INVARIANCE_SAMPLE}`);
    }
    store.setState((s) => ({ invariance: { ...s.invariance, sampleSize: size } }));
  }

  /** Embeds every sampled image's turned copies through the pipeline; rows whose copies failed are dropped. */
  async function embedCopies(p: PipelineRecord, key: string, sampleHashes: string[], signal: AbortSignal, count: (images: number) => void) {
    const copies = ORIENTATIONS.map(() => new Map<string, Float32Array>());
    const failed = new Set<string>();
    for (let start = 0; start < sampleHashes.length && !signal.aborted; start += CHUNK) {
      const s = store.getState();
      const pipeline = s.pipelines.find((x) => x.id === p.id);
      const model = pipeline && modelOf(s, pipeline);
      if (!pipeline || !model || pipelineKey(pipeline, model) !== key) throw new Error('the pipeline changed while it was being measured: run the check again');
      const api = deps.embedder(model.id);
      if (!api) throw new Error(`${model.request.name} has no running worker (it stopped): retry the model, then run the check again`);
      const hashes = sampleHashes.slice(start, start + CHUNK);
      const files = hashes.map((h) => deps.fileOf(h));
      const present = hashes.filter((_, i) => files[i]);
      hashes.filter((_, i) => !files[i]).forEach((h) => failed.add(h));
      const prepared = await deps.prepare(
        present.map((h) => deps.fileOf(h)!.blob),
        present.map((h) => deps.fileOf(h)!.name),
        pipeline.preprocessing,
      );
      prepared.forEach((r, i) => !r.ok && failed.add(present[i]));
      const ok = present.filter((_, i) => prepared[i].ok);
      const turned = prepared.flatMap((r) => (r.ok ? ORIENTATIONS.map((o) => orientImage(r.image, o)) : []));
      if (turned.length && !signal.aborted) {
        const result = await api.embed(turned, inputSize(pipeline, model), inputRecipe(pipeline, model) ?? null);
        const { ok: finite, failed: bad } = splitFinite(result.vectors, turned.length, result.dim);
        finite.forEach(({ row, vector }) => copies[row % ORIENTATIONS.length].set(ok[Math.floor(row / ORIENTATIONS.length)], vector));
        bad.forEach(({ row }) => failed.add(ok[Math.floor(row / ORIENTATIONS.length)]));
      }
      count(hashes.length);
    }
    return { copies, failed };
  }

  async function measurePipeline(p: PipelineRecord, sampleHashes: string[], signal: AbortSignal, count: (images: number) => void): Promise<void> {
    const s = store.getState();
    const v = vectorsOf(s, p);
    if (typeof v === 'string')
      throw new Error(`${modelOf(s, p)?.request.name ?? p.id} is ${v} (new images arrived?): run the check again once it has finished`);
    const { key, vectors } = v;
    const { copies, failed } = await embedCopies(p, key, sampleHashes, signal, count);
    if (signal.aborted) return;
    // Reference rows: every image this pipeline embedded, once per content, in content order.
    const hashes = [...new Set(s.images.map((i) => i.hash))].sort();
    const reference = hashes.filter((h) => vectors.get(h));
    const row = new Map(reference.map((h, i) => [h, i]));
    const kept = sampleHashes.filter((h) => !failed.has(h) && row.has(h));
    const dim = vectors.get(reference[0])!.length;
    const X = new Float32Array(reference.length * dim);
    reference.forEach((h, i) => X.set(vectors.get(h)!, i * dim));
    const { classNames, labelOf } = classLabels(s.images, s);
    const labelByHash = new Map(s.images.map((img, i) => [img.hash, labelOf[i]]));
    const input: InvarianceInput = {
      X,
      n: reference.length,
      dim,
      sample: Int32Array.from(kept, (h) => row.get(h)!),
      orientations: [...ORIENTATIONS],
      copies: copies.map((byHash) => {
        const out = new Float32Array(kept.length * dim);
        kept.forEach((h, i) => out.set(byHash.get(h)!, i * dim));
        return out;
      }),
      labels: Int32Array.from(reference, (h) => labelByHash.get(h) ?? -1),
      nClasses: classNames.length,
      probe: s.probeSettings,
      pixels: modelOf(s, p)?.request.source.kind === 'builtin',
      seed: SEED,
    };
    setRun({ phase: 'measuring' });
    const result = await deps.measure(input, signal);
    if (signal.aborted) return;
    const outcome: InvarianceOutcome = { key, images: s.images, hashes: reference, sampleHashes: kept, classNames, result, failed: failed.size };
    store.setState((st) => ({ invariance: { ...st.invariance, results: { ...st.invariance.results, [p.id]: outcome } } }));
  }

  async function runAll(pipelineIds: string[] | undefined, abort: AbortController): Promise<void> {
    const s = store.getState();
    const wanted = s.pipelines.filter((p) => !pipelineIds || pipelineIds.includes(p.id));
    const notes: string[] = [];
    const ready = wanted.filter((p) => {
      const v = vectorsOf(s, p);
      const problem =
        typeof v === 'string' ? v : [...v.vectors.values()].filter((x) => x && isFiniteVector(x)).length < INVARIANCE_K + 2 ? 'too few images' : undefined;
      if (problem) notes.push(`${modelOf(s, p)?.request.name ?? p.id}: ${problem}, not measured`);
      return !problem;
    });
    setRun({ running: true, error: undefined, cancelled: undefined, notes, done: 0, total: 0, phase: 'embedding', pipelineId: undefined });
    try {
      if (ready.length === 0) throw new Error(wanted.length ? `no pipeline can be measured yet (${notes.join('; ')})` : 'there is no pipeline to measure');
      // One sample for every pipeline (images all of them embedded), so their numbers are paired.
      const common = [...new Set(s.images.map((i) => i.hash))].sort().filter((h) =>
        ready.every((p) => {
          const v = vectorsOf(s, p);
          return typeof v !== 'string' && !!v.vectors.get(h);
        }),
      );
      const sample = seededSample(common.length, s.invariance.sampleSize, SEED).map((i) => common[i]);
      const total = ready.length * sample.length;
      let done = 0;
      setRun({ total });
      for (const p of ready) {
        if (abort.signal.aborted) break;
        setRun({ pipelineId: p.id, phase: 'embedding' });
        await measurePipeline(p, sample, abort.signal, (images) => setRun({ done: (done += images) }));
      }
      if (abort.signal.aborted) setRun({ cancelled: true });
    } catch (e) {
      if (abort.signal.aborted) setRun({ cancelled: true });
      else setRun({ error: message(e) });
    } finally {
      setRun({ running: false, pipelineId: undefined, phase: undefined });
    }
  }

  return {
    setSampleSize,
    /**
     * Measures the given pipelines (default: all) on a seeded sample of the current sample size;
     * resolves when done, cancelled or failed (the run's state says which). One run at a time.
     */
    run(options: { pipelineIds?: string[] } = {}): Promise<void> {
      if (current) return Promise.reject(new Error('an invariance check is already running'));
      const abort = new AbortController();
      const done = runAll(options.pipelineIds, abort).finally(() => {
        if (current?.abort === abort) current = undefined;
      });
      current = { abort, done };
      return done;
    },
    /** Stops the run in progress (the chunk being embedded finishes; nothing is kept). */
    cancel(): void {
      current?.abort.abort();
    },
  };
}
