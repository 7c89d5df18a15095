#!/usr/bin/env python3
"""Reference values for the CLV diagnostics (Tests/AnalyticsTests/Fixtures/cdnow_diagnostics.json).

On lifetimes' CDNOW 1/10 sample with weeks 1-39 as calibration and 40-78 as holdout
(as make_fixtures.py's holdout fixture), for lifetimes 0.11.3's BetaGeoFitter and
ModifiedBetaGeoFitter fitted on the calibration period:

  * the period-transactions check: sum over customers of lifetimes'
    probability_of_n_purchases_up_to_time(T_cal, n) for n = 0..6, and 1 minus their
    sum for 7+, beside the actual calibration frequencies;
  * P(alive) (conditional_probability_alive) and the expected purchases in the next
    39 weeks (conditional_expected_number_of_purchases_up_to_time) over a grid of
    frequency x recency at T = the largest calibration T;
  * the cumulative repeat purchases per week across calibration and holdout: the
    customers' first and repeat purchase days (days since 1997-01-01), and at the end of
    each period (7 days ending on the calibration end, and every 7 days before and
    after it) the sum over first-purchase days c of customers(c) x lifetimes'
    expected_number_of_purchases_up_to_time((D - c) / 7) -- the summary's convention
    that a customer first buying on day c has T = D - c days at the end of day D.

Usage (from the repository root, with the venv of make_fixtures.py):
  .venv-clv/bin/python scripts/clv-reference/make_diagnostics_fixtures.py
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, ModifiedBetaGeoFitter
from lifetimes.datasets import load_cdnow_summary
from lifetimes.utils import calibration_and_holdout_data

from make_fixtures import OUT

warnings.simplefilter("ignore")
START = pd.Timestamp("1997-01-01")
CAL_END = pd.Timestamp("1997-09-30")
HOLDOUT_END = pd.Timestamp("1998-06-30")
FREQUENCIES = [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20]


def transactions():
    path = os.path.join(os.path.dirname(load_cdnow_summary.__code__.co_filename), "CDNOW_sample.txt")
    tx = pd.read_csv(path, sep=r"\s+", header=None, names=["customer", "id", "date", "units", "amount"])
    tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")
    return tx


def period_ends(first_day, cal_end, holdout_end):
    ends = []
    end = cal_end
    while end >= first_day:
        ends.insert(0, end)
        end -= 7
    end = cal_end + 7
    while end < holdout_end + 7:
        ends.append(min(end, holdout_end))
        end += 7
    return ends


def model_reference(model, summary, first_by_day, ends):
    freq, T = summary["frequency_cal"], summary["T_cal"]
    counts = T.value_counts()
    expected = np.zeros(8)
    for t, customers in counts.items():
        p = [float(model.probability_of_n_purchases_up_to_time(t, n)) for n in range(7)]
        expected[:7] += customers * np.array(p)
        expected[7] += customers * (1 - sum(p))
    max_t = float(T.max())
    recencies = [round(max_t * k / 8) if k < 8 else max_t for k in range(9)]
    alive, purchases = [], []
    for x in FREQUENCIES:
        alive.append([None if (x == 0 and r > 0) else float(model.conditional_probability_alive(x, r, max_t))
                      for r in recencies])
        purchases.append([None if (x == 0 and r > 0) else
                          float(model.conditional_expected_number_of_purchases_up_to_time(39, x, r, max_t))
                          for r in recencies])
    cumulative = []
    for end in ends:
        total = 0.0
        for day, customers in first_by_day.items():
            if day <= end:
                total += customers * float(model.expected_number_of_purchases_up_to_time((end - day) / 7))
        cumulative.append(total)
    return {
        "params": {k: float(model.params_[k]) for k in ("r", "alpha", "a", "b")},
        "periodTransactions": expected.tolist(),
        "recencies": recencies,
        "T": max_t,
        "probabilityAlive": alive,
        "expectedPurchases": purchases,
        "cumulativeExpected": cumulative,
    }


def main():
    tx = transactions()
    summary = calibration_and_holdout_data(tx, "customer", "date", calibration_period_end="1997-09-30",
                                           observation_period_end="1998-06-30", freq="D", freq_multiplier=7)
    days = tx.assign(day=(tx["date"] - START).dt.days)[["customer", "day"]].drop_duplicates()
    first = days.groupby("customer")["day"].transform("min")
    days = days.assign(first=first)
    cal_end, holdout_end = (CAL_END - START).days, (HOLDOUT_END - START).days
    days = days[(days["first"] <= cal_end) & (days["day"] <= holdout_end)]
    first_by_day = days[days["day"] == days["first"]].groupby("day").size().to_dict()
    repeat_by_day = days[days["day"] > days["first"]].groupby("day").size().to_dict()
    ends = period_ends(min(first_by_day), cal_end, holdout_end)
    freq = summary["frequency_cal"].astype(int)
    fixture = {
        "frequency": freq.tolist(),
        "recency": summary["recency_cal"].round(6).tolist(),
        "T": summary["T_cal"].round(6).tolist(),
        "calibrationEnd": cal_end,
        "holdoutEnd": holdout_end,
        "firstPurchases": {str(k): int(v) for k, v in first_by_day.items()},
        "repeatPurchases": {str(k): int(v) for k, v in repeat_by_day.items()},
        "periodEnds": ends,
        "frequencies": FREQUENCIES,
        "actualPeriodTransactions": [int((freq == n).sum()) for n in range(7)] + [int((freq >= 7).sum())],
    }
    bg = BetaGeoFitter().fit(summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    mbg = ModifiedBetaGeoFitter().fit(summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    fixture["bgnbd"] = model_reference(bg, summary, first_by_day, ends)
    fixture["mbgnbd"] = model_reference(mbg, summary, first_by_day, ends)
    with open(os.path.join(OUT, "cdnow_diagnostics.json"), "w") as f:
        json.dump(fixture, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
