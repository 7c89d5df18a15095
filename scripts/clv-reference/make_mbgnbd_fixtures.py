#!/usr/bin/env python3
"""Reference fixtures for the Swift MBG/NBD model (Tests/AnalyticsTests/Fixtures).

MBG/NBD is the modified BG/NBD of Batislam, Denizel & Filiztekin (2007). This fits
lifetimes 0.11.3 `ModifiedBetaGeoFitter` on
  * the CDNOW summary shipped with lifetimes (weeks): cdnow_mbgnbd.json,
  * the seeded synthetic population of make_fixtures.py, with a penalizer too:
    synthetic_mbgnbd.json, synthetic_mbgnbd_penalized.json,
  * the CDNOW calibration/holdout split of make_fixtures.py: cdnow_mbgnbd_holdout.json,
and, with mpmath at 50 digits, writes per-row MBG/NBD log-likelihoods written out
from the paper's formula (not lifetimes' code): likelihood_reference_mbgnbd.json.
The fixtures have the layout of the BG/NBD ones.

Usage (from the repository root, with the venv of make_fixtures.py):
  .venv-clv/bin/python scripts/clv-reference/make_mbgnbd_fixtures.py
"""
import json
import os
import warnings

import mpmath as mp
import numpy as np
import pandas as pd
from lifetimes import ModifiedBetaGeoFitter
from lifetimes.datasets import load_cdnow_summary
from lifetimes.utils import ConvergenceError, calibration_and_holdout_data

from make_fixtures import OUT, r6, synthetic_population

warnings.simplefilter("ignore")
mp.mp.dps = 50


def mbgnbd_log_likelihood(params, freq, rec, T):
    """Summed log-likelihood in the data's own time unit (no scaling, no penalty)."""
    nll = ModifiedBetaGeoFitter._negative_log_likelihood(
        np.log(np.asarray(params)), freq, rec, T, np.ones_like(rec), 0.0)
    return float(-nll * len(freq))


def mbgnbd_fixture(name, df, unit, t_horizon, penalizer=0.0):
    # A tighter tolerance than lifetimes' 1e-7, so the fixtures hold the optimum to the
    # digits the tests compare (parameters to 1e-4, log-likelihood to 1e-6): the
    # tightest that BFGS reaches before rounding stops it.
    for tol in (1e-10, 1e-9, 1e-8, 1e-7):
        mbg = ModifiedBetaGeoFitter(penalizer_coef=penalizer)
        try:
            mbg.fit(df["frequency"], df["recency"], df["T"], tol=tol)
            break
        except ConvergenceError:
            continue
    params = [float(mbg.params_[k]) for k in ("r", "alpha", "a", "b")]
    freq = df["frequency"].to_numpy().astype(int)
    rec = df["recency"].to_numpy().astype(float)
    T = df["T"].to_numpy().astype(float)
    palive = mbg.conditional_probability_alive(freq, rec, T)
    expected = mbg.conditional_expected_number_of_purchases_up_to_time(t_horizon, freq, rec, T)
    population_t = [1.0, 10.0, 52.0, 78.0, 200.0]
    return {
        "name": name,
        "unit": unit,
        "penalizer": penalizer,
        "frequency": freq.tolist(),
        "recency": r6(rec),
        "T": r6(T),
        "params": {"r": params[0], "alpha": params[1], "a": params[2], "b": params[3]},
        "logLikelihood": mbgnbd_log_likelihood(params, freq, rec, T),
        "horizon": t_horizon,
        "probabilityAlive": r6(palive),
        "expectedPurchases": r6(expected),
        "populationT": population_t,
        "populationExpectedPurchases": r6([float(mbg.expected_number_of_purchases_up_to_time(t))
                                           for t in population_t]),
    }


def likelihood_reference():
    """Per-row MBG/NBD likelihood (Batislam et al. 2007, eq. 4) at 50 digits."""
    rows = [(0, 0.0, 38.86), (0, 0.0, 0.5), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 35.71),
            (40, 50.0, 52.0), (1, 0.14, 0.3), (3, 0.0, 5.0)]
    r, alpha, a, b = (mp.mpf(s) for s in ("0.5248", "6.1830", "0.8914", "1.6140"))
    out = []
    for (x, tx, T) in rows:
        x_, tx_, T_ = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
        rate = mp.gamma(r + x_) * alpha ** r / mp.gamma(r)
        value = rate * mp.beta(a, b + x_ + 1) / mp.beta(a, b) * (alpha + T_) ** (-(r + x_)) \
            + rate * mp.beta(a + 1, b + x_) / mp.beta(a, b) * (alpha + tx_) ** (-(r + x_))
        out.append({"frequency": x, "recency": tx, "T": T, "logLikelihood": mp.nstr(mp.log(value), 25)})
    return {"params": {"r": 0.5248, "alpha": 6.1830, "a": 0.8914, "b": 1.6140}, "rows": out}


def holdout_fixture():
    """CDNOW 1/10 sample: weeks 1-39 calibrate, weeks 40-78 are the holdout."""
    path = os.path.join(os.path.dirname(load_cdnow_summary.__code__.co_filename), "CDNOW_sample.txt")
    tx = pd.read_csv(path, sep=r"\s+", header=None, names=["customer", "id", "date", "units", "amount"])
    tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")
    summary = calibration_and_holdout_data(tx, "customer", "date", calibration_period_end="1997-09-30",
                                           observation_period_end="1998-06-30", freq="D", freq_multiplier=7)
    mbg = ModifiedBetaGeoFitter().fit(summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    duration = float(summary["duration_holdout"].iloc[0])
    predicted = mbg.predict(duration, summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    return {
        "frequency": summary["frequency_cal"].astype(int).tolist(),
        "recency": r6(summary["recency_cal"]),
        "T": r6(summary["T_cal"]),
        "holdoutPurchases": summary["frequency_holdout"].astype(int).tolist(),
        "holdoutLength": duration,
        "params": {k: float(mbg.params_[k]) for k in ("r", "alpha", "a", "b")},
        "expectedPurchases": r6(predicted),
    }


def write(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def main():
    cdnow = load_cdnow_summary(index_col=[0])
    write("cdnow_mbgnbd.json", mbgnbd_fixture("cdnow", cdnow, "week", 39.0))

    synthetic = synthetic_population(4000, seed=20240611)
    write("synthetic_mbgnbd.json", mbgnbd_fixture("synthetic", synthetic, "week", 26.0))
    penalized = mbgnbd_fixture("synthetic-penalized", synthetic, "week", 26.0, penalizer=0.01)
    for key in ("frequency", "recency", "T"):
        del penalized[key]                        # same inputs as synthetic_mbgnbd.json
    write("synthetic_mbgnbd_penalized.json", penalized)

    write("cdnow_mbgnbd_holdout.json", holdout_fixture())
    write("likelihood_reference_mbgnbd.json", likelihood_reference())


if __name__ == "__main__":
    main()
