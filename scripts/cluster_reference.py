"""Reference values for the density clusters and their agreement (src/clusters/lib/hdbscan.ts,
mutualReachability.ts, adjustedRand.ts), from scikit-learn and SciPy.

Run from the repository root (Debian: apt-get install python3-numpy python3-scipy python3-sklearn):
    PYTHONPATH=/usr/lib/python3/dist-packages python3 scripts/cluster_reference.py > test/fixtures/cluster-reference.json

Debian 12's scikit-learn (1.2) predates sklearn.cluster.HDBSCAN (1.3), so HDBSCAN is checked twice:
- the mutual-reachability tree against sklearn.cluster.DBSCAN: cutting it at eps must give DBSCAN's
  clusters of core points (DBSCAN* is HDBSCAN's hierarchy at one density level), for several eps;
- the flat clustering against scikit-learn 1.3's tree code (sklearn/cluster/_hdbscan/_tree.pyx:
  _condense_tree, _compute_stability, _get_clusters with 'eom', _do_labelling), transcribed below
  to Python, run on SciPy's single-linkage tree of the mutual-reachability distances (core
  distance as in sklearn's _reachability.pyx: the min_samples-th nearest point, itself counted).
The adjusted Rand index is sklearn.metrics.adjusted_rand_score on fixed labellings.
"""
import json

import numpy as np
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, pairwise_distances


def mutual_reachability(X, min_samples):
    D = pairwise_distances(X)
    core = np.partition(D, min_samples - 1, axis=1)[:, min_samples - 1]
    return np.maximum(np.maximum(D, core[:, None]), core[None, :]), core


def bfs_from_hierarchy(hierarchy, root):
    n = hierarchy.shape[0] + 1
    queue, result = [root], []
    while queue:
        result.extend(queue)
        queue = [x - n for x in queue if x >= n]
        queue = [int(c) for node in queue for c in (hierarchy[node, 0], hierarchy[node, 1])]
    return result


def condense_tree(hierarchy, min_cluster_size):
    root = 2 * hierarchy.shape[0]
    n = hierarchy.shape[0] + 1
    next_label = n + 1
    relabel = np.empty(root + 1, dtype=int)
    relabel[root] = n
    ignore = np.zeros(root + 1, dtype=bool)
    rows = []
    size = lambda node: int(hierarchy[node - n, 3]) if node >= n else 1
    for node in bfs_from_hierarchy(hierarchy, root):
        if ignore[node] or node < n:
            continue
        left, right, distance = int(hierarchy[node - n, 0]), int(hierarchy[node - n, 1]), hierarchy[node - n, 2]
        lam = 1.0 / distance if distance > 0 else np.inf
        lc, rc = size(left), size(right)
        if lc >= min_cluster_size and rc >= min_cluster_size:
            relabel[left] = next_label
            next_label += 1
            rows.append((relabel[node], relabel[left], lam, lc))
            relabel[right] = next_label
            next_label += 1
            rows.append((relabel[node], relabel[right], lam, rc))
        else:
            for side, count, other in ((left, lc, right), (right, rc, left)):
                if count < min_cluster_size:
                    for sub in bfs_from_hierarchy(hierarchy, side):
                        if sub < n:
                            rows.append((relabel[node], sub, lam, 1))
                        ignore[sub] = True
            if lc >= min_cluster_size:
                relabel[left] = relabel[node]
            if rc >= min_cluster_size:
                relabel[right] = relabel[node]
    return rows


