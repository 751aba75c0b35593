import { describe, expect, it } from 'vitest';
import { DEFAULT_HUB, DEFAULT_MODEL_ID } from '../../models/registry';
import { DEFAULT_PREPROCESSING } from '../../src/preprocessing/lib/preprocessing';
import { DEFAULT_PROBE } from '../../src/probe/lib/probe';
import { DEFAULT_UMAP } from '../../src/projection/lib/projection';
import {
  consentQuestion,
  describeFetches,
  foreignHosts,
  hostOf,
  lastSegment,
  linkFetches,
  linkModelUrl,
  type LinkFetch,
} from '../../src/sharing/lib/linkHosts';
import type { AppStateV1 } from '../../src/sharing/lib/linkCodec';

const here = { origin: 'https://latent-sky.example.net', hub: DEFAULT_HUB };

const model = (id: string, name: string, url: string, registry?: AppStateV1['models'][number]['registry']): AppStateV1['models'][number] => ({
  id,
  name,
  source: { kind: 'url', url },
  backend: 'auto',
  registry,
});

const link = (models: AppStateV1['models'], dataset: AppStateV1['dataset'] = { kind: 'demo' }): AppStateV1 => ({
  v: 1,
  dataset,
  models,
  pipelines: models.map((m, i) => ({ id: `pipeline-${i}`, modelId: m.id, preprocessing: DEFAULT_PREPROCESSING })),
  umap: DEFAULT_UMAP,
  probe: DEFAULT_PROBE,
  view: { colourBy: 'class', hiddenClasses: [] },
});

describe('which hosts a link would fetch from', () => {
  it('names only hosts that are neither this app nor the model hub, grouped by host in link order', () => {
    const state = link(
      [
        model('model-0', 'Own copy', 'https://latent-sky.example.net/models/m.onnx'),
        model('model-1', 'DINOv2 ViT-S/14', 'https://huggingface.co/Xenova/dinov2-small/resolve/main/onnx/model_quantized.onnx', {
          id: 'dinov2-small',
          dtype: 'int8',
        }),
        model('model-2', 'Mine', 'http://models.example.org/m.onnx'),
        { id: 'model-3', name: 'Pixels', source: { kind: 'builtin', id: 'pixels' }, backend: 'auto' },
        { id: 'model-4', name: 'local', source: { kind: 'file', fileName: 'x.onnx' }, backend: 'auto' },
        model('model-5', 'Other', 'http://MODELS.example.org:80/n.onnx'),
      ],
      { kind: 'manifest', url: 'https://data.example.com/first/manifest.json' },
    );
    const hosts = foreignHosts(linkFetches(state), here);
    expect(hosts.map((h) => h.host)).toEqual(['models.example.org', 'data.example.com']);
    expect(hosts[0].fetches.map((f) => f.name)).toEqual(['Mine', 'Other']);
    expect(hosts[1].fetches).toEqual([{ kind: 'manifest', url: 'https://data.example.com/first/manifest.json', name: 'manifest.json' }]);
  });

  it('trusts whatever hub is configured, and the port is part of the host', () => {
    const state = link([
      model('model-0', 'Mirror', 'http://127.0.0.1:5555/org/repo/resolve/main/model.onnx'),
      model('model-1', 'App', 'http://127.0.0.1:4173/m.onnx'),
    ]);
    expect(foreignHosts(linkFetches(state), { origin: 'http://127.0.0.1:4173', hub: 'http://127.0.0.1:5555/' })).toEqual([]);
    expect(foreignHosts(linkFetches(state), { origin: 'http://127.0.0.1:4174', hub: DEFAULT_HUB }).map((h) => h.host)).toEqual([
      '127.0.0.1:5555',
      '127.0.0.1:4173',
    ]);
  });

  it('a hub model recorded on another hub is foreign; the bundled default model never is', () => {
    const mirror = model('model-0', 'DINOv2', 'https://hf-mirror.example.cn/Xenova/dinov2-small/resolve/main/onnx/model.onnx', { id: 'dinov2-small' });
    const bundled = model('model-1', 'MobileNetV2', 'https://sender.example.org/models/generated/mobilenetv2-nsfwjs.onnx', { id: DEFAULT_MODEL_ID });
    expect(linkModelUrl(bundled)).toBeUndefined();
    expect(foreignHosts(linkFetches(link([mirror, bundled])), here).map((h) => h.host)).toEqual(['hf-mirror.example.cn']);
  });

  it('leaves out approved hosts and anything that is not http(s)', () => {
    const fetches: LinkFetch[] = [
      { kind: 'image', url: 'https://cdn.example.org/a.png', name: 'a.png' },
      { kind: 'image', url: 'https://cdn2.example.org/b.png', name: 'b.png' },
      { kind: 'image', url: 'javascript:alert(1)', name: 'c' },
      { kind: 'image', url: 'not a url', name: 'd' },
    ];
    expect(foreignHosts(fetches, here, ['CDN.example.org']).map((h) => h.host)).toEqual(['cdn2.example.org']);
    expect(hostOf('data:text/plain,x')).toBeUndefined();
    expect(hostOf('https://bücher.example/x')).toBe('xn--bcher-kva.example');
  });

  it('asks in one plain sentence, whatever the mix', () => {
    const m = { kind: 'model' as const, url: 'http://models.example.org/m.onnx', name: 'm' };
    const img = (i: number) => ({ kind: 'image' as const, url: `https://cdn.example.org/${i}.png`, name: `${i}.png` });
    expect(consentQuestion(foreignHosts([m], here))).toBe('This link loads a model from models.example.org — load it?');
    expect(consentQuestion(foreignHosts([img(1), img(2)], here))).toBe('This dataset loads 2 images from cdn.example.org — load them?');
    const manifest = { kind: 'manifest' as const, url: 'https://data.example.com/m.csv', name: 'm.csv' };
    expect(consentQuestion(foreignHosts([m, { ...m, name: 'n' }, manifest], here))).toBe(
      'This link loads 2 models and a dataset from 2 other sites — load them?',
    );
    expect(describeFetches([m, { ...m, name: 'n' }])).toBe('models “m”, “n”');
    expect(describeFetches([manifest, img(1), img(2), img(3)])).toBe('the dataset manifest (m.csv) · 3 images');
    expect(lastSegment('https://x.example/a/b%20c.json?x=1')).toBe('b c.json');
  });
});
