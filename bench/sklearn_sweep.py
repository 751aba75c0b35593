"""The probe sweep with scikit-learn, for `npm run bench` to time beside Latent Sky's own.

Reads X (float32, n × d), y and the exact train/test rows of every (budget, seed) from the folder
given, fits LogisticRegression(C=1) (lbfgs, multinomial) on each, prints the wall time, the CPU
time of all its threads (numpy's BLAS may use several) and mean macro-F1 per budget as JSON. Debian: apt-get install python3-sklearn.
"""
import json
import pathlib
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

folder = pathlib.Path(sys.argv[1])
spec = json.loads((folder / "sweep.json").read_text())
X = np.fromfile(folder / "X.f32", dtype=np.float32).reshape(spec["n"], spec["d"])
y = np.array(spec["y"])
start, cpu = time.perf_counter(), time.process_time()
scores = {}
for run in spec["runs"]:
    clf = LogisticRegression(C=1.0, max_iter=500).fit(X[run["train"]], y[run["train"]])
    scores.setdefault(run["budget"], []).append(f1_score(y[run["test"]], clf.predict(X[run["test"]]), average="macro"))
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "macroF1": {b: float(np.mean(v)) for b, v in scores.items()}}))