def hdbscan_labels(X, min_cluster_size, min_samples):
    mr, _ = mutual_reachability(X, min_samples)
    np.fill_diagonal(mr, 0)
    hierarchy = linkage(squareform(mr, checks=False), method="single")
    rows = condense_tree(hierarchy, min_cluster_size)
    n = X.shape[0]
    births = {n: 0.0}
    for parent, child, lam, size in rows:
        births[child] = lam
    stability = {}
    for parent, child, lam, size in rows:
        stability[parent] = stability.get(parent, 0.0) + (lam - births[parent]) * size
    node_list = sorted(stability.keys(), reverse=True)[:-1]  # without the root
    is_cluster = {c: True for c in node_list}
    cluster_children = {}
    for parent, child, lam, size in rows:
        if size > 1:
            cluster_children.setdefault(parent, []).append(child)
    for node in node_list:
        subtree = sum(stability[c] for c in cluster_children.get(node, []))
        if subtree > stability[node]:
            is_cluster[node] = False
            stability[node] = subtree
        else:
            queue = list(cluster_children.get(node, []))
            while queue:
                c = queue.pop()
                is_cluster[c] = False
                queue.extend(cluster_children.get(c, []))
    clusters = sorted(c for c in is_cluster if is_cluster[c])
    label_of = {c: i for i, c in enumerate(clusters)}
    parent_of = {child: parent for parent, child, lam, size in rows}
    labels = []
    for p in range(n):
        c = parent_of[p]
        while c != n and c not in label_of:
            c = parent_of[c]
        labels.append(label_of.get(c, -1))
    return labels


def datasets():
    rng = np.random.RandomState(0)
    blobs, _ = make_blobs(n_samples=[60, 50, 40], centers=[[0, 0], [6, 1], [2, 7]], cluster_std=[0.6, 1.0, 1.5], random_state=1)
    noise = rng.uniform(-4, 10, size=(20, 2))
    yield "three blobs and noise, 2-D", np.vstack([blobs, noise]), [(5, None), (10, 5), (15, None)]
    varied, _ = make_blobs(n_samples=250, centers=5, cluster_std=[0.3, 0.5, 1.0, 1.5, 2.5], random_state=7)
    yield "five blobs of varied density, 2-D", varied, [(8, None), (20, 3)]
    high, _ = make_blobs(n_samples=90, n_features=4, centers=3, random_state=3)
    yield "three blobs, 4-D", high, [(6, None)]


def main():
    cases = []
    for name, X, settings in datasets():
        X = np.round(X, 6)
        runs = []
        for mcs, ms in settings:
            runs.append({"minClusterSize": mcs, "minSamples": ms, "labels": hdbscan_labels(X, mcs, ms if ms else mcs)})
        dbscan = []
        for ms in (5,):
            _, core = mutual_reachability(X, ms)
            for q in (0.3, 0.6, 0.9):
                eps = float(np.quantile(core, q))
                db = DBSCAN(eps=eps, min_samples=ms).fit(X)
                dbscan.append({"minSamples": ms, "eps": eps, "labels": db.labels_.tolist(), "core": sorted(db.core_sample_indices_.tolist())})
        cases.append({"name": name, "n": int(X.shape[0]), "dim": int(X.shape[1]), "points": X.ravel().tolist(), "hdbscan": runs, "dbscan": dbscan})
    rng = np.random.RandomState(42)
    ari = []
    pairs = [
        ([0, 0, 1, 1], [0, 0, 1, 2]),
        ([0, 0, 1, 1], [0, 1, 0, 1]),
        ([0, 0, 0, 0], [0, 1, 2, 3]),
        ([3, 3, 7, 7, -1], [1, 1, 0, 0, 5]),
        ([5], [2]),
        (rng.randint(-1, 4, 200).tolist(), rng.randint(-1, 6, 200).tolist()),
    ]
    a = rng.randint(-1, 5, 500)
    b = a.copy()
    flip = rng.rand(500) < 0.3
    b[flip] = rng.randint(-1, 5, flip.sum())
    pairs.append((a.tolist(), b.tolist()))
    for x, y in pairs:
        ari.append({"a": x, "b": y, "ari": adjusted_rand_score(x, y)})
    json.dump({"cases": cases, "ari": ari}, __import__("sys").stdout, separators=(",", ":"))


main()
