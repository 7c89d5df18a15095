#!/usr/bin/env python3
"""Times lifetimes 0.11.3 on the summary written by `clv-bench --summary-out PATH`.

Usage: lifetimes_bench.py SUMMARY.csv [REPEAT] [all|bgnbd]
Prints key=value lines like clv-bench does (fastest of REPEAT runs, default 3);
"bgnbd" times BG/NBD, Gamma-Gamma and scoring only.
lifetimes fits the rows as given (one per customer); it groups nothing unless
the caller passes weights. The Pareto/NBD fit (Nelder-Mead on 4 parameters, two
hypergeometric functions per customer and evaluation) takes minutes on 200,000
customers and runs once; lifetimes' defaults are used (tol 1e-4 from a random
start near 1; the seed is fixed so the run is repeatable).
"""
import sys
import time
import warnings

import pandas as pd
import numpy as np
from lifetimes import BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter, ParetoNBDFitter

warnings.simplefilter("ignore")
summary = pd.read_csv(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
# "bgnbd" times BG/NBD and Gamma-Gamma only (what bench-clv-db.sh compares); "all" every model.
models = sys.argv[3] if len(sys.argv) > 3 else "all"


def fastest(body):
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = body()
        best = min(best, time.perf_counter() - start)
    return best, result


bg_seconds, bg = fastest(lambda: BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"]))
# For reference: lifetimes given the same grouping crmwh does (identical rows + weights).
grouped = summary.groupby(["frequency", "recency", "T"]).size().rename("weights").reset_index()
bg_grouped_seconds, _ = fastest(lambda: BetaGeoFitter().fit(
    grouped["frequency"], grouped["recency"], grouped["T"], weights=grouped["weights"]))
repeat = summary[summary["frequency"] > 0]
gg_seconds, gg = fastest(lambda: GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"]))


def score(model):
    return fastest(lambda: gg.customer_lifetime_value(
        model, summary["frequency"], summary["recency"], summary["T"], summary["monetary_value"],
        time=12, discount_rate=0.01, freq="W"))


score_seconds, clv = score(bg)
p = bg.params_
print("lifetimes.bgnbd.params=r %s alpha %s a %s b %s" % (p["r"], p["alpha"], p["a"], p["b"]))
print("lifetimes.gammagamma.params=p %s q %s v %s" % (gg.params_["p"], gg.params_["q"], gg.params_["v"]))
print("lifetimes.bgnbd_fit_seconds=%s" % bg_seconds)
print("lifetimes.bgnbd_fit_grouped_seconds=%s (%d weighted rows)" % (bg_grouped_seconds, len(grouped)))
print("lifetimes.gammagamma_fit_seconds=%s" % gg_seconds)
print("lifetimes.score_seconds=%s" % score_seconds)
print("lifetimes.total_clv=%s" % clv.sum())
if models == "bgnbd":
    sys.exit(0)

mbg_seconds, mbg = fastest(lambda: ModifiedBetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"]))
np.random.seed(1)
start = time.perf_counter()
pnbd = ParetoNBDFitter().fit(summary["frequency"], summary["recency"], summary["T"])
pnbd_seconds = time.perf_counter() - start
mbg_score_seconds, mbg_clv = score(mbg)
pnbd_score_seconds, pnbd_clv = score(pnbd)

q = mbg.params_
print("lifetimes.mbgnbd.params=r %s alpha %s a %s b %s" % (q["r"], q["alpha"], q["a"], q["b"]))
q = pnbd.params_
print("lifetimes.paretonbd.params=r %s alpha %s s %s beta %s" % (q["r"], q["alpha"], q["s"], q["beta"]))
print("lifetimes.mbgnbd_fit_seconds=%s" % mbg_seconds)
print("lifetimes.paretonbd_fit_seconds=%s" % pnbd_seconds)
print("lifetimes.mbgnbd_score_seconds=%s" % mbg_score_seconds)
print("lifetimes.paretonbd_score_seconds=%s" % pnbd_score_seconds)
print("lifetimes.mbgnbd.total_clv=%s" % mbg_clv.sum())
print("lifetimes.paretonbd.total_clv=%s" % pnbd_clv.sum())
