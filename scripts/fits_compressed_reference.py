"""Reference values for the tile-compressed FITS reader: astropy's own tile-compressed test files, read with astropy.

Run from the repository root (Debian: apt-get install python3-astropy):
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/fits_compressed_reference.py > test/fixtures/fits-compressed-reference.json
The test files are read from the installed astropy package at test time; only these summaries are committed.
For every HDU that astropy opens as a CompImageHDU: its index, image header essentials, shape, and
checksums of the pixels (sum, sum of squares, sum weighted by the flat index, NaN count) plus a few
pixels, all in float64 of the values astropy returns.
"""
import json
import pathlib
import warnings

import numpy as np
import astropy
from astropy.io import fits

warnings.simplefilter("ignore")
DATA = pathlib.Path(astropy.__file__).parent / "io" / "fits" / "tests" / "data"

files = []
for path in sorted(DATA.glob("*.fits")):
    with fits.open(path) as raw:
        compressed = [i for i, h in enumerate(raw) if isinstance(h, fits.CompImageHDU)]
    if not compressed:
        continue
    with fits.open(path) as hdul:
        hdus = []
        for i in compressed:
            h = hdul[i]
            data = h.data.astype(np.float64)
            flat = data.ravel()
            finite = np.isfinite(flat)
            idx = np.arange(flat.size, dtype=np.float64)
            hdus.append({
                "index": i,
                "compression": h._header.get("ZCMPTYPE"),
                "bitpix": h.header["BITPIX"],
                "shape": list(data.shape),
                "extname": h.header.get("EXTNAME"),
                "sum": float(flat[finite].sum()),
                "sumSquares": float((flat[finite] ** 2).sum()),
                "indexWeightedSum": float((flat[finite] * idx[finite]).sum()),
                "nan": int((~finite).sum()),
                "first": [float(v) for v in flat[:8]],
                "last": [float(v) for v in flat[-8:]],
            })
        files.append({"file": path.name, "hdus": hdus})

print(json.dumps({"astropy": astropy.__version__, "files": files}, indent=1))
