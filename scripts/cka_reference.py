"""Reference values for linear CKA (plain and debiased) and continuity (src/compare/lib/cka.ts,
src/compare/lib/embeddingMetrics.ts), from NumPy and scikit-learn.

Run from the repository root (Debian: apt-get install python3-numpy python3-sklearn):
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/cka_reference.py > test/fixtures/cka-reference.json

CKA: gram_linear, center_gram and cka transcribed from Kornblith et al.'s reference code
(github.com/google-research/google-research, representation_similarity/demo.ipynb), which the
debiased form takes from Nguyen, Raghu & Kornblith (2021) (unbiased HSIC of Song et al. 2012).

Continuity (Venna & Kaski 2006) is trustworthiness with the two spaces' roles swapped:
    C(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σ_i Σ_{j ∈ V_k(i)} (r̂(i, j) − k),
V_k(i) the original-space k nearest neighbours of i that are not among its k nearest in the layout,
r̂(i, j) the rank of j among i's neighbours in the layout. It is computed here from that formula
with NumPy, and again as scikit-learn's trustworthiness(layout, unit-normalised embedding)
(Euclidean distance between unit vectors orders pairs as cosine distance does).
"""
import json
import sys

import numpy as np
from sklearn.manifold import trustworthiness


def gram_linear(x):
    return x.dot(x.T)


def center_gram(gram, unbiased=False):
    gram = gram.copy()
    if unbiased:
        n = gram.shape[0]
        np.fill_diagonal(gram, 0)
        means = np.sum(gram, 0, dtype=np.float64) / (n - 2)
        means -= np.sum(means) / (2 * (n - 1))
        gram -= means[:, None]
        gram -= means[None, :]
        np.fill_diagonal(gram, 0)
    else:
        means = np.mean(gram, 0, dtype=np.float64)
        means -= np.mean(means) / 2
        gram -= means[:, None]
        gram -= means[None, :]
    return gram


def cka(gram_x, gram_y, debiased=False):
    gram_x = center_gram(gram_x, unbiased=debiased)
    gram_y = center_gram(gram_y, unbiased=debiased)
    scaled_hsic = gram_x.ravel().dot(gram_y.ravel())
    return scaled_hsic / (np.linalg.norm(gram_x) * np.linalg.norm(gram_y))


def cosine_distances(x):
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    return np.maximum(0, 1 - u @ u.T)


def euclidean_distances(y):
    return np.sqrt(((y[:, None, :] - y[None, :, :]) ** 2).sum(-1))


def continuity(dx, dy, k):
    """Venna & Kaski's continuity from two distance matrices (original, layout); ties by index."""
    n = dx.shape[0]
    t = 0.0
    for i in range(n):
        others = np.array([j for j in range(n) if j != i])
        by_y = others[np.lexsort((others, dy[i, others]))]
        rank_y = np.empty(n, int)
        rank_y[by_y] = np.arange(1, n)
        by_x = others[np.lexsort((others, dx[i, others]))][:k]
        t += sum(rank_y[j] - k for j in by_x if rank_y[j] > k)
    return 1 - 2 * t / (n * k * (2 * n - 3 * k - 1))


rng = np.random.default_rng(16)
N, DX, DY, K = 40, 16, 8, 3
y = np.arange(N) % K
X = rng.normal(0, 1, (K, DX))[y] + rng.normal(0, 1, (N, DX)) + 0.5       # non-zero mean: centring matters
Y = np.tanh(X[:, :DY] @ rng.normal(0, 1, (DY, DY))) + rng.normal(0, 0.5, (N, DY))  # a related "model"
Z = rng.normal(0, 1, (N, DX))                                               # an unrelated one
L = X[:, :2] @ np.array([[1.0, 0.3], [-0.2, 1.0]]) + rng.normal(0, 0.4, (N, 2))  # a rough 2-D layout of X
X, Y, Z, L = (np.round(a, 5) for a in (X, Y, Z, L))  # short fixture; the values below are of these rounded inputs
out = {
    "N": N, "DX": DX, "DY": DY,
    "X": X.ravel().tolist(), "Y": Y.ravel().tolist(), "Z": Z.ravel().tolist(), "L": L.ravel().tolist(),
    "ckaXY": cka(gram_linear(X), gram_linear(Y)), "ckaXYDebiased": cka(gram_linear(X), gram_linear(Y), True),
    "ckaXZ": cka(gram_linear(X), gram_linear(Z)), "ckaXZDebiased": cka(gram_linear(X), gram_linear(Z), True),
    "continuity": continuity(cosine_distances(X), euclidean_distances(L), 15),
    "continuitySklearn": float(trustworthiness(L, X / np.linalg.norm(X, axis=1, keepdims=True), n_neighbors=15)),
    "trustworthiness": float(trustworthiness(X, L, n_neighbors=15, metric="cosine")),
}
json.dump(out, sys.stdout)
print()
