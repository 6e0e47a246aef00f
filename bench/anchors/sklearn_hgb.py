#!/usr/bin/env python3
"""Anchor for @skippy/core's gbdt: scikit-learn's HistGradientBoostingClassifier on identical data.

Benchmark only (not a unit test). Needs numpy + scikit-learn (Debian: apt-get install -y python3-sklearn;
run with /usr/bin/python3).

  time <data.csv> [runs]
      The bench dataset written by `SKIPPY_GBDT_BENCH_CSV=<data.csv> npx skippy-train bench --filter gbdt`
      (header x0..x19,y; "nan" = missing). Fits 100 iterations, no early stopping, the same
      hyper-parameters as the bench entries models.gbdt.train.100k×20.100it (one thread) and …threads2 (one
      helper thread); prints the median fit time over `runs` (default 3) after one warm-up fit, as JSON.
      Run it with sklearn's default threads (OpenMP: all cores) and with OMP_NUM_THREADS=1; on a shared
      machine note the load average (uptime) — OpenMP's spinning threads degrade badly under load.

  oof <dataset.json>
      A dataset written by bench/anchors/gbdt_oof.ts: {X (row-major), n, p, y, w, folds:[{train, test}],
      params}. Fits sklearn on each fold's training rows (sample weights, no early stopping), scores the
      test rows and prints the out-of-fold AUC (pooled over folds) and the per-fold AUCs as JSON.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

PARAMS = dict(learning_rate=0.1, max_iter=100, max_leaf_nodes=31, min_samples_leaf=20,
              l2_regularization=0.0, max_bins=255, early_stopping=False)


def time_fit(path, runs):
    data = np.genfromtxt(path, delimiter=",", skip_header=1)
    X, y = data[:, :-1], data[:, -1].astype(int)
    times, cpu = [], []  # wall and process CPU time (all threads; OMP_NUM_THREADS sets them)
    for k in range(runs + 1):
        clf = HistGradientBoostingClassifier(random_state=0, **PARAMS)
        t0, c0 = time.perf_counter(), time.process_time()
        clf.fit(X, y)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        if k > 0:
            times.append(dt * 1000)
            cpu.append(dc * 1000)
    times.sort()
    auc = roc_auc_score(y, clf.predict_proba(X)[:, 1])
    print(json.dumps({"name": "sklearn.hgb.train.100k×20.100it", "rows": len(y), "features": X.shape[1],
                      "median_ms": round(times[len(times) // 2], 1), "min_ms": round(times[0], 1),
                      "min_cpu_ms": round(min(cpu), 1), "runs": runs, "train_auc": round(auc, 5), "n_iter": int(clf.n_iter_)}))


def oof(path):
    with open(path) as fh:
        d = json.load(fh)
    n, p = d["n"], d["p"]
    X = np.array([np.nan if v is None else v for v in d["X"]], dtype=float).reshape(n, p)
    y, w = np.array(d["y"], dtype=int), np.array(d["w"], dtype=float)
    params = dict(PARAMS, **d.get("params", {}))
    score = np.full(n, np.nan)
    fold_auc, fold_ms = [], []
    for f in d["folds"]:
        tr, te = np.array(f["train"]), np.array(f["test"])
        clf = HistGradientBoostingClassifier(random_state=0, **params)
        t0 = time.perf_counter()
        clf.fit(X[tr], y[tr], sample_weight=w[tr])
        fold_ms.append(round((time.perf_counter() - t0) * 1000, 1))
        score[te] = clf.predict_proba(X[te])[:, 1]
        fold_auc.append(round(roc_auc_score(y[te], score[te]), 5))
    tested = ~np.isnan(score)
    print(json.dumps({"oof_auc": round(roc_auc_score(y[tested], score[tested]), 5), "fold_auc": fold_auc,
                      "fold_ms": fold_ms, "rows": int(tested.sum())}))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "time":
        time_fit(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    elif len(sys.argv) == 3 and sys.argv[1] == "oof":
        oof(sys.argv[2])
    else:
        sys.exit(__doc__)
