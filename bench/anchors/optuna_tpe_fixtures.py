#!/usr/bin/env python3
"""Fixtures for the numpy-stream and Optuna-parity tests of @skippy/core (CI has no Optuna: the tests read these).

Regenerate (needs numpy and `pip install optuna==5.0.0`; written with numpy 2.4.6, Python 3.11):

  python3 bench/anchors/optuna_tpe_fixtures.py

writes
  packages/core/src/util/__tests__/fixtures/numpyRandom.json   – numpy.random.RandomState draws (random_sample,
      uniform over arrays, choice with p, draws after a skip, raw 32-bit outputs)
  packages/core/src/hpo/__tests__/fixtures/optunaTpe.json     – 30-trial studies of TPESampler(seed=s), s = 0, 1, 2,
      on bench:branin, bench:hartmann6, bench:rosenbrock4 (the domains of optuna_tpe.py) and on a mixed space
      (log float, int, stepped float, categorical, log int; declared out of name order), plus
      RandomSampler(seed=s) on the mixed space: every trial's params and value, in order.
"""
import json
import math
import os
import sys

import numpy as np
import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from optuna_tpe import OBJECTIVES  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.WARNING)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def numpy_fixture():
    out = []
    for seed in [0, 1, 42, 12345, 2**32 - 1]:
        rs = np.random.RandomState(seed)
        # random_sample (the 53-bit construction), then uniform / choice / rand draws interleaved on the same stream
        sample = rs.random_sample(5).tolist()
        uni = rs.uniform(np.array([-5.0, 0.0, 1e-4]), np.array([10.0, 15.0, 1.0])).tolist()
        p = np.array([0.1, 0.25, 0.05, 0.3, 0.3])
        ch = rs.choice(5, p=p, size=12).tolist()
        w = np.append(np.ones(7), 1.0)
        w /= w.sum()
        ch2 = rs.choice(8, p=w, size=24).tolist()
        rnd = rs.rand(3).tolist()
        # 700 doubles cross the 624-word twist boundary twice
        far = rs.random_sample(700)
        out.append({"seed": seed, "random_sample5": sample, "uniform": {"low": [-5.0, 0.0, 1e-4], "high": [10.0, 15.0, 1.0], "out": uni},
                    "choice": {"p": p.tolist(), "size": 12, "out": ch}, "choice8": {"p": w.tolist(), "size": 24, "out": ch2},
                    "rand3": rnd, "after": {"doubles": 700, "at": [0, 311, 312, 623, 699], "values": [float(far[i]) for i in [0, 311, 312, 623, 699]]}})
        # skip: draws of a fresh stream from double #1000 on
        rs2 = np.random.RandomState(seed)
        rs2.random_sample(1000)
        out[-1]["skip2000"] = rs2.random_sample(3).tolist()
    return out


def mixed(t):
    x = t.suggest_float("x", -5, 10)
    lr = t.suggest_float("lr", 1e-4, 1, log=True)
    k = t.suggest_int("k", 1, 9)
    s = t.suggest_float("s", 0, 1, step=0.25)
    c = t.suggest_categorical("c", ["a", "b", "c"])
    m = t.suggest_int("m", 1, 64, log=True)
    return (x - 1) ** 2 + (math.log10(lr) + 2) ** 2 + (k - 4) ** 2 / 10 + (s - 0.5) ** 2 + {"a": 0.0, "b": 0.5, "c": 1.0}[c] + (math.log2(m) - 3) ** 2 / 5


def mo2(t):
    x = t.suggest_float("x", 0, 1)
    y = t.suggest_float("y", 0, 1)
    return x**2 + y**2, -((x - 1) ** 2 + (y - 1) ** 2)


def mo3(t):
    x = t.suggest_float("x", -1, 2)
    y = t.suggest_float("y", -1, 2)
    z = t.suggest_float("z", -1, 2)
    return x**2 + y**2 + z**2, (x - 1) ** 2 + y**2 + z**2, x**2 + (y - 1) ** 2 + (z - 1) ** 2


