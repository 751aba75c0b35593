"""Reference values for the probe tests: scikit-learn's LogisticRegression and metrics.

Run from the repository root (Debian: apt-get install python3-sklearn):
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/probe_reference.py > test/fixtures/probe-reference.json
The data are synthetic (seeded Gaussian clusters that overlap), so the file is small and free to commit.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(7)
N, D, K = 400, 16, 4
centres = rng.normal(0, 1.2, size=(K, D))
y = np.arange(N) % K
X = (centres[y] + rng.normal(0, 1.0, size=(N, D)) * rng.uniform(0.5, 2.0, size=D)).astype(np.float32)
test = np.sort(rng.choice(N, size=N // 4, replace=False))
train_all = np.setdiff1d(np.arange(N), test)

cases = []
for fraction in (0.1, 0.3, 1.0):
    for seed in range(3):
        r = np.random.default_rng(100 + seed)
        train = np.sort(np.concatenate([r.permutation(train_all[y[train_all] == k])[: max(1, round(fraction * np.sum(y[train_all] == k)))] for k in range(K)]))
        for standardise in (False, True):
            Xtr, Xte = X[train], X[test]
            if standardise:
                scaler = StandardScaler().fit(Xtr)  # fitted on the training subset only
                Xtr, Xte = scaler.transform(Xtr), scaler.transform(Xte)
            clf = LogisticRegression(C=1.0, max_iter=5000, tol=1e-10).fit(Xtr, y[train])
            pred = clf.predict(Xte)
            cases.append({
                "fraction": fraction, "seed": seed, "standardise": standardise,
                "train": train.tolist(),
                "macroF1": f1_score(y[test], pred, average="macro"),
                "accuracy": accuracy_score(y[test], pred),
                "predictions": pred.tolist(),
                # Class probabilities of the test rows (the labelling queue ranks by them), for one case.
                **({"probabilities": [round(float(v), 9) for v in clf.predict_proba(Xte).ravel()]} if fraction == 1.0 and seed == 0 and not standardise else {}),
            })

# Metrics on hand-made cases, including a class never predicted and one absent from the truth.
metric_cases = []
for truth, pred in [([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0]), ([0, 0, 0, 1], [0, 0, 0, 0]), ([0, 1, 1, 1], [2, 1, 1, 0])]:
    labels = sorted(set(truth) | set(pred))
    metric_cases.append({
        "truth": truth, "predicted": pred,
        "macroF1": f1_score(truth, pred, average="macro"),
        "perClassF1": f1_score(truth, pred, average=None, labels=labels).tolist(),
        "accuracy": accuracy_score(truth, pred),
        "confusion": confusion_matrix(truth, pred, labels=labels).tolist(),
    })

json.dump({
    "sklearn": sklearn.__version__, "K": K, "D": D,
    "X": [round(float(v), 6) for v in X.ravel()], "y": y.tolist(), "test": test.tolist(),
    "cases": cases, "metrics": metric_cases,
}, sys.stdout)
