import { describe, expect, it } from 'vitest';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { DEFAULT_PROBE } from '../../src/probe/lib/probe';
import { DEFAULT_UMAP } from '../../src/projection/lib/projection';
import { appStateSchema, decodeState, encodeState, type AppStateV1 } from '../../src/sharing/lib/linkCodec';
import { INPUT_RECIPES } from '../../src/models/lib/inputRecipes';
import { inputRecipe, pipelineKey } from '../../src/state/selectors';
import type { ModelRecord, PipelineRecord } from '../../src/state/store';

const base: AppStateV1 = {
  v: 1,
  dataset: { kind: 'demo' },
  models: [
    {
      id: 'model-0',
      name: 'DINOv2 ViT-S/14',
      source: { kind: 'url', url: 'https://huggingface.co/Xenova/dinov2-small/resolve/main/onnx/model.onnx' },
      backend: 'auto',
      registry: { id: 'dinov2-small' },
    },
  ],
  pipelines: [{ id: 'pipeline-0', modelId: 'model-0', preprocessing: DEFAULT_PREPROCESSING }],
  umap: DEFAULT_UMAP,
  probe: DEFAULT_PROBE,
  view: { colourBy: 'class', hiddenClasses: [], selection: [] },
};

describe("a pipeline's model-input recipe in links and keys", () => {
  it('travels in a link (a recipe, or null for the plain resize); links without one still open', async () => {
    const withRecipes: AppStateV1 = {
      ...base,
      pipelines: [
        ...base.pipelines,
        { id: 'pipeline-1', modelId: 'model-0', preprocessing: DEFAULT_PREPROCESSING, modelInput: { ...INPUT_RECIPES['torchvision-resnet'] } },
        { id: 'pipeline-2', modelId: 'model-0', preprocessing: DEFAULT_PREPROCESSING, modelInput: null },
      ],
    };
    expect(await decodeState(await encodeState(withRecipes))).toEqual({ ok: true, state: withRecipes });
    expect(await decodeState(await encodeState(base))).toEqual({ ok: true, state: base });
  });

  it('a malformed recipe in a link is refused, naming the field', () => {
    const bad = { ...base, pipelines: [{ ...base.pipelines[0], modelInput: { resize: 'exact', resampling: 'lanczos' } }] } as unknown as AppStateV1;
    const result = appStateSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['pipelines', 0, 'modelInput', 'resampling']);
  });

  it("the pipeline's override wins over the model's recipe, and the cache key follows it; the plain resize keeps the old key", () => {
    const model = {
      id: 'model-0',
      status: 'ready',
      contentHash: 'abc',
      request: { name: 'm', source: { kind: 'url', url: 'x' }, backend: 'auto' },
      info: {
        backend: 'wasm',
        inputName: 'x',
        outputs: [],
        output: 'pooler_output',
        input: { size: 224, mean: [0, 0, 0], std: [1, 1, 1], recipe: INPUT_RECIPES['hf-shortest-edge-bicubic'] },
        fixedSize: true,
        batchSize: 1,
        fallbacks: [],
      },
    } as ModelRecord;
    const own: PipelineRecord = { id: 'p', modelId: 'model-0', preprocessing: DEFAULT_PREPROCESSING };
    const plain: PipelineRecord = { ...own, modelInput: null };
    const torchvision: PipelineRecord = { ...own, modelInput: INPUT_RECIPES['torchvision-resnet'] };
    expect(inputRecipe(own, model)).toEqual(INPUT_RECIPES['hf-shortest-edge-bicubic']);
    expect(inputRecipe(plain, model)).toBeUndefined();
    expect(inputRecipe(torchvision, model)).toEqual(INPUT_RECIPES['torchvision-resnet']);
    const keys = [own, plain, torchvision].map((p) => pipelineKey(p, model));
    expect(new Set(keys).size).toBe(3);
    const noRecipe = { ...model, info: { ...model.info!, input: { size: 224, mean: [0, 0, 0], std: [1, 1, 1] } } } as ModelRecord;
    expect(pipelineKey(own, noRecipe)).toBe(JSON.stringify(['abc', 'wasm', 'pooler_output', 224, [0, 0, 0], [1, 1, 1], DEFAULT_PREPROCESSING]));
    expect(pipelineKey(plain, model)).toBe(pipelineKey(own, noRecipe));
  });
});