def conditional(t):
    kind = t.suggest_categorical("kind", ["a", "b"])
    if kind == "a":
        return 1.0 + t.suggest_float("w", 0, 1) ** 2
    x = t.suggest_float("x", 0, 1)
    y = t.suggest_float("y", 0, 1, log=False)
    return abs(x - y) + 0.5 * (x - 0.3) ** 2


MULTI = {"mo2": (mo2, ["minimize", "maximize"]), "mo3": (mo3, ["minimize", "minimize", "minimize"])}


def study_trials(sampler, f, n, directions=None):
    study = optuna.create_study(sampler=sampler, directions=directions) if directions else optuna.create_study(sampler=sampler)
    study.optimize(f, n_trials=n)
    return [{"params": tr.params, "value": tr.value} if directions is None else {"params": tr.params, "values": tr.values} for tr in study.trials]


class _StableArgsortNumpy:
    """numpy with a stable argsort, for Optuna's Parzen estimator (see optuna_fixture)."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def argsort(a, *args, **kwargs):
        return np.argsort(a, kind="stable")


def optuna_fixture():
    studies = []
    objs = dict(OBJECTIVES)
    objs["mixed"] = mixed
    for name, f in objs.items():
        for seed in [0, 1, 2]:
            studies.append({"objective": name, "sampler": "tpe", "seed": seed, "argsort": "numpy", "trials": study_trials(optuna.samplers.TPESampler(seed=seed), f, 30)})
    # With tied observations of a discrete parameter, which tied kernel gets which bandwidth follows np.argsort's
    # (unstable) order: numpy's SIMD sort on AVX-512 machines, introsort elsewhere. Ours breaks ties by trial order,
    # i.e. Optuna with a stable argsort: the mixed space once more with np.argsort(kind="stable") in the estimator.
    import optuna.samplers._tpe.parzen_estimator as parzen

    saved, parzen.np = parzen.np, _StableArgsortNumpy()
    try:
        for seed in [0, 1, 2]:
            studies.append({"objective": "mixed", "sampler": "tpe", "seed": seed, "argsort": "stable", "trials": study_trials(optuna.samplers.TPESampler(seed=seed), mixed, 30)})
    finally:
        parzen.np = saved
    for seed in [0, 1]:
        studies.append({"objective": "conditional", "sampler": "tpe", "seed": seed, "argsort": "numpy", "trials": study_trials(optuna.samplers.TPESampler(seed=seed), conditional, 40)})
        studies.append({"objective": "conditional", "sampler": "tpe-group", "seed": seed, "argsort": "numpy", "trials": study_trials(optuna.samplers.TPESampler(seed=seed, multivariate=True, group=True), conditional, 40)})
    multi = []
    for name, (f, directions) in MULTI.items():
        for seed in [0, 1]:
            multi.append({"objective": name, "directions": directions, "seed": seed, "trials": study_trials(optuna.samplers.TPESampler(seed=seed), f, 40, directions)})
    for seed in [0, 1]:
        studies.append({"objective": "mixed", "sampler": "random", "seed": seed, "argsort": "numpy", "trials": study_trials(optuna.samplers.RandomSampler(seed=seed), mixed, 12)})
    return {"optuna": optuna.__version__, "numpy": np.__version__, "numpy_simd": np.lib._utils_impl._opt_info() if hasattr(np.lib, "_utils_impl") else "", "studies": studies, "multi": multi}


def write(rel, obj):
    path = os.path.join(ROOT, rel)
    with open(path, "w") as fh:
        json.dump(obj, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {rel}")


if __name__ == "__main__":
    write("packages/core/src/util/__tests__/fixtures/numpyRandom.json", {"numpy": np.__version__, "streams": numpy_fixture()})
    write("packages/core/src/hpo/__tests__/fixtures/optunaTpe.json", optuna_fixture())
