#!/usr/bin/env python3
"""Export a Latent Sky registry model that has no public ONNX file.

Usage:  python models/export_onnx.py {mae-base|mae-base-masked|msn-base|resnet50|resnet18|radio-base} [--out DIR] [--seed N]

Needs: pip install torch transformers onnx   (radio-base also needs timm and network access to
torch.hub). Writes <DIR>/<model>.onnx with input `pixel_values` [N, 3, 224, 224] and the output
the registry (models/registry.ts) names as the embedding. Open that file with the model's
"Open exported file…" button in Latent Sky; the registry's input size and normalisation are
applied to it.
"""
import argparse
import pathlib

import torch


class Wrapped(torch.nn.Module):
    """Returns a dict of named outputs so the ONNX output names match the registry."""

    def __init__(self, fn, names):
        super().__init__()
        self.fn = fn
        self.names = names

    def forward(self, pixel_values):
        return tuple(self.fn(pixel_values))


def mae(name):
    from transformers import ViTMAEModel

    # mask_ratio = 0: MAE masks 75 % of patches at random even at inference; with 0 it sees every
    # patch and the embedding is deterministic. (The random shuffle of an unmasked sequence is
    # undone by ids_restore only in the decoder; with no masking the CLS token is unaffected.)
    model = ViTMAEModel.from_pretrained(name, mask_ratio=0.0).eval()
    return model, lambda x: (model(pixel_values=x, noise=torch.arange(196, dtype=torch.float32).expand(x.shape[0], -1)).last_hidden_state,), ['last_hidden_state']


def mae_masked(name, seed):
    """The study's behaviour: MAE as Hugging Face loads it, 75 % of patches masked at inference.

    The study drew a fresh random mask on every call. Here the mask noise is a seeded hash of the
    image itself, so each image gets its own random-looking mask, the same one in any batch,
    order or session: the randomness the study had, made repeatable.
    """
    from transformers import ViTMAEModel

    model = ViTMAEModel.from_pretrained(name, mask_ratio=0.75).eval()
    patches = (224 // 16) ** 2
    gen = torch.Generator().manual_seed(seed)
    w = torch.rand(3 * 224 * 224, generator=gen, dtype=torch.float64).float()
    phase = torch.rand(patches, generator=gen, dtype=torch.float64).float() * 1000.0

    def noise(x):
        h = (x.flatten(1) * w).sum(1, keepdim=True)  # one number per image
        return torch.frac(torch.sin(h * 0.001 + phase).abs() * 43758.5453)

    return model, lambda x: (model(pixel_values=x, noise=noise(x)).last_hidden_state,), ['last_hidden_state']


def msn(name):
    from transformers import ViTMSNModel

    model = ViTMSNModel.from_pretrained(name).eval()
    return model, lambda x: (model(pixel_values=x).last_hidden_state,), ['last_hidden_state']


def resnet(name):
    from transformers import ResNetModel

    model = ResNetModel.from_pretrained(name).eval()
    return model, lambda x: (model(pixel_values=x).pooler_output.flatten(1),), ['pooler_output']


def radio(version):
    model = torch.hub.load('NVlabs/RADIO', 'radio_model', version=version, progress=True, skip_validation=True).eval()
    return model, lambda x: (model(x)[0],), ['summary']


MODELS = {
    'mae-base': lambda seed: mae('facebook/vit-mae-base'),
    'mae-base-masked': lambda seed: mae_masked('facebook/vit-mae-base', seed),
    'msn-base': lambda seed: msn('facebook/vit-msn-base'),
    'resnet50': lambda seed: resnet('microsoft/resnet-50'),
    'resnet18': lambda seed: resnet('microsoft/resnet-18'),
    'radio-base': lambda seed: radio('radio_v2.5-b'),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('model', choices=sorted(MODELS))
    parser.add_argument('--out', default='.', type=pathlib.Path)
    parser.add_argument('--seed', default=0, type=int, help='mae-base-masked: seed of the masks')
    args = parser.parse_args()
    model, fn, names = MODELS[args.model](args.seed)
    wrapped = Wrapped(fn, names).eval()
    example = torch.rand(1, 3, 224, 224)
    target = args.out / f'{args.model}.onnx'
    with torch.no_grad():
        first = wrapped(example)
        torch.onnx.export(
            wrapped, (example,), str(target), input_names=['pixel_values'], output_names=names,
            dynamic_axes={'pixel_values': {0: 'batch'}, **{n: {0: 'batch'} for n in names}}, opset_version=17,
        )
    print(f'wrote {target} ({target.stat().st_size / 2**20:.1f} MiB); outputs', {n: tuple(t.shape) for n, t in zip(names, first)})


if __name__ == '__main__':
    main()
