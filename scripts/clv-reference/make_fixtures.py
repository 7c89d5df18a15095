#!/usr/bin/env python3
"""Reference fixtures for the Swift CLV models (Tests/AnalyticsTests/Fixtures).

Fits lifetimes 0.11.3 (BetaGeoFitter, GammaGammaFitter) on
  * the CDNOW summary shipped with lifetimes (weeks), and
  * a seeded synthetic population simulated from the BG/NBD and Gamma-Gamma
    generative processes, summarised at day resolution and expressed in weeks
    (so many customers share the same (frequency, recency, T) row),
and writes the inputs, fitted parameters, log-likelihoods and per-customer
predictions as JSON. It also writes high-precision reference values (mpmath,
50 digits) for the Gaussian hypergeometric function and the BG/NBD and
Gamma-Gamma log-likelihoods.

Usage (from the repository root):
  python3.11 -m venv .venv-clv
  .venv-clv/bin/pip install -r scripts/clv-reference/requirements.txt
  .venv-clv/bin/python scripts/clv-reference/make_fixtures.py
"""
import json
import os
import warnings

import mpmath as mp
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import calibration_and_holdout_data
from lifetimes.datasets import (load_cdnow_summary,
                                load_cdnow_summary_data_with_monetary_value)

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "AnalyticsTests", "Fixtures")
mp.mp.dps = 50


def r6(values):
    """Round floats for compact JSON without losing the precision tests need."""
    return [float("%.12g" % v) for v in values]


def bgnbd_log_likelihood(params, freq, rec, T):
    """Summed log-likelihood in the data's own time unit (no scaling, no penalty)."""
    nll = BetaGeoFitter._negative_log_likelihood(
        np.log(np.asarray(params)), freq, rec, T, np.ones_like(rec), 0.0)
    return float(-nll * len(freq))


def bgnbd_fixture(name, df, unit, t_horizon, penalizer=0.0):
    bg = BetaGeoFitter(penalizer_coef=penalizer)
    bg.fit(df["frequency"], df["recency"], df["T"])
    params = [float(bg.params_[k]) for k in ("r", "alpha", "a", "b")]
    freq = df["frequency"].to_numpy().astype(int)
    rec = df["recency"].to_numpy().astype(float)
    T = df["T"].to_numpy().astype(float)
    palive = bg.conditional_probability_alive(freq, rec, T)
    expected = bg.conditional_expected_number_of_purchases_up_to_time(t_horizon, freq, rec, T)
    population_t = [1.0, 10.0, 52.0, 78.0, 200.0]
    return {
        "name": name,
        "unit": unit,
        "penalizer": penalizer,
        "frequency": freq.tolist(),
        "recency": r6(rec),
        "T": r6(T),
        "params": {"r": params[0], "alpha": params[1], "a": params[2], "b": params[3]},
        "logLikelihood": bgnbd_log_likelihood(params, freq, rec, T),
        "horizon": t_horizon,
        "probabilityAlive": r6(palive),
        "expectedPurchases": r6(expected),
        "populationT": population_t,
        "populationExpectedPurchases": r6([float(bg.expected_number_of_purchases_up_to_time(t)) for t in population_t]),
    }, bg


def gamma_gamma_fixture(name, df, bg, unit, freq_code, penalizer=0.0):
    repeat = df[df["frequency"] > 0]
    gg = GammaGammaFitter(penalizer_coef=penalizer)
    gg.fit(repeat["frequency"], repeat["monetary_value"])
    p, q, v = (float(gg.params_[k]) for k in ("p", "q", "v"))
    nll = GammaGammaFitter._negative_log_likelihood(
        np.log([p, q, v]), repeat["frequency"].to_numpy(), repeat["monetary_value"].to_numpy(),
        np.ones(len(repeat)), 0.0)
    profit = gg.conditional_expected_average_profit(df["frequency"], df["monetary_value"])
    clv = gg.customer_lifetime_value(bg, df["frequency"], df["recency"], df["T"], df["monetary_value"],
                                     time=12, discount_rate=0.01, freq=freq_code)
    return {
        "name": name,
        "unit": unit,
        "penalizer": penalizer,
        "frequency": df["frequency"].astype(int).tolist(),
        "recency": r6(df["recency"]),
        "T": r6(df["T"]),
        "monetary": [float(m) for m in df["monetary_value"]],
        "params": {"p": p, "q": q, "v": v},
        "logLikelihood": float(-nll * len(repeat)),
        "bgnbdParams": {k: float(bg.params_[k]) for k in ("r", "alpha", "a", "b")},
        "expectedAverageValue": r6(profit),
        "clv": {"months": 12, "monthlyDiscountRate": 0.01,
                "monthLengthInUnit": {"W": 4.345, "D": 30.0, "M": 1.0}[freq_code],
                "values": r6(clv)},
        "frequencyMonetaryCorrelation": float(np.corrcoef(repeat["frequency"], repeat["monetary_value"])[0, 1]),
    }


