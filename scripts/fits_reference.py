"""Reference values for the FITS reader, scaling, WCS and sigma-clipping tests, computed with astropy.

Run from the repository root (Debian: apt-get install python3-astropy):
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/fits_reference.py ../shared/data/mirabest/fits_sample > test/fixtures/fits-reference.json
Only these small summary numbers are committed, never the FITS files themselves.
"""
import json
import pathlib
import sys
import warnings

import numpy as np
from astropy.io import fits
from astropy.stats import sigma_clipped_stats
from astropy.visualization import (AsinhStretch, AsymmetricPercentileInterval, HistEqStretch, LinearStretch,
                                   LogStretch, MinMaxInterval, PercentileInterval, PowerStretch, SinhStretch,
                                   SqrtStretch, ZScaleInterval)
from astropy.wcs import WCS

warnings.simplefilter("ignore")
# (row, col) in FITS order: row 0 is the bottom of the image.
PROBES = [(0, 0), (150, 150), (149, 151), (75, 225), (299, 299), (10, 280), (200, 40), (160, 140)]

INTERVALS = {
    "minmax": ({"kind": "minmax"}, MinMaxInterval()),
    "p99.5": ({"kind": "percentile", "percent": 99.5}, PercentileInterval(99.5)),
    "asym": ({"kind": "asymmetric", "lower": 0.5, "upper": 99.9}, AsymmetricPercentileInterval(0.5, 99.9)),
    "asym1-99": ({"kind": "asymmetric", "lower": 1, "upper": 99}, AsymmetricPercentileInterval(1, 99)),
    "zscale": ({"kind": "zscale"}, ZScaleInterval()),
}
STRETCHES = {
    "linear": ({"kind": "linear"}, lambda d: LinearStretch()),
    "sqrt": ({"kind": "sqrt"}, lambda d: SqrtStretch()),
    "log": ({"kind": "log", "a": 1000}, lambda d: LogStretch(1000)),
    "asinh": ({"kind": "asinh", "a": 0.1}, lambda d: AsinhStretch(0.1)),
    "power": ({"kind": "power", "a": 2}, lambda d: PowerStretch(2)),
    "sinh": ({"kind": "sinh", "a": 1 / 3}, lambda d: SinhStretch(1 / 3)),
    "histeq": ({"kind": "histeq"}, lambda d: HistEqStretch(d)),
}
COMBOS = [("asym", "asinh"), ("minmax", "linear"), ("p99.5", "sqrt"), ("zscale", "linear"), ("zscale", "log"),
          ("asym1-99", "power"), ("p99.5", "sinh"), ("minmax", "histeq"), ("zscale", "histeq")]

out = []
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.fits")):
    hdul = fits.open(path)
    data = hdul[0].data
    finite = data[np.isfinite(data)].astype(np.float64)
    h, w = data.shape
    ra, dec = WCS(hdul[0].header).celestial.all_pix2world([[(w - 1) / 2, (h - 1) / 2]], 0)[0]
    mean, median, std = sigma_clipped_stats(np.nan_to_num(data, nan=0.0), sigma=3, maxiters=5)
    scales = []
    for iname, sname in COMBOS:
        ispec, interval = INTERVALS[iname]
        sspec, make = STRETCHES[sname]
        unit = interval(data, clip=True)
        stretched = make(unit)(unit.copy(), clip=True)
        scales.append({
            "interval": ispec, "stretch": sspec,
            "limits": [float(v) for v in interval.get_limits(data)],
            "probes": [float(stretched[r, c]) for r, c in PROBES],
        })
    out.append({
        "file": path.name,
        "shape": [h, w],
        "nonFinite": int(data.size - finite.size),
        "sum": float(finite.sum()),
        "min": float(finite.min()),
        "max": float(finite.max()),
        "values": [float(data[r, c]) for r, c in PROBES],
        "centre": {"ra": float(ra), "dec": float(dec)},
        "sigmaClipped": {"mean": float(mean), "median": float(median), "std": float(std)},
        "scales": scales,
    })
json.dump({"probes": PROBES, "files": out}, sys.stdout, indent=1)
