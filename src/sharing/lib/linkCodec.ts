/**
 * The permalink codec: "what the user chose" (dataset, models, pipelines with their preprocessing,
 * UMAP and probe settings, view) as a versioned, schema-validated object, deflated and base64url
 * encoded for a URL fragment. Decoding never throws: a malformed, truncated, oversized or
 * hand-edited link gives a readable error and nothing else.
 */
import { z } from 'zod';
import { readBounded, SizeLimitError, transformed } from '../../shared/lib/bytes';
import { checkClassName, LABEL_KEY_CHARS } from '../../labelling/lib/labelEdits';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const id = z.string().min(1).max(64);
const triple = z.tuple([finite, finite, finite]);

const preset = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('radio-mirabest'), sigma: finite.min(0).max(100), cropFraction: finite.gt(0).max(1) }),
  z.strictObject({ kind: z.literal('optical-lupton'), Q: finite.min(0).max(1e10), stretchPercentile: finite.gt(0).max(100) }),
]);
const interval = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('minmax') }),
  z.strictObject({ kind: z.literal('percentile'), percent: finite.gt(0).max(100) }),
  z.strictObject({ kind: z.literal('asymmetric'), lower: finite.min(0).max(100), upper: finite.min(0).max(100) }),
  z.strictObject({ kind: z.literal('zscale') }),
]);
const positive = finite.gt(0).max(1e6);
const stretch = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('linear') }),
  z.strictObject({ kind: z.literal('sqrt') }),
  z.strictObject({ kind: z.literal('log'), a: positive }),
  z.strictObject({ kind: z.literal('asinh'), a: positive }),
  z.strictObject({ kind: z.literal('power'), a: positive }),
  z.strictObject({ kind: z.literal('sinh'), a: positive }),
  z.strictObject({ kind: z.literal('histeq') }),
]);
const crop = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fraction'), fraction: finite.gt(0).max(1) }),
  z.strictObject({ kind: z.literal('pixels'), size: z.int().min(1).max(100_000) }),
  z.strictObject({ kind: z.literal('auto'), threshold: finite.gt(0).max(1), margin: finite.min(0).max(10) }),
]);
const colour = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('replicate') }),
  z.strictObject({ kind: z.literal('colormap'), name: z.enum(['viridis', 'magma', 'inferno', 'cividis']) }),
]);
export const preprocessingSchema = z.strictObject({
  hdu: z.int().min(0).max(9999).nullable(),
  plane: z.int().min(0).max(1_000_000),
  preset,
  scale: z.strictObject({ interval, stretch }),
  crop,
  colour,
  resize: z.int().min(8).max(2048).nullable(),
});

/** A pipeline's model-input recipe (src/models/lib/modelInput.ts); null = plain bilinear resize. */
const modelInput = z.strictObject({
  resize: z.enum(['exact', 'shortestEdge']),
  cropFraction: finite.gt(0.1).max(1).optional(),
  resampling: z.enum(['bilinear', 'bicubic']),
  cropOffset: z.enum(['floor', 'round']).optional(),
  l2Normalise: z.boolean().optional(),
});

/** Only http(s) URLs travel: a link never makes the app run or load anything else. */
const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      return ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

const model = z.strictObject({
  id,
  name: z.string().max(200),
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('url'), url: httpUrl }),
    z.strictObject({ kind: z.literal('file'), fileName: z.string().max(255) }),
    z.strictObject({ kind: z.literal('builtin'), id: z.literal('pixels') }),
  ]),
  output: z.string().max(200).optional(),
  inputSize: z.int().min(8).max(2048).optional(),
  mean: triple.optional(),
  std: triple.optional(),
  backend: z.enum(['auto', 'wasm', 'webgpu']),
  /** A model-zoo entry: the recipient's app resolves it (and its hub) itself. */
  registry: z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/), dtype: z.enum(['fp32', 'fp16', 'int8']).optional() }).optional(),
});

const budget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fraction'), value: finite.gt(0).max(1) }),
  z.strictObject({ kind: z.literal('perClass'), value: z.int().min(1).max(1_000_000) }),
]);

const hash = z.string().regex(/^[0-9a-f]{8,64}$/, 'must be a hex content hash');

/** A class name as the app accepts it (src/labelling/lib/labelEdits.ts: trimmed, 1–64 characters, no control characters). */
const className = z.string().refine((n) => {
  try {
    return checkClassName(n) === n;
  } catch {
    return false;
  }
}, 'must be a class name of 1 to 64 characters');
/** Labels made in the app travel compactly: each class once, with the content-hash prefixes of its images. */
export const MAX_LINK_LABELS = 5000;
const linkLabels = z
  .array(
    z.strictObject({
      /** null: the images have no label (the user removed one they had from a folder or CSV). */
      class: className.nullable(),
      hashes: z
        .array(z.string().regex(new RegExp(`^[0-9a-f]{${LABEL_KEY_CHARS}}$`), `must be a ${LABEL_KEY_CHARS}-digit hex content-hash prefix`))
        .min(1)
        .max(MAX_LINK_LABELS),
    }),
  )
  .max(1000)
  .refine((groups) => groups.reduce((n, g) => n + g.hashes.length, 0) <= MAX_LINK_LABELS, `must hold at most ${MAX_LINK_LABELS} labels`)
  .refine((groups) => {
    const all = groups.flatMap((g) => g.hashes);
    return new Set(all).size === all.length;
  }, 'must give each image one label');

