#!/usr/bin/env python3
"""Times lifetimes 0.11.3 on the summary written by `clv-bench --summary-out PATH`.

Prints key=value lines like clv-bench does (fastest of REPEAT runs, default 3).
lifetimes fits the rows as given (one per customer); it groups nothing unless
the caller passes weights.
"""
import sys
import time
import warnings

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

warnings.simplefilter("ignore")
summary = pd.read_csv(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3


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
score_seconds, clv = fastest(lambda: gg.customer_lifetime_value(
    bg, summary["frequency"], summary["recency"], summary["T"], summary["monetary_value"],
    time=12, discount_rate=0.01, freq="W"))

p = bg.params_
print("lifetimes.bgnbd.params=r %s alpha %s a %s b %s" % (p["r"], p["alpha"], p["a"], p["b"]))
print("lifetimes.gammagamma.params=p %s q %s v %s" % (gg.params_["p"], gg.params_["q"], gg.params_["v"]))
print("lifetimes.bgnbd_fit_seconds=%s" % bg_seconds)
print("lifetimes.bgnbd_fit_grouped_seconds=%s (%d weighted rows)" % (bg_grouped_seconds, len(grouped)))
print("lifetimes.gammagamma_fit_seconds=%s" % gg_seconds)
print("lifetimes.score_seconds=%s" % score_seconds)
print("lifetimes.total_clv=%s" % clv.sum())