def synthetic_population(n, seed):
    """BG/NBD purchases + Gamma-Gamma spend, observed at day resolution."""
    rng = np.random.default_rng(seed)
    r, alpha, a, b = 0.6, 20.0, 0.8, 3.0        # alpha in days
    p, q, v = 4.0, 3.0, 60.0
    rows = []
    for i in range(n):
        age = int(rng.integers(7, 730))           # days between first purchase and as-of
        lam = rng.gamma(r, 1.0 / alpha)
        drop = rng.beta(a, b)
        nu = rng.gamma(q, 1.0 / v)
        t, days = 0.0, {0}
        while True:
            if t > 0 and rng.random() < drop:
                break
            t += rng.exponential(1.0 / lam)
            if t >= age:
                break
            days.add(int(t))
        days = sorted(days)
        freq = len(days) - 1
        spend = [round(float(rng.gamma(p, 1.0 / nu)), 2) for _ in range(freq)]
        monetary = round(sum(spend) / freq, 6) if freq > 0 else 0.0
        rows.append((f"S{i:05d}", freq, days[-1] / 7.0, age / 7.0, monetary))
    return pd.DataFrame(rows, columns=["customer_id", "frequency", "recency", "T", "monetary_value"])


def hyp2f1_reference():
    cases = [
        # generic points, inside and outside the model's range
        (1.0, 1.0, 2.0, 0.5), (0.5, 0.5, 1.5, 0.25), (2.5, 1.5, 4.0, 0.9), (0.3, 2.2, 1.7, 0.99),
        (1.5, 2.0, 3.0, -0.5), (0.7, 1.3, 2.9, -3.0), (1.2, 0.8, 2.6, -20.0), (3.0, 4.0, 5.5, 0.999),
        (-3.0, 2.0, 1.5, 0.7), (0.25, 2.43, 2.22, 0.95), (0.25, 2.43, 2.22, 0.9999),
        (2.0, 3.0, 5.0, 0.97), (1.0, 2.0, 3.0, 0.995), (5.5, 0.2, 0.9, 0.6), (0.1, 0.2, 0.3, 0.75),
    ]
    # the model's own arguments: E[X(t)] uses (r, b; a+b-1; t/(alpha+t)), CDNOW weeks
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    for t in (1.0, 39.0, 78.0, 520.0, 5200.0):
        cases.append((r, b, a + b - 1, t / (alpha + t)))
    # conditional expectation: (r+x, b+x; a+b+x-1; t/(alpha+T+t))
    for x, T_ in ((1, 38.0), (10, 30.0), (50, 39.0), (120, 20.0)):
        cases.append((r + x, b + x, a + b + x - 1, 39.0 / (alpha + T_ + 39.0)))
    out = []
    for (aa, bb, cc, z) in cases:
        v = mp.hyp2f1(mp.mpf(aa), mp.mpf(bb), mp.mpf(cc), mp.mpf(z))
        out.append({"a": aa, "b": bb, "c": cc, "z": z, "value": mp.nstr(v, 25),
                    "log": mp.nstr(mp.log(v), 25) if v > 0 else None})
    return out


