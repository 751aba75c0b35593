/**
 * The model zoo: one entry per backbone of Lastufka et al. 2024 (arXiv 2409.11175), plus the
 * offline default. Each entry says everything the app needs to produce the *same* embedding the
 * study used: where the ONNX weights come from, input size, normalisation, and which output (and
 * pooling) is the embedding. Nothing else in the app special-cases a model family.
 */

import { INPUT_RECIPES } from '../src/models/lib/inputRecipes';
import type { ModelInputRecipe } from '../src/models/lib/modelInput';

export type Dtype = 'fp32' | 'fp16' | 'int8';
export type Pooling =
  /** The output already is one vector per image ([N, D]). */
  | 'none'
  /** Token 0 of a [N, T, D] output: a ViT's CLS token. */
  | 'cls'
  /** Global average of a [N, C, H, W] feature map. */
  | 'mean';

export type WeightsSource =
  /** Generated from an npm package by `npm run models`; served by the app itself, works offline. */
  | { kind: 'bundled'; path: string; dtype: Dtype }
  /** An existing public ONNX export on the Hugging Face hub. */
  | { kind: 'hub'; repo: string; revision: string; files: Partial<Record<Dtype, string>> }
  /** No public export: the user runs the recipe, then opens the resulting file. */
  | { kind: 'export'; command: string; produces: string };

