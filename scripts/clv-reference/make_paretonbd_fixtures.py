#!/usr/bin/env python3
"""Reference fixtures for the Swift Pareto/NBD model (Tests/AnalyticsTests/Fixtures).

Fits lifetimes 0.11.3 `ParetoNBDFitter` on
  * the CDNOW summary shipped with lifetimes (weeks): cdnow_paretonbd.json,
  * the seeded synthetic population of make_fixtures.py, with a penalizer too:
    synthetic_paretonbd.json, synthetic_paretonbd_penalized.json,
and, with mpmath at 50 digits, writes per-row log-likelihoods, P(alive) and
P(X(t) = n) written out from Fader & Hardie's formulas (not lifetimes' code):
paretonbd_reference.json; and lifetimes' conditional pmf P(Y(t) = n | x, t_x, T):
paretonbd_conditional.json. The fixtures have the layout of the BG/NBD ones, with
parameters r, alpha, s, beta.

lifetimes' Pareto/NBD fit runs Nelder-Mead on the raw parameters with tol 1e-4 from
a random start; here it starts at (1, 1, 1, 1) on its rescaled time axis with
tol 1e-12, so its optimum is good to the digits the fixtures keep.

Penalty: lifetimes' ParetoNBDFitter divides the summed log-likelihood by the mean
weight (1), so its `penalizer_coef` c weighs against the total -sum(ln L), not the
per-customer mean the other fitters (and crmwh, for every model) use. The penalised
fixture records both c and N; crmwh's equivalent penalizer is c / N.

Usage (from the repository root, with the venv of make_fixtures.py):
  .venv-clv/bin/python scripts/clv-reference/make_paretonbd_fixtures.py
"""
import json
import os
import warnings

import mpmath as mp
import numpy as np
import pandas as pd
from lifetimes import ParetoNBDFitter
from lifetimes.datasets import load_cdnow_summary

from make_fixtures import OUT, r6, synthetic_population

warnings.simplefilter("ignore")
mp.mp.dps = 50


def fit_paretonbd(df, penalizer_coef):
    model = ParetoNBDFitter(penalizer_coef=penalizer_coef)
    model.fit(df["frequency"], df["recency"], df["T"], initial_params=np.ones(4), tol=1e-12, maxiter=40000)
    return model


def paretonbd_log_likelihood(params, freq, rec, T):
    """Summed log-likelihood in the data's own time unit (no scaling, no penalty)."""
    return float(ParetoNBDFitter._conditional_log_likelihood(params, freq, rec, T).sum())


def paretonbd_fixture(name, df, unit, t_horizon, penalizer_coef=0.0):
    model = fit_paretonbd(df, penalizer_coef)
    params = [float(model.params_[k]) for k in ("r", "alpha", "s", "beta")]
    freq = df["frequency"].to_numpy().astype(int)
    rec = df["recency"].to_numpy().astype(float)
    T = df["T"].to_numpy().astype(float)
    palive = model.conditional_probability_alive(freq, rec, T)
    expected = model.conditional_expected_number_of_purchases_up_to_time(t_horizon, freq, rec, T)
    population_t = [1.0, 10.0, 52.0, 78.0, 200.0]
    return {
        "name": name,
        "unit": unit,
        "penalizer": penalizer_coef / len(freq),
        "lifetimesPenalizerCoef": penalizer_coef,
        "customers": len(freq),
        "frequency": freq.tolist(),
        "recency": r6(rec),
        "T": r6(T),
        "params": {"r": params[0], "alpha": params[1], "s": params[2], "beta": params[3]},
        "logLikelihood": paretonbd_log_likelihood(params, freq, rec, T),
        "horizon": t_horizon,
        "probabilityAlive": r6(palive),
        "expectedPurchases": r6(expected),
        "populationT": population_t,
        "populationExpectedPurchases": r6([float(model.expected_number_of_purchases_up_to_time(t))
                                           for t in population_t]),
        # P(X(t) = n) of a new customer: lifetimes' conditional pmf at x = t_x = T = 0.
        "purchaseProbabilities": [
            {"n": n, "t": t,
             "value": float(model.conditional_probability_of_n_purchases_up_to_time(n, t, 0, 0.0, 0.0))}
            for (n, t) in ((0, 39.0), (1, 39.0), (2, 39.0), (5, 52.0), (0, 4.0), (3, 10.0))],
    }


def mp_log_likelihood(r, alpha, s, beta, x, tx, T):
    """Note 009 eq. 18-22, both branches of A0 written out."""
    if alpha >= beta:
        first, second = (s + 1, alpha)
    else:
        first, second = (r + x, beta)
    k = r + s + x
    z = lambda t: abs(alpha - beta) / (second + t)
    a0 = mp.hyp2f1(k, first, k + 1, z(tx)) / (second + tx) ** k - mp.hyp2f1(k, first, k + 1, z(T)) / (second + T) ** k
    alive = 1 / ((alpha + T) ** (r + x) * (beta + T) ** s)
    left = s / k * a0
    rate = mp.gamma(r + x) * alpha ** r * beta ** s / mp.gamma(r)
    return mp.log(rate * (alive + left)), alive / (alive + left)


