#!/usr/bin/env python3
"""Anchor for @skippy/core/hpo's TPE: Optuna's TPESampler (defaults) on the same benchmark objectives.

Benchmark only (not a unit test). Needs `pip install optuna` (measured with Optuna 5.0.0).

  quality [seeds] [trials]
      For bench:branin, bench:hartmann6 and bench:rosenbrock4 (the domains below, identical to
      packages/core/src/hpo/benchmarks.ts), runs `seeds` studies (default 20, seeds 0..seeds-1) of
      `trials` trials (default 100) with TPESampler(seed=s) and prints, as JSON, the median over seeds
      of the best value after 50 and after 100 trials.
  time [trials]
      Wall time of one Hartmann6 study of `trials` trials (default 1000) with TPESampler(seed=0):
      nearly all of it is the sampler, the objective is microseconds.
  trials [seeds] [trials]
      Every trial (params, value) of the same studies as `quality`, as JSON, for the trial-by-trial check
      `python3 bench/anchors/optuna_tpe.py trials 20 100 > /tmp/optuna_trials.json &&
       npx tsx bench/anchors/optuna_tpe_compare.ts /tmp/optuna_trials.json`.
"""
import json
import math
import statistics
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
ALPHA = [1.0, 1.2, 3.0, 3.2]


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    b, c, r, s, tt = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 6, 10, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - tt) * math.cos(x1) + s


def hartmann6(t):
    x = [t.suggest_float(f"x{i}", 0, 1) for i in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j] * 1e-4) ** 2 for j in range(6))) for i in range(4))


def rosenbrock4(t):
    x = [t.suggest_float(f"x{i}", -2, 2) for i in range(4)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(3))


OBJECTIVES = {"bench:branin": branin, "bench:hartmann6": hartmann6, "bench:rosenbrock4": rosenbrock4}


def quality(seeds, trials):
    out = {}
    for name, f in OBJECTIVES.items():
        at50, at100 = [], []
        for s in range(seeds):
            study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=s))
            study.optimize(f, n_trials=trials)
            vals = [tr.value for tr in study.trials]
            at50.append(min(vals[:50]))
            at100.append(min(vals[:100]))
        out[name] = {"median_best@50": statistics.median(at50), "median_best@100": statistics.median(at100)}
    print(json.dumps({"optuna": optuna.__version__, "seeds": seeds, "trials": trials, "results": out}, indent=1))


def all_trials(seeds, trials):
    out = {}
    for name, f in OBJECTIVES.items():
        out[name] = []
        for s in range(seeds):
            study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=s))
            study.optimize(f, n_trials=trials)
            out[name].append([{"params": tr.params, "value": tr.value} for tr in study.trials])
    print(json.dumps({"optuna": optuna.__version__, "seeds": seeds, "trials": trials, "studies": out}))


def timing(trials):
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
    t0 = time.perf_counter()
    study.optimize(hartmann6, n_trials=trials)
    print(json.dumps({"optuna": optuna.__version__, "trials": trials, "seconds": time.perf_counter() - t0, "best": study.best_value}))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "quality"
    if cmd == "quality":
        quality(int(sys.argv[2]) if len(sys.argv) > 2 else 20, int(sys.argv[3]) if len(sys.argv) > 3 else 100)
    elif cmd == "time":
        timing(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    elif cmd == "trials":
        all_trials(int(sys.argv[2]) if len(sys.argv) > 2 else 20, int(sys.argv[3]) if len(sys.argv) > 3 else 100)
    else:
        sys.exit(f"unknown command {cmd}; expected quality | time | trials")
