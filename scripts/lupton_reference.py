"""Reference values for the Lupton RGB preset, from astropy's make_lupton_rgb.

Three real MiraBest FITS cutouts stand in for three bands (R, G, B). Run from the repository root:
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/lupton_reference.py ../shared/data/mirabest/fits_sample > test/fixtures/lupton-reference.json
"""
import json
import pathlib
import sys

import numpy as np
from astropy.io import fits
from astropy.visualization import make_lupton_rgb

files = sorted(pathlib.Path(sys.argv[1]).glob("*.fits"))[:3]
bands = [np.nan_to_num(fits.getdata(f), nan=0.0) for f in files]
minimum = [float(np.median(b)) for b in bands]
STRETCH, Q = 0.002, 8
rgb = make_lupton_rgb(*bands, minimum=minimum, stretch=STRETCH, Q=Q)  # (rows, cols, 3), FITS row order
rng = np.random.default_rng(0)
probes = [(int(r), int(c)) for r, c in rng.integers(0, 300, size=(200, 2))] + [(150, 150), (149, 150), (151, 149)]
json.dump({
    "files": [f.name for f in files],
    "minimum": minimum, "stretch": STRETCH, "Q": Q,
    "probes": [{"row": r, "col": c, "rgb": [int(v) for v in rgb[r, c]]} for r, c in probes],
    "histograms": [np.bincount(rgb[:, :, k].ravel(), minlength=256).tolist() for k in range(3)],
}, sys.stdout)
