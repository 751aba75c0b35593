"""Reference values for the comparison metrics, from scikit-learn.

Run from the repository root (Debian: apt-get install python3-sklearn):
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/metrics_reference.py > test/fixtures/metrics-reference.json
"""
import json
import sys

import numpy as np
from sklearn.manifold import trustworthiness
from sklearn.metrics import accuracy_score, f1_score, silhouette_score
from sklearn.model_selection import LeaveOneOut, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

rng = np.random.default_rng(5)
N, D, K = 90, 12, 3
y = np.arange(N) % K
X = rng.normal(0, 1, (K, D))[y] * 0.8 + rng.normal(0, 1, (N, D))
X2 = X + rng.normal(0, 0.7, (N, D))                 # a second "model"
Y = X[:, :2] @ np.array([[1.0, 0.3], [-0.2, 1.0]]) + rng.normal(0, 0.3, (N, 2))  # a rough 2-D layout
pred = cross_val_predict(KNeighborsClassifier(n_neighbors=10, metric="cosine", algorithm="brute"), X, y, cv=LeaveOneOut())
knn = lambda A: NearestNeighbors(n_neighbors=11, metric="cosine", algorithm="brute").fit(A).kneighbors(A, return_distance=False)[:, 1:]
a, b = knn(X), knn(X2)
jac = np.mean([len(set(p) & set(q)) / len(set(p) | set(q)) for p, q in zip(a, b)])
json.dump({
    "N": N, "D": D, "K": K, "X": X.ravel().tolist(), "X2": X2.ravel().tolist(), "Y": Y.ravel().tolist(), "y": y.tolist(),
    "looAccuracy": accuracy_score(y, pred), "looMacroF1": f1_score(y, pred, average="macro"),
    "silhouette": float(silhouette_score(X, y, metric="cosine")),
    "trustworthiness": float(trustworthiness(X, Y, n_neighbors=15, metric="cosine")),
    "jaccard": float(jac),
}, sys.stdout)
