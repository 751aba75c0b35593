#!/usr/bin/env python3
"""Export a Latent Sky registry model that has no public ONNX file.

Usage:  python models/export_onnx.py {mae-base|msn-base|resnet50|resnet18|radio-base} [--out DIR]

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
    'mae-base': lambda: mae('facebook/vit-mae-base'),
    'msn-base': lambda: msn('facebook/vit-msn-base'),
    'resnet50': lambda: resnet('microsoft/resnet-50'),
    'resnet18': lambda: resnet('microsoft/resnet-18'),
    'radio-base': lambda: radio('radio_v2.5-b'),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('model', choices=sorted(MODELS))
    parser.add_argument('--out', default='.', type=pathlib.Path)
    args = parser.parse_args()
    model, fn, names = MODELS[args.model]()
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
