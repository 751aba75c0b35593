"""Reference values for the probe's paired comparisons (src/probe/lib/pairedTests.ts), from SciPy.

SciPy 1.10 (Debian bookworm's python3-scipy); run from the repository root:
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/paired_tests_reference.py > test/fixtures/paired-tests-reference.json

scipy.stats.wilcoxon is called with its defaults (zero_method='wilcox', correction=False,
alternative='two-sided', method='auto': exact for n <= 50 without zeros, else the normal
approximation). SciPy 1.10 has no Holm correction; it is written out below from its definition
(Holm 1979, as statsmodels' multipletests(method='holm')).
"""
import json
import warnings

import numpy as np
from scipy import stats

warnings.simplefilter("ignore")
rng = np.random.default_rng(16)


def r3(v):
    return np.round(v, 3)  # macro-F1 values are often equal to 3 digits: ties


cases = {
    "n10": (rng.uniform(0.6, 0.9, 10), rng.uniform(0.6, 0.9, 10)),
    "n10_shift": (a := rng.uniform(0.6, 0.8, 10), a + 0.03 + rng.normal(0, 0.02, 10)),
    "n10_ties": (r3(a := rng.uniform(0.7, 0.8, 10)), r3(a) + np.array([0.01, -0.01, 0.02, 0.01, 0.03, -0.02, 0.01, 0.02, 0.04, 0.02])),
    "n10_zero": (a := r3(rng.uniform(0.7, 0.8, 10)), a + np.array([0, 0.011, 0.023, -0.004, 0.017, 0.031, 0.009, 0.014, -0.006, 0.02])),
    "n5": (rng.uniform(0.5, 0.9, 5), rng.uniform(0.5, 0.9, 5)),
    "n3": (np.array([0.8, 0.82, 0.79]), np.array([0.7, 0.75, 0.71])),
    "n15": (rng.uniform(0.6, 0.9, 15), rng.uniform(0.65, 0.95, 15)),
    "n60_approx": (a := rng.uniform(0.6, 0.9, 60), a + rng.normal(0.01, 0.03, 60)),
    "n60_ties": (a := r3(rng.uniform(0.6, 0.9, 60)), a + r3(rng.normal(0.0, 0.01, 60))),
}
out = {"paired": []}
for name, (a, b) in cases.items():
    a, b = np.asarray(a, float), np.asarray(b, float)
    d = a - b
    n = len(d)
    t = stats.ttest_rel(a, b)
    half = stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n)
    w = stats.wilcoxon(a, b)
    out["paired"].append({
        "name": name, "a": a.tolist(), "b": b.tolist(),
        "meanDiff": float(d.mean()), "ciLow": float(d.mean() - half), "ciHigh": float(d.mean() + half),
        "t": float(t.statistic), "tP": float(t.pvalue),
        "wStatistic": float(w.statistic), "wP": float(w.pvalue),
        "wMethod": "exact" if (n <= 50 and not np.any(d == 0)) else "approx",
    })

out["tPpf"] = [{"p": p, "df": df, "x": float(stats.t.ppf(p, df))} for p in (0.975, 0.995, 0.6, 0.025) for df in (1, 2, 4, 9, 14, 59)]
out["tSf"] = [{"t": t, "df": df, "sf": float(stats.t.sf(t, df))} for t in (0.0, 0.3, 1.5, 2.262, 4.0, 12.0, -2.0) for df in (1, 3, 9, 30)]
out["normSf"] = [{"z": z, "sf": float(stats.norm.sf(z))} for z in (0.0, 0.5, 1.0, 1.96, 3.0, 5.0, -1.2)]


def holm(p):
    p = np.asarray(p, float)
    order = np.argsort(p, kind="stable")
    m = len(p)
    adj = np.empty(m)
    running = 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * p[i]))
        adj[i] = running
    return adj


holm_in = [0.01, 0.04, 0.03, 0.005, 0.2, 0.5]
out["holm"] = {"p": holm_in, "adjusted": holm(holm_in).tolist()}
json.dump(out, __import__("sys").stdout, indent=1)
print()
