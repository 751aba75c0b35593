/** Choosing and reading the model output that serves as the image embedding. */
export interface TensorInfo {
  name: string;
  shape: readonly (number | string)[];
}

// ImageNet heads (with and without a background class): logits, not features.
const LOGIT_WIDTHS = new Set([1000, 1001]);

/**
 * Default embedding output: a 2-D [batch, D] output that is not a 1000-class logit layer;
 * else a pooled-able [B, C, H, W] or token [B, T, D] output; else the first output.
 */
export function defaultEmbeddingOutput(outputs: readonly TensorInfo[]): string {
  if (outputs.length === 0) throw new Error('the model has no outputs');
  const last = (t: TensorInfo) => t.shape[t.shape.length - 1];
  const features2d = outputs.find((t) => t.shape.length === 2 && !LOGIT_WIDTHS.has(last(t) as number));
  const other = outputs.find((t) => t.shape.length === 3 || t.shape.length === 4);
  return (features2d ?? other ?? outputs[0]).name;
}

/**
 * The embedding output: `preferred` if the graph has it, else the first of `alternatives` it has
 * (exports differ in which outputs they keep: DINOv2 without `pooler_output` still has
 * `last_hidden_state`, whose token 0 is the same vector); with nothing preferred, the default.
 */
export function chooseOutput(outputs: readonly TensorInfo[], preferred?: string, alternatives: readonly string[] = []): string {
  if (preferred === undefined) return defaultEmbeddingOutput(outputs);
  const found = [preferred, ...alternatives].find((name) => outputs.some((o) => o.name === name));
  if (found !== undefined) return found;
  const wanted = [preferred, ...alternatives].map((n) => `"${n}"`).join(' or ');
  throw new Error(`the model has no output named ${wanted} (it has: ${outputs.map((o) => o.name).join(', ')})`);
}

/**
 * Splits a batch output into one vector per item. [B, D] as is; [B, C, H, W] by global average
 * pooling (a CNN feature map); [B, T, D] by taking token 0 (the CLS token of a ViT).
 */
export function splitEmbeddings(data: Float32Array, dims: readonly number[], batch: number): Float32Array[] {
  if (dims[0] !== batch) throw new Error(`output batch dimension is ${dims[0]}, expected ${batch}`);
  const per = data.length / batch;
  const items = Array.from({ length: batch }, (_, i) => data.subarray(i * per, (i + 1) * per));
  if (dims.length === 2) return items.map((v) => v.slice());
  if (dims.length === 3) return items.map((v) => v.slice(0, dims[2]));
  if (dims.length === 4) {
    const [, c, h, w] = dims;
    return items.map((v) => {
      const out = new Float32Array(c);
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (let j = 0; j < h * w; j++) s += v[k * h * w + j];
        out[k] = s / (h * w);
      }
      return out;
    });
  }
  throw new Error(`cannot turn an output of shape [${dims.join(', ')}] into one vector per image`);
}
