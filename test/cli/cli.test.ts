import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ortWeb from 'onnxruntime-web';
import { missingForCuda } from '../../src/cli/device';
import { modelSource } from '../../src/cli/model';
import { BUNDLED_MODEL_PATH, DEFAULT_MODEL_ID, MODEL_REGISTRY, registryEntry } from '../../models/registry';
import { parsePipeline, pipelineFromLink } from '../../src/cli/pipeline';
import { prepareImage } from '../../src/cli/prepareImage';
import { readRows } from '../../src/cli/rows';
import { createEmbedder, type OrtModule } from '../../src/models/lib/embedder';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { PRESET_DEFAULTS } from '../../src/preprocessing/lib/presets';
import { DEFAULT_PROBE } from '../../src/probe/lib/probe';
import { DEFAULT_UMAP } from '../../src/projection/lib/projection';
import { encodeState, type AppStateV1 } from '../../src/sharing/lib/linkCodec';
import { sharedPath } from '../support/shared';
import { maxAbsDiff } from './support/reference';
import { MODEL } from './support/survey';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'src/cli/latent-sky.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'latent-sky-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: tmp,
    env: { ...process.env, SLURM_ARRAY_TASK_ID: undefined, JOB_COMPLETION_INDEX: undefined },
  });

const radio = { ...DEFAULT_PREPROCESSING, preset: PRESET_DEFAULTS['radio-mirabest'] };
const link = (models: AppStateV1['models'], pipelines: AppStateV1['pipelines']) =>
  encodeState({
    v: 1,
    dataset: { kind: 'demo' },
    models,
    pipelines,
    umap: DEFAULT_UMAP,
    probe: DEFAULT_PROBE,
    view: { colourBy: 'class', hiddenClasses: [] },
  });

describe('pipelines from a file or a permalink', () => {
  it('fills a partial pipeline file with the app defaults and rejects invalid ones with the field', () => {
    expect(parsePipeline(JSON.stringify({ preset: PRESET_DEFAULTS['radio-mirabest'] }), 'p.json')).toEqual(radio);
    expect(parsePipeline(JSON.stringify({ preprocessing: { resize: 320 } }), 'p.json').resize).toBe(320);
    expect(() => parsePipeline('{"resize": 3}', 'p.json')).toThrow(/p\.json: resize/);
    expect(() => parsePipeline('{"shear": 1}', 'p.json')).toThrow(/p\.json/);
    expect(() => parsePipeline('not json', 'p.json')).toThrow(/not valid JSON/);
  });

  it("takes a link's pipeline and model (a zoo model with the weights file the link used)", async () => {
    const state = await link(
      [
        {
          id: 'model-0',
          name: 'DINOv2 ViT-S/14',
          source: { kind: 'url', url: 'https://example.org/dinov2/model_quantized.onnx' },
          backend: 'wasm',
          registry: { id: 'dinov2-small', dtype: 'int8' },
        },
        { id: 'model-1', name: 'mine', source: { kind: 'file', fileName: 'mine.onnx' }, backend: 'auto', output: 'feat' },
      ],
      [
        { id: 'pipeline-0', modelId: 'model-0', preprocessing: radio },
        { id: 'pipeline-1', modelId: 'model-1', preprocessing: DEFAULT_PREPROCESSING },
      ],
    );
    await expect(pipelineFromLink(`https://app.example/#s=${state}`, undefined)).rejects.toThrow(
      /2 pipelines: choose one with --pipeline-id \(pipeline-0 \(DINOv2 ViT-S\/14\), pipeline-1 \(mine\)\)/,
    );
    expect(await pipelineFromLink(`https://app.example/#s=${state}`, 'pipeline-0')).toMatchObject({
      preprocessing: radio,
      model: 'dinov2-small',
      weightsUrl: 'https://example.org/dinov2/model_quantized.onnx',
    });
    expect(await pipelineFromLink(state, 'pipeline-1')).toMatchObject({
      model: undefined,
      settings: { output: 'feat' },
      description: expect.stringMatching(/mine\.onnx.*--model/),
    });
    await expect(pipelineFromLink('#s=AAAA', undefined)).rejects.toThrow(/--from-link: /);
  });
});