export const appStateSchema = z
  .strictObject({
    v: z.literal(1),
    /** Dropped files travel as content fingerprints; the recipient drops the same files again. */
    dataset: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('files'),
        count: z.int().min(0).max(1_000_000),
        /** Hash of the sorted content hashes: tells the recipient whether they dropped the same set. */
        digest: hash,
        /** Short content-hash prefixes of each file, for small datasets (omitted for large ones to keep links short). */
        hashes: z.array(hash).max(5000),
      }),
      z.strictObject({ kind: z.literal('manifest'), url: httpUrl }),
      /** The synthetic demo sky: the recipient's app regenerates it, nothing to drop. */
      z.strictObject({ kind: z.literal('demo') }),
    ]),
    models: z.array(model).max(32),
    /** Labels made in the app (absent in links made before labelling existed, and when there are none). */
    labels: linkLabels.optional(),
    /** Classes named in the app, in the order first used: their colours (src/shared/lib/palette.ts classSlots). */
    appClasses: z.array(className).max(1000).optional(),
    /** `modelInput` is optional: links made before recipes existed (and pipelines that keep the model's recipe) have none. */
    pipelines: z.array(z.strictObject({ id, modelId: id, preprocessing: preprocessingSchema, modelInput: modelInput.nullable().optional() })).max(64),
    umap: z.strictObject({
      nNeighbors: z.int().min(2).max(200),
      minDist: finite.min(0).max(1),
      seed: z
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    }),
    /** Absent in links made before clusters existed: automatic settings. */
    clusters: z
      .strictObject({
        minClusterSize: z.int().min(2).max(10000).optional(),
        minSamples: z.int().min(1).max(1000).optional(),
      })
      .optional(),
    probe: z.strictObject({
      heads: z
        .array(z.enum(['linear', 'mlp']))
        .min(1)
        .max(2),
      whitening: z.enum(['none', 'standardise', 'pca']),
      budgets: z.array(budget).min(1).max(20),
      seeds: z.int().min(1).max(50),
      testFraction: finite.gt(0).lt(1),
      C: finite.gt(0).max(1e6),
      mlpHidden: z.int().min(1).max(4096),
    }),
    view: z.strictObject({
      colourBy: z.string().max(200),
      alignTo: id.optional(),
      hiddenClasses: z.array(z.string().max(200)).max(100),
      /** Density contours drawn (absent: off, as in links made before contours existed). */
      contours: z.boolean().optional(),
      /** Selected images, as content-hash prefixes. */
      selection: z.array(hash).max(2000).optional(),
      /** The region of its layout each pipeline's panel shows ([x0, y0, x1, y1]), when the user framed one. */
      cameras: z
        .record(
          id,
          z
            .tuple([finite, finite, finite, finite])
            .refine(([x0, y0, x1, y1]) => x1 > x0 && y1 > y0, 'must be a rectangle [x0, y0, x1, y1] with x1 > x0 and y1 > y0'),
        )
        .optional(),
    }),
  })
  .superRefine((s, ctx) => {
    const models = new Set(s.models.map((m) => m.id));
    s.pipelines.forEach((p, i) => {
      if (!models.has(p.modelId)) ctx.addIssue({ code: 'custom', path: ['pipelines', i, 'modelId'], message: `refers to no model ("${p.modelId}")` });
    });
    if (s.view.alignTo && !s.pipelines.some((p) => p.id === s.view.alignTo)) {
      ctx.addIssue({ code: 'custom', path: ['view', 'alignTo'], message: 'refers to no pipeline' });
    }
    const cameras = Object.keys(s.view.cameras ?? {});
    if (cameras.length > 64) ctx.addIssue({ code: 'custom', path: ['view', 'cameras'], message: 'has more entries than a link can have pipelines' });
    for (const key of cameras) {
      if (!s.pipelines.some((p) => p.id === key)) ctx.addIssue({ code: 'custom', path: ['view', 'cameras', key], message: 'refers to no pipeline' });
    }
  });

export type AppStateV1 = z.infer<typeof appStateSchema>;

/** Links longer than this are refused before any decoding work. */
export const MAX_LINK_CHARS = 64 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;

const toBase64Url = (bytes: Uint8Array) => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link contains characters that are not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const EXPANDS = 'the link expands to more data than any real state';

export async function encodeState(state: AppStateV1): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(appStateSchema.parse(state)));
  return toBase64Url(await readBounded(transformed(json, new CompressionStream('deflate-raw')), Infinity, EXPANDS));
}

export type DecodeResult = { ok: true; state: AppStateV1 } | { ok: false; error: string };

export async function decodeState(link: string): Promise<DecodeResult> {
  try {
    if (link.length === 0) return { ok: false, error: 'the link holds no state' };
    if (link.length > MAX_LINK_CHARS) return { ok: false, error: `the link is longer than ${MAX_LINK_CHARS} characters` };
    let json: string;
    try {
      const bytes = fromBase64Url(link);
      json = new TextDecoder('utf-8', { fatal: true }).decode(
        await readBounded(transformed(bytes, new DecompressionStream('deflate-raw')), MAX_JSON_BYTES, EXPANDS),
      );
    } catch (e) {
      const msg = e instanceof Error ? e.message : '';
      return { ok: false, error: e instanceof SizeLimitError || /base64url/.test(msg) ? msg : 'the link is damaged or cut short (it does not decompress)' };
    }
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return { ok: false, error: 'the link does not contain valid JSON' };
    }
    if (typeof value === 'object' && value !== null && 'v' in value && value.v !== 1) {
      return { ok: false, error: `the link was made by another version of Latent Sky (state version ${String((value as { v: unknown }).v).slice(0, 20)})` };
    }
    const parsed = appStateSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: `the link's state is not valid: ${issue.path.join('.') || 'state'} ${issue.message}` };
    }
    return { ok: true, state: parsed.data };
  } catch {
    return { ok: false, error: 'the link could not be read' };
  }
}
