#!/usr/bin/env python3
"""Reference values for the campaign simulation estimator (docs/marts.md,
"Campaign simulation"), computed from the formulas alone with the Python
standard library, for Tests/AnalyticsTests/CampaignSimulationReferenceTests.

Writes Tests/AnalyticsTests/Fixtures/campaign_simulation.json: a synthetic
campaign history (campaign x cell sums of both groups), the model's
hyperparameters, posteriors of chosen nodes, forecasts of chosen plans, and
the backtest over the history.

    python3 scripts/simulation-reference/make_fixture.py
"""
import json
import math
import os
import random

Z = 1.959964
MIN_CHILDREN = 3
MEASURES = ("orders", "revenue")


# ---------------------------------------------------------------- history

def make_history(seed=20261206):
    rng = random.Random(seed)
    channels = {"email": 0.04, "sms": 0.06, "social": 0.015}
    types = {"discount": 1.3, "loyalty": 0.8, "seasonal": 1.0}
    cells = {"champions": 1.4, "new": 1.1, "at risk": 0.8, "hibernating": 0.6, "no purchase": 0.5}
    plan = []
    day = 0
    for k in range(24):
        channel = ["email", "email", "sms", "social"][k % 4]
        ctype = ["discount", "loyalty", "seasonal"][(k // 2) % 3]
        # sms never runs seasonal campaigns: a parent with fewer children.
        if channel == "sms" and ctype == "seasonal":
            ctype = "discount"
        has_control = k % 2 == 0
        plan.append((k, channel, ctype, has_control, day))
        day += 9 + (k * 7) % 5
    rows = []
    for k, channel, ctype, has_control, day in plan:
        code = "C%02d" % k
        start = iso(day)
        end = iso(day + 29)
        campaign_shift = math.exp(rng.gauss(0, 0.25))
        # What a response order is worth varies by campaign (the offer).
        order_value = math.exp(rng.gauss(4.5, 0.8))
        for cell, cell_factor in cells.items():
            # Thin cells: social campaigns reach few hibernating customers; no
            # purchase customers are not contacted by sms at all.
            if channel == "sms" and cell == "no purchase":
                continue
            size = rng.randint(3, 12) if (channel == "social" and cell == "hibernating") else rng.randint(40, 400)
            rate = min(0.9, channels[channel] * types[ctype] * cell_factor * campaign_shift)
            control_size = size // 2 if has_control else 0
            if has_control and cell == "new" and k == 0:
                control_size = 1  # a control group too small to measure
            t = simulate_group(rng, size, rate, order_value, contacted=True)
            c = simulate_group(rng, control_size, rate, order_value, contacted=False)
            rows.append({
                "campaign_code": code, "start_date": start, "window_end_date": end, "channel": channel,
                "campaign_type": ctype, "cell": cell, "treatment": t, "control": c,
            })
    return rows


def poisson(rng, mean):
    k, p, limit = 0, 1.0, math.exp(-mean)
    while True:
        p *= rng.random()
        if p < limit:
            return k
        k += 1


def simulate_group(rng, n, rate, order_value, contacted):
    """Customers with their own purchase rate: orders and revenue on the window and the pre-period."""
    g = {k: 0.0 for k in ("responders", "orders", "orders_squared", "pre_orders", "pre_orders_squared", "orders_cross",
                          "revenue", "revenue_squared", "pre_revenue", "pre_revenue_squared", "revenue_cross")}
    g["customers"] = n
    for _ in range(n):
        level = rng.gammavariate(0.6, 0.5)
        spend = rng.lognormvariate(3.5, 0.6)

        def period(extra):
            o = poisson(rng, level)
            r = sum(round(spend * rng.lognormvariate(0, 0.2), 2) for _ in range(o))
            if extra:
                o += 2
                r += round(order_value * rng.lognormvariate(0, 0.3), 2)
            if rng.random() < 0.03 and o > 0:
                r -= round(rng.uniform(5, 20), 2)  # a return
            return o, r
        x_o, x_r = period(False)
        responded = contacted and rng.random() < rate
        y_o, y_r = period(responded)
        g["responders"] += responded
        for name, x, y in (("orders", x_o, y_o), ("revenue", x_r, y_r)):
            g[name] += y
            g[name + "_squared"] += y * y
            g["pre_" + name] += x
            g["pre_" + name + "_squared"] += x * x
            g[name + "_cross"] += x * y
    return g


def iso(day):
    # Days after 2025-01-01, as yyyy-mm-dd (30-day months are enough for ordering).
    import datetime
    return (datetime.date(2025, 1, 1) + datetime.timedelta(days=day)).isoformat()


# ---------------------------------------------------------------- model

def mom_rate_terms(groups):
    """(numerator, denominator, groups) of rho-hat over (n, r) pairs around their pooled rate, or None."""
    groups = [(n, r) for n, r in groups if n > 0]
    total = sum(n for n, _ in groups)
    if total <= 0:
        return None
    p = sum(r for _, r in groups) / total
    return mom_rate_terms_expected([(n, r, p) for n, r in groups])


def mom_rate_terms_expected(groups):
    """The same around expected rates: (n, r, m) triples; Pearson X = sum n (r/n - m)^2 / (m (1 - m))."""
    groups = [(n, r, m) for n, r, m in groups if n > 0 and 0 < m < 1]
    if len(groups) < 2:
        return None
    big_n = sum(g[0] for g in groups)
    x = sum(n * (r / n - m) ** 2 / (m * (1 - m)) for n, r, m in groups)
    k = len(groups)
    return (x - (k - 1), big_n - sum(g[0] ** 2 for g in groups) / big_n - (k - 1), k)


def gamma_poisson_factors(margins):
    """margins: name -> (R, E). Shrunk ratios (mean, variance); tau^2 by DL on (R/E, 1/E)."""
    used = sorted((k, v) for k, v in margins.items() if v[1] > 0)
    tau2 = tau2_of(dl_terms([(r / e, 1 / e) for _, (r, e) in used]))
    out = {}
    for name, (r, e) in margins.items():
        if tau2 <= 0:
            out[name] = (1.0, 0.0)
        else:
            a = 1 / tau2
            out[name] = ((r + a) / (e + a), (r + a) / (e + a) ** 2)
    return out


def dl_terms(estimates):
    """(numerator, denominator, groups) of tau^2-hat over (d, v) pairs, or None."""
    estimates = [(d, v) for d, v in estimates if v > 0 and math.isfinite(v)]
    if len(estimates) < 2:
        return None
    w = [1 / v for _, v in estimates]
    sw = sum(w)
    mean = sum(wi * d for wi, (d, _) in zip(w, estimates)) / sw
    q = sum(wi * (d - mean) ** 2 for wi, (d, _) in zip(w, estimates))
    return (q - (len(estimates) - 1), sw - sum(wi * wi for wi in w) / sw, len(estimates))


def pool(terms):
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    return (sum(t[0] for t in terms), sum(t[1] for t in terms), sum(t[2] for t in terms))


def rho_of(terms):
    if terms is None or terms[1] <= 0:
        return 0.0
    return min(1.0, max(0.0, terms[0] / terms[1]))


def kappa_of(rho):
    return math.inf if rho <= 0 else max((1 - rho) / rho, 1e-9)


def tau2_of(terms):
    if terms is None or terms[1] <= 0:
        return 0.0
    return max(0.0, terms[0] / terms[1])


def add(a, b):
    return {k: a[k] + b[k] for k in a}


ZERO = {k: 0 for k in ("customers", "responders", "orders", "orders_squared", "pre_orders", "pre_orders_squared",
                       "orders_cross", "revenue", "revenue_squared", "pre_revenue", "pre_revenue_squared",
                       "revenue_cross")}


def unit_uplift(t, c, measure):
    """CUPED: treatment - control difference adjusted by theta x (pre-period), its variance, weight."""
    nt, nc = t["customers"], c["customers"]
    if nt < 2 or nc < 2:
        return None

    def part(g):
        n = g["customers"]
        y, yy = g[measure], g[measure + "_squared"]
        x, xx, xy = g["pre_" + measure], g["pre_" + measure + "_squared"], g[measure + "_cross"]
        return n, y, yy, x, xx, xy
    groups = [part(t), part(c)]
    sxx = sum(xx - x * x / n for n, _, _, x, xx, _ in groups)
    sxy = sum(xy - x * y / n for n, y, _, x, _, xy in groups)
    theta = sxy / sxx if sxx > 0 else 0.0

    def var_z(n, y, yy, x, xx, xy):
        z = y - theta * x
        zz = yy - 2 * theta * xy + theta * theta * xx
        return max(0.0, (zz - z * z / n) / (n - 1))
    (n1, y1, _, x1, _, _), (n0, y0, _, x0, _, _) = groups
    d = (y1 / n1 - y0 / n0) - theta * (x1 / n1 - x0 / n0)
    return d, var_z(*groups[0]) / n1 + var_z(*groups[1]) / n0, n1 * n0 / (n1 + n0)


class Model:
    def __init__(self, rows):
        units = {}  # path -> code -> [t, c]
        for row in rows:
            if row["treatment"]["customers"] == 0 and row["control"]["customers"] == 0:
                continue
            full = (row["channel"], row["campaign_type"], row["cell"])
            for depth in range(4):
                key = full[:depth]
                bucket = units.setdefault(key, {})
                t, c = bucket.get(row["campaign_code"], (dict(ZERO), dict(ZERO)))
                bucket[row["campaign_code"]] = (add(t, row["treatment"]), add(c, row["control"]))
        root = units.get((), {})
        if not any(t["customers"] > 0 for t, _ in root.values()):
            raise ValueError("no history")
        self.units = units
        self.campaigns = sum(1 for t, _ in root.values() if t["customers"] > 0)
        leaves = [key for key in units if len(key) == 3]
        self.rho_c = rho_of(pool([mom_rate_terms([(t["customers"], t["responders"]) for t, _ in units[leaf].values()])
                                  for leaf in leaves]))
        self.tau2_c = {}
        for m in MEASURES:
            per_leaf = []
            for leaf in leaves:
                ests = [unit_uplift(t, c, m) for t, c in units[leaf].values()]
                per_leaf.append(dl_terms([(e[0], e[1]) for e in ests if e is not None]))
            self.tau2_c[m] = tau2_of(pool(per_leaf))
        # Node data.
        self.data = {}
        for key, bucket in units.items():
            ts = [t for t, _ in bucket.values()]
            n = sum(t["customers"] for t in ts)
            r = sum(t["responders"] for t in ts)
            neff = reff = 0.0
            if n > 0:
                deff = 1 + self.rho_c * (sum(t["customers"] ** 2 for t in ts) / n - 1)
                neff, reff = n / deff, r / deff
            up = {}
            for m in MEASURES:
                ests = [e for e in (unit_uplift(t, c, m) for t, c in bucket.values()) if e is not None]
                sw = sum(e[2] for e in ests)
                if sw > 0:
                    d = sum(e[2] * e[0] for e in ests) / sw
                    v = sum(e[2] ** 2 * (e[1] + self.tau2_c[m]) for e in ests) / sw ** 2
                    up[m] = (d, v)
            controls = sum(1 for t, c in bucket.values() if unit_uplift(t, c, "revenue") is not None)
            self.data[key] = {"n": n, "r": r, "neff": neff, "reff": reff, "uplift": up, "controls": controls,
                              "campaigns": sum(1 for t in ts if t["customers"] > 0)}
        # Factors of types (on channels) and cells (on channel x type), from raw parent rates.
        def raw(path):
            d = self.data.get(path)
            return d["r"] / d["n"] if d and d["n"] > 0 else 0.0
        type_m, cell_m = {}, {}
        for key, d in self.data.items():
            if len(key) < 2:
                continue
            target, name = (type_m, key[1]) if len(key) == 2 else (cell_m, key[2])
            r0, e0 = target.get(name, (0.0, 0.0))
            target[name] = (r0 + d["reff"], e0 + d["neff"] * raw(key[:-1]))
        self.type_factors = gamma_poisson_factors(type_m)
        self.cell_factors = gamma_poisson_factors(cell_m)
        # Spread of children, per parent and pooled per depth.
        parents = [key for key in self.data if len(key) < 3]
        rate_terms, up_terms = {}, {m: {} for m in MEASURES}
        for parent in parents:
            kid_keys = [k for k in self.data if len(k) == len(parent) + 1 and k[:len(parent)] == parent]
            kids = [self.data[k] for k in kid_keys]
            rate_terms[parent] = mom_rate_terms_expected(
                [(self.data[k]["neff"], self.data[k]["reff"], raw(parent) * self.factor(k)[0]) for k in kid_keys])
            for m in MEASURES:
                up_terms[m][parent] = dl_terms([kd["uplift"][m] for kd in kids if m in kd["uplift"]])
        self.kappa = {p: kappa_of(rho_of(t)) for p, t in rate_terms.items() if t is not None and t[2] >= MIN_CHILDREN}
        self.level_kappa = [kappa_of(rho_of(pool([t for p, t in rate_terms.items() if len(p) == d])))
                            for d in range(3)]
        self.tau2 = {m: {p: tau2_of(t) for p, t in up_terms[m].items() if t is not None and t[2] >= MIN_CHILDREN}
                     for m in MEASURES}
        self.level_tau2 = {m: [tau2_of(pool([t for p, t in up_terms[m].items() if len(p) == d])) for d in range(3)]
                           for m in MEASURES}

    def factor(self, path):
        if len(path) == 2:
            return self.type_factors.get(path[1], (1.0, 0.0))
        if len(path) == 3:
            return self.cell_factors.get(path[2], (1.0, 0.0))
        return (1.0, 0.0)

    def kappa_under(self, parent):
        return self.kappa.get(parent, self.level_kappa[len(parent)])

    def tau2_under(self, m, parent):
        return self.tau2[m].get(parent, self.level_tau2[m][len(parent)])

    def rate(self, path):
        """(mean, own variance, weight on the prior, total variance, factor, factor variance)."""
        d = self.data.get(path)
        if not path:
            p = d["reff"] / d["neff"]
            v = p * (1 - p) / d["neff"]
            return (p, v, 0.0, v, 1.0, 0.0)
        parent = self.rate(path[:-1])
        f, fv = self.factor(path)
        prior = min(max(parent[0] * f, 0.0), 1 - 1e-9)
        prior_var = f * f * parent[3] + parent[0] ** 2 * fv
        kappa = self.kappa_under(path[:-1])
        n = d["neff"] if d else 0.0
        r = d["reff"] if d else 0.0
        if math.isinf(kappa):
            return (prior, 0.0, 1.0, prior_var, f, fv)
        a = r + kappa * prior
        b = n - r + kappa * (1 - prior)
        own = a * b / ((a + b) ** 2 * (a + b + 1))
        weight = kappa / (n + kappa)
        return (a / (a + b), own, weight, own + weight ** 2 * prior_var, f, fv)

    def uplift(self, m, path):
        if not path:
            root = self.data[()]["uplift"].get(m)
            return None if root is None else (root[0], root[1], 0.0, root[1])
        parent = self.uplift(m, path[:-1])
        if parent is None:
            return None
        d = self.data.get(path)
        est, v = d["uplift"][m] if d and m in d["uplift"] else (0.0, math.inf)
        tau2 = self.tau2_under(m, path[:-1])
        if math.isinf(v):
            weight, own = 1.0, tau2
        elif tau2 <= 0:
            weight, own = 1.0, 0.0
        else:
            weight = v / (v + tau2)
            own = 1 / (1 / v + 1 / tau2)
        mean = parent[0] if weight == 1.0 else parent[0] + (1 - weight) * (est - parent[0])
        return (mean, own, weight, own + weight ** 2 * parent[3])

    def forecast(self, channel, ctype, cells):
        """cells: list of (cell, n, propensity sum or None, propensity variance sum or None)."""
        parent = (channel, ctype)
        prate = self.rate(parent)
        n_total = mean = binom = own = shared = factor_part = camp = 0.0
        per = []
        for cell, n, psum, pvar in cells:
            if n <= 0:
                continue
            rt = self.rate(parent + (cell,))
            n_total += n
            if psum is not None:
                expected = psum
                binom += pvar
                scale = (psum / n) / rt[0] if rt[0] > 0 else 1.0
            else:
                expected = n * rt[0]
                binom += n * rt[0] * (1 - rt[0])
                own += n * n * rt[1]
                shared += n * rt[2] * rt[4]
                factor_part += (n * rt[2] * prate[0]) ** 2 * rt[5]
                scale = 1.0
            mean += expected
            q = expected / n
            camp += n * math.sqrt(self.rho_c * q * (1 - q))
            per.append((cell, n, scale, rt))
        var = binom + own + shared ** 2 * prate[3] + factor_part + camp ** 2
        out = {"customers": n_total, "responders": interval(mean, var, 0, n_total), "cells": []}
        for cell, n, scale, rt in per:
            out["cells"].append({"cell": cell, "response_rate": list(rt)})
        for m in MEASURES:
            pu = self.uplift(m, parent)
            if pu is None:
                out[m] = None
                continue
            mu = own_u = shared_u = weight_total = 0.0
            for cell, n, scale, _ in per:
                u = self.uplift(m, parent + (cell,))
                w = n * scale
                mu += w * u[0]
                own_u += w * w * u[1]
                shared_u += w * u[2]
                weight_total += w
            out[m] = interval(mu, own_u + shared_u ** 2 * pu[3] + weight_total ** 2 * self.tau2_c[m])
        return out


def interval(estimate, variance, lo=None, hi=None):
    se = math.sqrt(max(0.0, variance))
    low, high = estimate - Z * se, estimate + Z * se
    if lo is not None:
        low, high = min(max(low, lo), hi), min(max(high, lo), hi)
    return {"estimate": estimate, "low": low, "high": high, "standard_error": se}


# ---------------------------------------------------------------- backtest

def backtest(rows, as_of):
    known = [r for r in rows if r["window_end_date"] <= as_of]
    starts = {}
    for r in known:
        starts.setdefault(r["campaign_code"], r["start_date"])
    results = []
    for code, start in sorted(starts.items(), key=lambda kv: (kv[1], kv[0])):
        mine = sorted([r for r in known if r["campaign_code"] == code], key=lambda r: r["cell"])
        training = [r for r in known if r["window_end_date"] < start]
        try:
            model = Model(training)
        except ValueError:
            continue
        contacted = sum(r["treatment"]["customers"] for r in mine)
        if contacted <= 0:
            continue
        cells = [(r["cell"], r["treatment"]["customers"], None, None) for r in mine if r["treatment"]["customers"] > 0]
        f = model.forecast(mine[0]["channel"], mine[0]["campaign_type"], cells)
        t = dict(ZERO)
        c = dict(ZERO)
        for r in mine:
            t, c = add(t, r["treatment"]), add(c, r["control"])
        pooled_n = sum(r["treatment"]["customers"] for r in training)
        pooled_r = sum(r["treatment"]["responders"] for r in training)
        measured = unit_uplift(t, c, "revenue")
        results.append({
            "campaign_code": code, "past_campaigns": model.campaigns,
            "predicted_responders": f["responders"], "actual_responders": t["responders"],
            "baseline_responders": contacted * pooled_r / pooled_n,
            "predicted_revenue": f["revenue"],
            "actual_revenue": None if measured is None else contacted * measured[0],
            "actual_revenue_error": None if measured is None else contacted * math.sqrt(measured[1]),
        })
    n = max(len(results), 1)
    errs = [r["predicted_responders"]["estimate"] - r["actual_responders"] for r in results]
    rev = [r for r in results if r["actual_revenue"] is not None and r["predicted_revenue"] is not None]
    rev_errs = [r["predicted_revenue"]["estimate"] - r["actual_revenue"] for r in rev]
    covered = [r for r in rev if abs(r["predicted_revenue"]["estimate"] - r["actual_revenue"])
               <= Z * math.sqrt(r["predicted_revenue"]["standard_error"] ** 2 + r["actual_revenue_error"] ** 2)]
    summary = {
        "campaigns": len(results),
        "mean_actual_responders": sum(r["actual_responders"] for r in results) / n,
        "responders_mae": sum(abs(e) for e in errs) / n,
        "responders_bias": sum(errs) / n,
        "baseline_responders_mae": sum(abs(r["baseline_responders"] - r["actual_responders"]) for r in results) / n,
        "responders_coverage": sum(1 for r in results if r["predicted_responders"]["low"] <= r["actual_responders"]
                                   <= r["predicted_responders"]["high"]) / n,
        "control_campaigns": len(rev),
        "revenue_mae": sum(abs(e) for e in rev_errs) / len(rev) if rev else None,
        "zero_revenue_mae": sum(abs(r["actual_revenue"]) for r in rev) / len(rev) if rev else None,
        "revenue_coverage": len(covered) / len(rev) if rev else None,
    }
    return results, summary


# ---------------------------------------------------------------- output

def finite(x):
    return None if x is None or math.isinf(x) else x


def main():
    rows = make_history()
    model = Model(rows)
    paths = [(), ("email",), ("email", "discount"), ("email", "discount", "champions"),
             ("social", "loyalty", "hibernating"), ("sms", "discount", "no purchase"), ("sms", "seasonal"),
             ("sms", "seasonal", "new"), ("email", "loyalty", "at risk")]
    nodes = []
    for path in paths:
        node = {"path": list(path), "response_rate": list(model.rate(path))}
        for m in MEASURES:
            u = model.uplift(m, path)
            node[m + "_uplift"] = None if u is None else list(u)
        nodes.append(node)
    plans = [
        {"channel": "email", "campaign_type": "discount",
         "cells": [("champions", 1200, None, None), ("at risk", 800, None, None)]},
        {"channel": "social", "campaign_type": "loyalty",
         "cells": [("hibernating", 300, None, None), ("no purchase", 500, None, None), ("new", 0, None, None)]},
        {"channel": "sms", "campaign_type": "seasonal", "cells": [("new", 1000, None, None), ("champions", 250, None, None)]},
        {"channel": "email", "campaign_type": "loyalty",
         "cells": [("champions", 400, 38.5, 31.2), ("new", 600, 21.0, 19.4)]},
    ]
    forecasts = []
    for plan in plans:
        f = model.forecast(plan["channel"], plan["campaign_type"], plan["cells"])
        forecasts.append({
            "channel": plan["channel"], "campaign_type": plan["campaign_type"],
            "cells": [{"cell": c, "customers": n, "propensity_sum": ps, "propensity_variance_sum": pv}
                      for c, n, ps, pv in plan["cells"]],
            "result": f,
        })
    results, summary = backtest(rows, "2025-12-31")
    fixture = {
        "history": rows,
        "campaign_correlation": model.rho_c,
        "campaign_uplift_variance": model.tau2_c,
        "strengths": [{"parent": list(p), "value": finite(k)} for p, k in sorted(model.kappa.items())],
        "level_strengths": [finite(k) for k in model.level_kappa],
        "level_between_variances": model.level_tau2,
        "type_factors": {k: list(v) for k, v in sorted(model.type_factors.items())},
        "cell_factors": {k: list(v) for k, v in sorted(model.cell_factors.items())},
        "nodes": nodes,
        "forecasts": forecasts,
        "backtest": {"as_of": "2025-12-31", "campaigns": results, "summary": summary},
    }
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "..", "Tests", "AnalyticsTests", "Fixtures", "campaign_simulation.json")
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.normpath(out), "-", len(rows), "history rows,", summary["campaigns"], "campaigns backtested")


if __name__ == "__main__":
    main()