describe('the latent-sky command', () => {
  it('prints its usage', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/latent-sky embed --input/);
  });

  it("runs a permalink's pipeline on FITS files and records it", async () => {
    const state = await link(
      [{ id: 'model-0', name: 'MobileNetV2', source: { kind: 'file', fileName: 'mobilenet.onnx' }, backend: 'auto' }],
      [{ id: 'pipeline-0', modelId: 'model-0', preprocessing: radio, modelInput: null }],
    );
    const fits = readdirSync(sharedPath('mirabest/fits_sample'))
      .sort()
      .slice(0, 3)
      .map((f) => sharedPath('mirabest/fits_sample', f));
    const r = cli('embed', '--input', ...fits, '--from-link', `http://localhost/#s=${state}`, '--model', MODEL, '--out', 'run');
    expect(r.stderr).toMatch(/execution provider: cpu/);
    expect(r.status).toBe(0);
    const record = JSON.parse(readFileSync(join(tmp, 'run/part-0-of-1.json'), 'utf8'));
    expect(record).toMatchObject({ embedded: 3, skipped: 0, preprocessing: radio, modelInput: null, provider: 'cpu', dim: 1280 });
  }, 60_000);

  it('says what is missing for --device cuda instead of crashing or running on the CPU', () => {
    writeFileSync(join(tmp, 'a.png'), 'x');
    const r = cli('embed', '--input', 'a.png', '--model', MODEL, '--out', 'cuda', '--device', 'cuda');
    const missing = missingForCuda();
    if (missing.length === 0) return; // a machine with CUDA: nothing to refuse
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--device cuda cannot run here; missing:/);
    expect(r.stderr).toMatch(/no CPU fallback/);
    for (const m of missing) expect(r.stderr).toContain(m);
    expect(r.stderr).not.toMatch(/execution provider: cpu/);
  });

  it("--device wasm runs the browser tab's kernels (onnxruntime-web in Node): its embeddings equal the app embedder's on them", async () => {
    // Three FITS on which onnxruntime-node's native int8 kernels round differently from WASM's here (README).
    const names = ['112_141.626+010.987_0.2472_0043.32.fits', '200_000.395-008.865_0.1765_0010.28.fits', '201_159.868+005.604_0.0908_0099.41.fits'];
    const fits = names.map((f) => sharedPath('mirabest/fits_sample', f));
    const r = cli('embed', '--input', ...fits, '--model', MODEL, '--out', 'wasm', '--device', 'wasm', '--threads', '1');
    expect(r.stderr).toMatch(/execution provider: wasm \(onnxruntime-web's WASM build/);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 'wasm/part-0-of-1.json'), 'utf8'))).toMatchObject({ embedded: 3, provider: 'wasm' });
    const rows = await readRows(join(tmp, 'wasm/part-0-of-1.parquet'));
    const web = await createEmbedder(ortWeb as unknown as OrtModule, new Uint8Array(readFileSync(MODEL)), { backends: ['wasm'] });
    for (const row of rows) {
      const { image } = await prepareImage(row.name, readFileSync(sharedPath('mirabest/fits_sample', row.name)), DEFAULT_PREPROCESSING);
      expect(maxAbsDiff(row.embedding!, (await web.embed([image])).vectors)).toBeLessThan(1e-4);
    }
    await web.release();
  }, 120_000);

  it('explains bad arguments', () => {
    expect(cli('embed', '--input', 'nowhere', '--model', MODEL, '--out', 'x').stderr).toMatch(/--input nowhere: no such file or folder/);
    expect(cli('embed', '--input', '.', '--model', 'no-such-model', '--out', 'x').stderr).toMatch(/neither an \.onnx file, an http\(s\) URL nor a zoo id/);
    expect(cli('embed', '--input', '.', '--model', MODEL, '--out', 'x', '--shard', '4/4').stderr).toMatch(/from 0 to 3/);
    expect(cli('merge', 'nowhere').status).toBe(2);
    expect(cli('frobnicate').status).toBe(1);
  });
});

describe('--model', () => {
  const bundled = join(REPO, 'public', BUNDLED_MODEL_PATH);
  it.skipIf(!existsSync(bundled))("takes a zoo id: the offline default is the file the app serves, with the zoo entry's settings", async () => {
    const source = modelSource(DEFAULT_MODEL_ID);
    expect(source.label).toBe(DEFAULT_MODEL_ID);
    expect((await source.bytes()).length).toBe(readFileSync(bundled).length);
    expect(source.settings).toMatchObject({ output: registryEntry(DEFAULT_MODEL_ID)!.embedding.output, inputSize: registryEntry(DEFAULT_MODEL_ID)!.inputSize });
  });
  it('names what to do for a zoo model without a public ONNX file', () => {
    const exportOnly = MODEL_REGISTRY.find((m) => m.weights.kind === 'export')!;
    expect(() => modelSource(exportOnly.id)).toThrow(/has no public ONNX file: run `python models\/export_onnx\.py/);
  });
});

describe('the web bundle', () => {
  it('imports nothing from src/cli', () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (p !== join(REPO, 'src/cli')) visit(p);
        } else if (/\.tsx?$/.test(e.name) && /from\s+['"][^'"]*\/cli\//.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    for (const d of ['src', 'workers']) visit(join(REPO, d));
    expect(offenders).toEqual([]);
  });
});