export interface ModelEntry {
  id: string;
  name: string;
  architecture: string;
  /** Backbone parameters, in millions. */
  paramsM: number;
  pretraining: { data: string; objective: string };
  licence: { name: string; url: string; nonCommercial: boolean };
  weights: WeightsSource;
  inputSize: number;
  norm: { mean: [number, number, number]; std: [number, number, number] };
  /**
   * How the study made this model's input (its Hugging Face image processor): Pillow resize,
   * centre crop, feature L2. Absent: the app's plain bilinear resize (the offline default).
   */
  input?: ModelInputRecipe;
  /**
   * `output` is the preferred embedding; `alternatives` are outputs that give the same vector
   * (after `splitEmbeddings`' pooling), tried in order when an export lacks the preferred one.
   */
  embedding: { output: string; alternatives?: string[]; pooling: Pooling; dim: number; what: string };
  /** The paper or model card. */
  reference: string;
  notes: string[];
  /** True for models that were part of the study; false for extras such as the offline default. */
  inStudy: boolean;
}

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as { mean: [number, number, number]; std: [number, number, number] };
const HALF = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } as { mean: [number, number, number]; std: [number, number, number] };
const APACHE = { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0', nonCommercial: false };
const CC_BY_NC = { name: 'CC BY-NC 4.0', url: 'https://creativecommons.org/licenses/by-nc/4.0/', nonCommercial: true };
const RECIPE = 'python models/export_onnx.py';
const transformersJsLayout = (repo: string): WeightsSource => ({
  kind: 'hub',
  repo,
  revision: 'main',
  files: { fp32: 'onnx/model.onnx', fp16: 'onnx/model_fp16.onnx', int8: 'onnx/model_quantized.onnx' },
});

/** What the two MAE entries (deterministic export and the study's masked behaviour) share. */
const MAE_BASE = {
  paramsM: 86,
  pretraining: { data: 'ImageNet-1k (no labels)', objective: 'masked autoencoding (75 % of patches masked)' },
  licence: { ...CC_BY_NC, name: 'CC BY-NC 4.0 (the MAE repository; the Hugging Face card says Apache-2.0)' },
  inputSize: 224,
  norm: IMAGENET,
  input: INPUT_RECIPES['hf-exact-bilinear'],
  reference: 'https://arxiv.org/abs/2111.06377',
  inStudy: true,
};

/** The model the app loads by itself: real ImageNet weights that ship inside an npm package. */
export const DEFAULT_MODEL_ID = 'mobilenetv2-nsfwjs';
export const BUNDLED_MODEL_PATH = 'models/generated/mobilenetv2-nsfwjs.onnx';

export const MODEL_REGISTRY: readonly ModelEntry[] = [
  {
    id: DEFAULT_MODEL_ID,
    name: 'MobileNetV2 (ImageNet, via nsfwjs) — offline default',
    architecture: 'MobileNetV2, width 1.0, 224 px',
    paramsM: 2.3,
    pretraining: {
      data: 'ImageNet-1k (blocks 0–10, frozen); blocks 11–16 fine-tuned by nsfwjs on its own 5-class web-image task',
      objective: 'supervised classification',
    },
    licence: {
      name: 'MIT (nsfwjs); Keras MobileNetV2 weights Apache-2.0',
      url: 'https://github.com/infinitered/nsfwjs/blob/master/LICENSE',
      nonCommercial: false,
    },
    weights: { kind: 'bundled', path: BUNDLED_MODEL_PATH, dtype: 'int8' },
    inputSize: 224,
    norm: { mean: [0, 0, 0], std: [1, 1, 1] },
    embedding: { output: 'features', pooling: 'none', dim: 1280, what: 'global average of the last conv block (out_relu)' },
    reference: 'https://github.com/infinitered/nsfwjs',
    notes: [
      'Converted to ONNX by `npm run models` from the TF.js weights inside the nsfwjs npm package; checked against TF.js to 1e-5.',
      "Not a foundation model and not one of the study's backbones: it is here so the app does its job with no network.",
      'Its top blocks were fine-tuned for a non-astronomy task; the output `imagenet_block10_features` (96-d) is the deepest purely-ImageNet layer.',
      'Weights were quantised to 8 bits by nsfwjs; inputs are RGB in [0, 1] as nsfwjs feeds them.',
    ],
    inStudy: false,
  },
  {
    id: 'dinov2-base',
    name: 'DINOv2 ViT-B/14',
    architecture: 'ViT-B/14, 224 px (16 × 16 patches + CLS)',
    paramsM: 86,
    pretraining: { data: 'LVD-142M (curated web images)', objective: 'self-distillation (DINO + iBOT)' },
    licence: APACHE,
    weights: transformersJsLayout('onnx-community/dinov2-base'),
    inputSize: 224,
    norm: IMAGENET,
    input: INPUT_RECIPES['hf-shortest-edge-bicubic'],
    embedding: { output: 'pooler_output', alternatives: ['last_hidden_state'], pooling: 'none', dim: 768, what: 'CLS token after the final LayerNorm' },
    reference: 'https://arxiv.org/abs/2304.07193',
    notes: [
      '`pooler_output` equals token 0 of `last_hidden_state`: both are after the final LayerNorm. Exports without `pooler_output` give token 0 of `last_hidden_state`.',
      "The input recipe is that of the study's Hugging Face BitImageProcessor.",
    ],
    inStudy: true,
  },
  {
    id: 'dinov2-small',
    name: 'DINOv2 ViT-S/14 (lighter)',
    architecture: 'ViT-S/14, 224 px',
    paramsM: 22,
    pretraining: { data: 'LVD-142M (curated web images)', objective: 'self-distillation, distilled from ViT-g/14' },
    licence: APACHE,
    weights: transformersJsLayout('Xenova/dinov2-small'),
    inputSize: 224,
    norm: IMAGENET,
    input: INPUT_RECIPES['hf-shortest-edge-bicubic'],
    embedding: { output: 'pooler_output', alternatives: ['last_hidden_state'], pooling: 'none', dim: 384, what: 'CLS token after the final LayerNorm' },
    reference: 'https://arxiv.org/abs/2304.07193',
    notes: ["A quarter of ViT-B/14's cost; the study used ViT-B, this is the quick choice."],
    inStudy: true,
  },
  {
    ...MAE_BASE,
    id: 'mae-base',
    name: 'MAE ViT-B/16',
    architecture: 'ViT-B/16, 224 px',
    weights: { kind: 'export', command: `${RECIPE} mae-base`, produces: 'mae-base.onnx' },
    embedding: { output: 'last_hidden_state', pooling: 'cls', dim: 768, what: 'CLS token of the last hidden state' },
    notes: [
      'MAE masks 75 % of patches at random even at inference. This export (the default) uses mask_ratio = 0, so every patch is seen and the embedding is deterministic.',
      "The study ran MAE as Hugging Face loads it, masking 75 % at random: the paper's MAE numbers come from that behaviour, which `mae-base-masked` reproduces (seeded). Use this entry to compare models; use that one to check the paper.",
      'Public ONNX exports of MAE keep the random masking, so they are not used.',
    ],
    inStudy: true,
  },
  {
    ...MAE_BASE,
    id: 'mae-base-masked',
    name: 'MAE ViT-B/16, 75 % masked (as the study ran it)',
    architecture: 'ViT-B/16, 224 px; 49 of 196 patches seen',
    weights: { kind: 'export', command: `${RECIPE} mae-base-masked --seed 0`, produces: 'mae-base-masked.onnx' },
    embedding: { output: 'last_hidden_state', pooling: 'cls', dim: 768, what: 'CLS token of the last hidden state, with 75 % of patches masked' },
    notes: [
      "This is the one that reproduces the paper's MAE numbers: the study kept Hugging Face's default mask_ratio = 0.75 at inference, so its MAE saw a random quarter of each image.",
      'The study drew a new mask on every call; this export seeds it (--seed) with a hash of the image, so each image always gets the same mask, in any batch or order. Embeddings still carry the masking noise: compare models with `mae-base` (mask ratio 0).',
    ],
    inStudy: true,
  },
  {
    id: 'msn-base',
    name: 'MSN ViT-B/16',
    architecture: 'ViT-B/16, 224 px',
    paramsM: 86,
    pretraining: { data: 'ImageNet-1k (no labels)', objective: 'masked Siamese networks (prototype matching)' },
    licence: { ...CC_BY_NC, name: 'CC BY-NC 4.0 (the MSN repository; the Hugging Face card says Apache-2.0)' },
    weights: { kind: 'export', command: `${RECIPE} msn-base`, produces: 'msn-base.onnx' },
    inputSize: 224,
    norm: IMAGENET,
    input: INPUT_RECIPES['hf-exact-bilinear'],
    embedding: { output: 'last_hidden_state', pooling: 'cls', dim: 768, what: 'CLS token of the last hidden state (after the final LayerNorm)' },
    reference: 'https://arxiv.org/abs/2204.07141',
    notes: ['No public ONNX export; the recipe exports ViTMSNModel as is (MSN does not mask at inference).'],
    inStudy: true,
  },
  {
    id: 'resnet50',
    name: 'ResNet-50 (ImageNet-1k)',
    architecture: 'ResNet-50 v1.5, 224 px',
    paramsM: 23.5,
    pretraining: { data: 'ImageNet-1k', objective: 'supervised classification' },
    licence: APACHE,
    weights: { kind: 'export', command: `${RECIPE} resnet50`, produces: 'resnet50.onnx' },
    inputSize: 224,
    norm: IMAGENET,
    input: INPUT_RECIPES['hf-shortest-edge-bicubic'],
    embedding: { output: 'pooler_output', pooling: 'none', dim: 2048, what: 'global average pool before the classifier' },
    reference: 'https://arxiv.org/abs/1512.03385',
    notes: [
      'Public ONNX exports of microsoft/resnet-50 give only the 1000 logits; the recipe exports the pooled features.',
      "Input as ConvNextImageProcessor (crop_pct 0.875) makes it: shortest edge to 256 (bicubic), centre crop 224. The study's torchvision ResNet path (no mean/std, features L2-normalised) is the `torchvision-resnet` recipe, chosen per pipeline.",
    ],
    inStudy: true,
  },
  {
    id: 'resnet18',
    name: 'ResNet-18 (ImageNet-1k)',
    architecture: 'ResNet-18, 224 px',
    paramsM: 11.2,
    pretraining: { data: 'ImageNet-1k', objective: 'supervised classification' },
    licence: APACHE,
    weights: { kind: 'export', command: `${RECIPE} resnet18`, produces: 'resnet18.onnx' },
    inputSize: 224,
    norm: IMAGENET,
    input: INPUT_RECIPES['hf-shortest-edge-bicubic'],
    embedding: { output: 'pooler_output', pooling: 'none', dim: 512, what: 'global average pool before the classifier' },
    reference: 'https://arxiv.org/abs/1512.03385',
    notes: ["The recipe exports microsoft/resnet-18's pooled features."],
    inStudy: true,
  },
  {
    id: 'siglip-base',
    name: 'SigLIP ViT-B/16 (224)',
    architecture: 'ViT-B/16 vision tower with attention-pooling head, 224 px',
    paramsM: 93,
    pretraining: { data: 'WebLI (image–text pairs)', objective: 'sigmoid image–text contrastive loss' },
    licence: APACHE,
    weights: {
      kind: 'hub',
      repo: 'Xenova/siglip-base-patch16-224',
      revision: 'main',
      files: { fp32: 'onnx/vision_model.onnx', fp16: 'onnx/vision_model_fp16.onnx', int8: 'onnx/vision_model_quantized.onnx' },
    },
    inputSize: 224,
    norm: HALF,
    input: INPUT_RECIPES['hf-exact-bicubic'],
    embedding: {
      output: 'pooler_output',
      pooling: 'none',
      dim: 768,
      what: "the vision tower's pooled output (its attention-pooling head; SigLIP has no CLS token)",
    },
    reference: 'https://arxiv.org/abs/2303.15343',
    notes: ['SigLIP normalises with mean = std = 0.5, not ImageNet statistics; SiglipImageProcessor resizes to 224 × 224, bicubic.'],
    inStudy: true,
  },
  {
    id: 'radio-base',
    name: 'AM-RADIO ViT-B/16',
    architecture: 'RADIO ViT-B/16 (CPE), 224 px',
    paramsM: 86,
    pretraining: { data: 'DataComp-1B images', objective: 'multi-teacher distillation (CLIP, DINOv2, SAM)' },
    licence: { name: 'NVIDIA Source Code License-NC (non-commercial)', url: 'https://github.com/NVlabs/RADIO/blob/main/LICENSE', nonCommercial: true },
    weights: { kind: 'export', command: `${RECIPE} radio-base`, produces: 'radio-base.onnx' },
    inputSize: 224,
    norm: { mean: [0, 0, 0], std: [1, 1, 1] },
    input: INPUT_RECIPES['hf-exact-bicubic'],
    embedding: {
      output: 'summary',
      pooling: 'none',
      dim: 2304,
      what: 'the summary tokens RADIO returns as its global image embedding, one per teacher, concatenated',
    },
    reference: 'https://arxiv.org/abs/2312.06709',
    notes: [
      'Non-commercial licence: research use only.',
      'Parameters: the ViT-B backbone; the per-teacher adaptor heads are not counted. The summary width (3 × 768 for RADIO-B) is checked when the model loads.',
      'RADIO normalises inside the model: feed RGB in [0, 1] (mean 0, std 1 here).',
      "Input: 224 × 224, bicubic (RADIO's CLIP-style processor); the study does not say otherwise.",
      'The recipe loads it with torch.hub (NVlabs/RADIO) and exports the summary output.',
    ],
    inStudy: true,
  },
];

export function registryEntry(id: string): ModelEntry | undefined {
  return MODEL_REGISTRY.find((m) => m.id === id);
}

/** The weights URL of a hub entry, in the hub's layout: `<endpoint>/<org>/<repo>/resolve/<revision>/<path>`. */
export function hubFileUrl(endpoint: string, repo: string, revision: string, path: string): string {
  const base = endpoint.replace(/\/+$/, '');
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `${base}/${repo}/resolve/${encodeURIComponent(revision)}/${encoded}`;
}

export const DEFAULT_HUB = 'https://huggingface.co';

/** The dtype to fetch when the user has not chosen: fp32 where WebGPU runs it fast, else int8 (4× smaller) for WASM. */
export function defaultDtype(entry: ModelEntry, webgpu: boolean): Dtype | undefined {
  if (entry.weights.kind !== 'hub') return entry.weights.kind === 'bundled' ? entry.weights.dtype : undefined;
  const files = entry.weights.files;
  const order: Dtype[] = webgpu ? ['fp32', 'fp16', 'int8'] : ['int8', 'fp32', 'fp16'];
  return order.find((d) => files[d]);
}