def likelihood_reference():
    """Per-row BG/NBD log-likelihood (paper eq. 6) and Gamma-Gamma at 50 digits."""
    bg_rows = [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 35.71),
               (40, 50.0, 52.0), (1, 0.14, 0.3), (3, 0.0, 5.0)]
    r, alpha, a, b = (mp.mpf(s) for s in ("0.2426", "4.4136", "0.7929", "2.4259"))
    bg = []
    for (x, tx, T) in bg_rows:
        x_, tx_, T_ = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
        common = (mp.beta(a, b + x_) / mp.beta(a, b)) * mp.gamma(r + x_) * alpha ** r / mp.gamma(r)
        value = common * (alpha + T_) ** (-(r + x_))
        if x > 0:
            value += (mp.beta(a + 1, b + x_ - 1) / mp.beta(a, b)) * mp.gamma(r + x_) * alpha ** r \
                / mp.gamma(r) * (alpha + tx_) ** (-(r + x_))
        bg.append({"frequency": x, "recency": tx, "T": T, "logLikelihood": mp.nstr(mp.log(value), 25)})
    p, q, v = (mp.mpf(s) for s in ("6.25", "3.74", "15.44"))
    gg = []
    for (x, m) in ((1, 10.0), (2, 35.5), (5, 120.25), (30, 14.0)):
        x_, m_ = mp.mpf(x), mp.mpf(m)
        ll = (mp.loggamma(p * x_ + q) - mp.loggamma(p * x_) - mp.loggamma(q) + q * mp.log(v)
              + (p * x_ - 1) * mp.log(m_) + p * x_ * mp.log(x_) - (p * x_ + q) * mp.log(x_ * m_ + v))
        gg.append({"frequency": x, "monetary": m, "logLikelihood": mp.nstr(ll, 25)})
    return {"bgnbdParams": {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}, "bgnbd": bg,
            "gammaGammaParams": {"p": 6.25, "q": 3.74, "v": 15.44}, "gammaGamma": gg}


def holdout_fixture():
    """CDNOW 1/10 sample: weeks 1-39 calibrate, weeks 40-78 are the holdout (as in the paper)."""
    path = os.path.join(os.path.dirname(load_cdnow_summary.__code__.co_filename), "CDNOW_sample.txt")
    tx = pd.read_csv(path, sep=r"\s+", header=None, names=["customer", "id", "date", "units", "amount"])
    tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")
    summary = calibration_and_holdout_data(tx, "customer", "date", calibration_period_end="1997-09-30",
                                           observation_period_end="1998-06-30", freq="D", freq_multiplier=7)
    bg = BetaGeoFitter().fit(summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    duration = float(summary["duration_holdout"].iloc[0])
    predicted = bg.predict(duration, summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    return {
        "frequency": summary["frequency_cal"].astype(int).tolist(),
        "recency": r6(summary["recency_cal"]),
        "T": r6(summary["T_cal"]),
        "holdoutPurchases": summary["frequency_holdout"].astype(int).tolist(),
        "holdoutLength": duration,
        "params": {k: float(bg.params_[k]) for k in ("r", "alpha", "a", "b")},
        "expectedPurchases": r6(predicted),
    }


def write(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def main():
    cdnow = load_cdnow_summary(index_col=[0])
    fixture, _ = bgnbd_fixture("cdnow", cdnow, "week", 39.0)
    write("cdnow_bgnbd.json", fixture)

    cdnow_m = load_cdnow_summary_data_with_monetary_value()
    bg = BetaGeoFitter().fit(cdnow_m["frequency"], cdnow_m["recency"], cdnow_m["T"])
    write("cdnow_gammagamma.json", gamma_gamma_fixture("cdnow", cdnow_m, bg, "week", "W"))

    synthetic = synthetic_population(4000, seed=20240611)
    fixture, bg_syn = bgnbd_fixture("synthetic", synthetic, "week", 26.0)
    fixture["customerID"] = synthetic["customer_id"].tolist()
    write("synthetic_bgnbd.json", fixture)
    penalized, _ = bgnbd_fixture("synthetic-penalized", synthetic, "week", 26.0, penalizer=0.01)
    for key in ("frequency", "recency", "T"):
        del penalized[key]                        # same inputs as synthetic_bgnbd.json
    write("synthetic_bgnbd_penalized.json", penalized)
    write("synthetic_gammagamma.json", gamma_gamma_fixture("synthetic", synthetic, bg_syn, "week", "W"))

    write("cdnow_holdout.json", holdout_fixture())
    write("hyp2f1_reference.json", hyp2f1_reference())
    write("likelihood_reference.json", likelihood_reference())


if __name__ == "__main__":
    main()
