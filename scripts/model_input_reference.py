"""Reference model inputs made with Pillow, as the study's image processors made them.

Hugging Face's image processors (BitImageProcessor for DINOv2, ConvNextImageProcessor for the
ResNets, ViTImageProcessor for MAE/MSN, SiglipImageProcessor) and torchvision's Resize/CenterCrop
resize 8-bit images with Pillow's Image.resize, then crop the centre. This script does exactly
that on real MiraBest cutouts (read at run time from the shared data, never copied) for each of
the app's recipes, and writes a small JSON of per-channel sums and sampled pixels, which
test/models/modelInput.test.ts compares with src/models/lib/modelInput.ts (to ±1 grey level).

Run:  PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/model_input_reference.py \
        [../shared/data] > test/fixtures/model-input-reference.json
"""
import gzip
import json
import os
import sys

import numpy as np
import PIL
from PIL import Image

DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data')
RAW = os.path.join(DATA, 'mirabest', 'basic_792', 'images_u8.raw.gz')
STRIDE = 31  # every 31st value of the central (size/2)² window of each channel is stored (the source lies there; the edges are mostly black sky)

RESAMPLE = {'bilinear': Image.BILINEAR, 'bicubic': Image.BICUBIC}

# The app's recipes (src/models/lib/inputRecipes.ts), spelled out.
RECIPES = {
    'hf-shortest-edge-bicubic': {'resize': 'shortestEdge', 'cropFraction': 0.875, 'resampling': 'bicubic'},
    'hf-exact-bilinear': {'resize': 'exact', 'resampling': 'bilinear'},
    'hf-exact-bicubic': {'resize': 'exact', 'resampling': 'bicubic'},
    'torchvision-resnet': {'resize': 'shortestEdge', 'cropFraction': 0.875, 'resampling': 'bicubic', 'cropOffset': 'round', 'l2Normalise': True},
}


def recipe_input(img, size, recipe):
    """HF: resize (get_resize_output_image_size, default_to_square=False) then center_crop; torchvision alike."""
    resample = RESAMPLE[recipe['resampling']]
    if recipe['resize'] == 'exact':
        return np.asarray(img.resize((size, size), resample=resample))
    edge = int(size / recipe['cropFraction'])  # ConvNext: int(shortest_edge / crop_pct)
    w, h = img.size
    short, long = min(w, h), max(w, h)
    new_long = int(edge * long / short)
    new_w, new_h = (edge, new_long) if w <= h else (new_long, edge)
    out = np.asarray(img.resize((new_w, new_h), resample=resample))
    if recipe.get('cropOffset') == 'round':  # torchvision CenterCrop
        top, left = int(round((new_h - size) / 2.0)), int(round((new_w - size) / 2.0))
    else:  # transformers.image_transforms.center_crop
        top, left = (new_h - size) // 2, (new_w - size) // 2
    return out[top:top + size, left:left + size]


def main():
    with gzip.open(RAW, 'rb') as f:
        cutouts = np.frombuffer(f.read(), dtype=np.uint8).reshape(-1, 150, 150)

    def source(spec):
        a = cutouts[spec['index']]
        r0, r1, c0, c1 = spec.get('box', [0, 150, 0, 150])
        a = a[r0:r1, c0:c1]
        if spec.get('rgb'):  # a colour image made from real data: R as is, G transposed, B mirrored
            a = np.stack([a, a.T if a.shape[0] == a.shape[1] else a[::-1], a[:, ::-1]], axis=-1)
        return np.ascontiguousarray(a)

    cases = []
    for index in (0, 101, 402, 791):
        for name in ('hf-shortest-edge-bicubic', 'hf-exact-bilinear', 'hf-exact-bicubic'):
            cases.append({'source': {'index': index}, 'recipe': name, 'size': 224})
    cases += [
        # Non-square, odd crop margin (71 px): HF floors the offset (35), torchvision rounds it (36).
        {'source': {'index': 101, 'box': [10, 140, 0, 150]}, 'recipe': 'torchvision-resnet', 'size': 224},
        {'source': {'index': 101, 'box': [10, 140, 0, 150]}, 'recipe': 'hf-shortest-edge-bicubic', 'size': 224},
        {'source': {'index': 402, 'box': [0, 150, 20, 137]}, 'recipe': 'hf-shortest-edge-bicubic', 'size': 224},
        # Downscaling, where Pillow's widened (antialiasing) support matters.
        {'source': {'index': 0}, 'recipe': 'hf-exact-bilinear', 'size': 64},
        {'source': {'index': 0}, 'recipe': 'hf-exact-bicubic', 'size': 48},
        {'source': {'index': 791}, 'recipe': 'hf-shortest-edge-bicubic', 'size': 96},
        # Colour.
        {'source': {'index': 402, 'rgb': True}, 'recipe': 'hf-shortest-edge-bicubic', 'size': 224},
        {'source': {'index': 101, 'rgb': True, 'box': [10, 140, 0, 150]}, 'recipe': 'hf-exact-bicubic', 'size': 224},
    ]
    for case in cases:
        a = source(case['source'])
        img = Image.fromarray(a, 'RGB' if a.ndim == 3 else 'L')
        out = recipe_input(img, case['size'], RECIPES[case['recipe']])
        planar = out.transpose(2, 0, 1) if out.ndim == 3 else out[None]
        q = case['size'] // 4
        window = planar[:, q:q + 2 * q, q:q + 2 * q].reshape(-1)
        case['channelSums'] = [int(p.sum(dtype=np.int64)) for p in planar]
        case['stride'] = STRIDE
        case['samples'] = [int(v) for v in window[::STRIDE]]
    json.dump({'pillow': PIL.__version__, 'numpy': np.__version__, 'source': 'mirabest/basic_792/images_u8.raw.gz', 'recipes': RECIPES, 'cases': cases},
              sys.stdout, separators=(',', ':'))
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