def mp_probability_of_purchases(r, alpha, s, beta, x, t):
    """P(X(t) = x) (Fader, Hardie & Lee, 'Deriving an expression for P(X(t) = x) under
    the Pareto/NBD model', 2006, eq. 25), with its two branches."""
    nbd = mp.gamma(r + x) / (mp.gamma(r) * mp.factorial(x)) * (alpha / (alpha + t)) ** r * (t / (alpha + t)) ** x
    stays = nbd * (beta / (beta + t)) ** s
    if alpha >= beta:
        b1 = mp.hyp2f1(r + s, s + 1, r + s + x + 1, (alpha - beta) / alpha) / alpha ** (r + s)
        b2 = lambda i: mp.hyp2f1(r + s + i, s + 1, r + s + x + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** (r + s + i)
    else:
        b1 = mp.hyp2f1(r + s, r + x, r + s + x + 1, (beta - alpha) / beta) / beta ** (r + s)
        b2 = lambda i: mp.hyp2f1(r + s + i, r + x, r + s + x + 1, (beta - alpha) / (beta + t)) / (beta + t) ** (r + s + i)
    total = sum(mp.gamma(r + s + i) / (mp.gamma(r + s) * mp.factorial(i)) * t ** i * b2(i) for i in range(x + 1))
    leaves = alpha ** r * beta ** s * mp.beta(r + x, s + 1) / mp.beta(r, s) * (b1 - total)
    return stays + leaves


def reference_values():
    """Extreme customers and both branches (alpha >= beta, alpha < beta), at 50 digits."""
    parameter_sets = [
        ("cdnow", ("0.5534", "10.5802", "0.6061", "11.6685")),   # alpha < beta
        ("alpha-above-beta", ("0.8", "15.0", "1.3", "4.0")),
        ("large-ratio", ("0.4", "2000.0", "0.7", "2.0")),          # alpha / beta = 1000
        ("large-inverse-ratio", ("1.5", "0.5", "0.9", "400.0")),   # beta / alpha = 800
        ("s-near-one", ("0.6", "8.0", "1.0", "9.0")),
    ]
    rows = [(0, 0.0, 38.86), (0, 0.0, 0.01), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 35.71),
            (40, 52.0, 52.0), (5, 0.0, 52.0), (1, 0.001, 0.002), (500, 104.0, 104.0), (500, 60.0, 104.0),
            (3000, 519.5, 520.0), (12, 0.5, 300.0)]
    out = []
    for name, texts in parameter_sets:
        r, alpha, s, beta = (mp.mpf(v) for v in texts)
        customers = []
        for (x, tx, T) in rows:
            ll, palive = mp_log_likelihood(r, alpha, s, beta, mp.mpf(x), mp.mpf(tx), mp.mpf(T))
            customers.append({"frequency": x, "recency": tx, "T": T,
                              "logLikelihood": mp.nstr(ll, 25), "probabilityAlive": mp.nstr(palive, 25)})
        probabilities = []
        for (n, t) in ((0, 39.0), (1, 39.0), (4, 39.0), (0, 0.5), (2, 0.5), (10, 520.0), (30, 104.0)):
            value = mp_probability_of_purchases(r, alpha, s, beta, n, mp.mpf(t))
            probabilities.append({"n": n, "t": t, "value": mp.nstr(value, 25)})
        out.append({"name": name, "params": {k: float(v) for k, v in zip(("r", "alpha", "s", "beta"), texts)},
                    "customers": customers, "purchaseProbabilities": probabilities})
    return out


def conditional_fixture():
    """P(Y(t) = n | x, t_x, T) from lifetimes' conditional pmf (Fader & Hardie note 028)
    at the published CDNOW parameters, on both sides of alpha = beta."""
    out = []
    for params in ((0.5534, 10.5802, 0.6061, 11.6685), (0.8, 15.0, 1.3, 4.0)):
        model = ParetoNBDFitter()
        model.params_ = pd.Series(dict(zip(("r", "alpha", "s", "beta"), params)))
        cases = []
        for (x, tx, T) in ((0, 0.0, 30.0), (2, 30.43, 38.86), (7, 29.43, 35.71), (1, 1.71, 38.86), (5, 20.0, 20.0)):
            for (n, t) in ((0, 39.0), (1, 39.0), (3, 39.0), (2, 10.0)):
                value = float(model.conditional_probability_of_n_purchases_up_to_time(n, t, x, tx, T))
                cases.append({"n": n, "t": t, "frequency": x, "recency": tx, "T": T, "value": value})
        out.append({"params": dict(zip(("r", "alpha", "s", "beta"), params)), "cases": cases})
    return out


def write(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def main():
    cdnow = load_cdnow_summary(index_col=[0])
    write("cdnow_paretonbd.json", paretonbd_fixture("cdnow", cdnow, "week", 39.0))

    synthetic = synthetic_population(4000, seed=20240611)
    write("synthetic_paretonbd.json", paretonbd_fixture("synthetic", synthetic, "week", 26.0))
    # c = 0.01 N on lifetimes' total likelihood: crmwh's penalizer 0.01 on the mean.
    penalized = paretonbd_fixture("synthetic-penalized", synthetic, "week", 26.0,
                                  penalizer_coef=0.01 * len(synthetic))
    for key in ("frequency", "recency", "T"):
        del penalized[key]                        # same inputs as synthetic_paretonbd.json
    write("synthetic_paretonbd_penalized.json", penalized)

    write("paretonbd_reference.json", reference_values())
    write("paretonbd_conditional.json", conditional_fixture())


if __name__ == "__main__":
    main()
