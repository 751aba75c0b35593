"""Reference values for the FITS reader and stretch tests, computed with astropy.

Run from the repository root (Debian: apt-get install python3-astropy):
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/fits_reference.py ../shared/data/mirabest/fits_sample > test/fixtures/fits-reference.json
Only these small summary numbers are committed, never the FITS files themselves.
"""
import json
import pathlib
import sys

import numpy as np
from astropy.io import fits
from astropy.visualization import AsinhStretch, AsymmetricPercentileInterval

LOWER, UPPER, A = 0.5, 99.9, 0.1
# (row, col) in FITS order: row 0 is the bottom of the image.
PROBES = [(0, 0), (150, 150), (149, 151), (75, 225), (299, 299), (10, 280), (200, 40)]

out = []
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.fits")):
    data = fits.getdata(path).astype(np.float64)
    finite = data[np.isfinite(data)]
    interval = AsymmetricPercentileInterval(LOWER, UPPER)
    vmin, vmax = interval.get_limits(data)
    stretched = AsinhStretch(A)(interval(data, clip=True), clip=True)
    out.append({
        "file": path.name,
        "shape": list(data.shape),
        "nonFinite": int(data.size - finite.size),
        "sum": float(finite.sum()),
        "min": float(finite.min()),
        "max": float(finite.max()),
        "probes": [{"row": r, "col": c, "value": float(data[r, c]), "stretched": float(stretched[r, c])} for r, c in PROBES],
        "limits": [float(vmin), float(vmax)],
    })
json.dump({"interval": [LOWER, UPPER], "asinhA": A, "files": out}, sys.stdout, indent=1)
