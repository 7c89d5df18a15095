#!/usr/bin/env python3
"""Reference fixtures for the Swift logistic regression behind the propensity
scores (Tests/AnalyticsTests/Fixtures/logistic_reference.json).

Each case is a seeded feature matrix (raw values, rounded so the JSON holds
them exactly), 0/1 labels and a penalty λ. The reference fit uses the same
convention as Sources/Analytics/Propensity/LogisticRegression.swift:

  * features standardised with the training mean and the population standard
    deviation (divided by n); a column that does not vary is left out;
  * minimise  -sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)] + (lambda / 2) sum_j beta_j^2
    over the intercept beta_0 (unpenalised) and beta.

It is solved twice, independently: by scipy's trust-region Newton method on
that objective with its exact gradient and Hessian, and by scikit-learn's
LogisticRegression(C = 1 / lambda) (penalty None for lambda = 0); the script
stops unless both agree to 1e-6, a hundred times tighter than the Swift test.
The fixture also holds the fitted probabilities' AUC, log loss and Brier
score from scikit-learn's metrics, and predictions with many ties to check
the AUC's tie rule against.

Usage (from the repository root):
  python3.11 -m venv /tmp/propensity-venv
  /tmp/propensity-venv/bin/pip install -r scripts/propensity-reference/requirements.txt
  /tmp/propensity-venv/bin/python scripts/propensity-reference/make_fixtures.py
"""
import json
import os

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "AnalyticsTests", "Fixtures",
                   "logistic_reference.json")


def population(rng, n, constant_column=False):
    """Features shaped like the propensity features: counts, logs of money,
    a share, an indicator, a probability, correlated with each other."""
    activity = rng.gamma(2.0, 1.0, n)
    orders = rng.poisson(activity * 2)
    log_orders = np.log1p(orders)
    log_revenue = np.log1p(orders * rng.gamma(3.0, 20.0, n))
    recency = np.log1p(rng.exponential(200.0 / (1 + activity), n))
    share = rng.beta(2.0, 3.0, n)
    flag = (rng.random(n) < 0.3).astype(float)
    p_alive = expit(2.0 - recency + 0.5 * log_orders)
    columns = [log_orders, log_revenue, recency, share, flag, p_alive]
    names = ["log_orders", "log_revenue", "log_recency", "channel_share", "unsubscribed", "p_alive"]
    if constant_column:
        columns.append(np.full(n, 3.0))
        names.append("constant")
    x = np.round(np.column_stack(columns), 4)
    return names, x


def labels(rng, x, intercept, beta):
    eta = intercept + x[:, :len(beta)] @ beta
    return (rng.random(len(eta)) < expit(eta)).astype(int)


def objective(theta, z, y, lam):
    eta = theta[0] + z @ theta[1:]
    loss = np.sum(np.logaddexp(0.0, eta) - y * eta)
    return loss + lam / 2 * np.sum(theta[1:] ** 2)


def gradient(theta, z, y, lam):
    r = expit(theta[0] + z @ theta[1:]) - y
    g = np.concatenate([[r.sum()], z.T @ r])
    g[1:] += lam * theta[1:]
    return g


def hessian(theta, z, y, lam):
    p = expit(theta[0] + z @ theta[1:])
    w = p * (1 - p)
    zz = np.column_stack([np.ones(len(z)), z])
    h = zz.T @ (zz * w[:, None])
    h[1:, 1:] += lam * np.eye(z.shape[1])
    return h


def reference_fit(names, x, y, lam):
    mean = x.mean(axis=0)
    sd = x.std(axis=0)  # ddof=0: population sd
    kept = [j for j in range(x.shape[1]) if sd[j] > 1e-12 * max(1.0, abs(mean[j]))]
    z = (x[:, kept] - mean[kept]) / sd[kept]
    start = np.zeros(len(kept) + 1)
    start[0] = np.log(y.mean() / (1 - y.mean()))
    result = minimize(objective, start, args=(z, y, lam), jac=gradient, hess=hessian, method="trust-exact",
                      options={"gtol": 1e-9, "maxiter": 1000})
    theta = result.x
    # trust-exact may stop with "cannot improve" once at the optimum to
    # rounding: the gradient is what decides.
    residual = np.max(np.abs(gradient(theta, z, y, lam)))
    assert result.success or residual < 1e-6, (result.message, residual)

    if lam > 0:
        model = LogisticRegression(C=1.0 / lam, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    else:
        model = LogisticRegression(penalty=None, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    model.fit(z, y)
    sk = np.concatenate([model.intercept_, model.coef_[0]])
    gap = np.max(np.abs(sk - theta))
    assert gap < 1e-6, f"scipy and scikit-learn disagree by {gap}"

    p = expit(theta[0] + z @ theta[1:])
    log_likelihood = float(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)))
    return {
        "features": [names[j] for j in kept],
        "constant_features": [names[j] for j in range(len(names)) if j not in kept],
        "means": mean[kept].tolist(),
        "standard_deviations": sd[kept].tolist(),
        "intercept": float(theta[0]),
        "coefficients": theta[1:].tolist(),
        "log_likelihood": log_likelihood,
        "objective": float(result.fun),
        "probabilities_head": p[:25].tolist(),
        "auc": float(roc_auc_score(y, p)),
        "log_loss": float(log_loss(y, p)),
        "brier_score": float(brier_score_loss(y, p)),
        "scipy_sklearn_gap": float(gap),
    }


def case(name, seed, n, lam, intercept, beta, constant_column=False):
    rng = np.random.default_rng(seed)
    names, x = population(rng, n, constant_column)
    y = labels(rng, x, intercept, np.array(beta))
    fitted = reference_fit(names, x, y, lam)
    print(f"{name}: n={n} positives={int(y.sum())} lambda={lam} auc={fitted['auc']:.4f} "
          f"scipy-sklearn gap {fitted['scipy_sklearn_gap']:.1e}")
    return {"name": name, "penalty": lam, "names": names, "rows": x.tolist(), "labels": y.tolist(), **fitted}


def tied_metrics(seed):
    """Predictions with many ties (two decimals), for AUC and log loss against scikit-learn."""
    rng = np.random.default_rng(seed)
    p = np.round(rng.beta(1.5, 6.0, 2000), 2)
    y = (rng.random(2000) < p).astype(int)
    return {
        "predictions": p.tolist(), "labels": y.tolist(),
        "auc": float(roc_auc_score(y, p)),
        "log_loss": float(log_loss(y, np.clip(p, 1e-15, 1 - 1e-15))),
        "brier_score": float(brier_score_loss(y, p)),
    }


def main():
    beta = [0.8, 0.3, -1.1, 0.6, -0.9, 1.5]
    cases = [
        case("moderate_penalty", 11, 2000, 1.0, -1.0, beta),
        case("strong_penalty", 11, 2000, 500.0, -1.0, beta),
        case("no_penalty", 12, 2000, 0.0, -0.5, beta),
        case("rare_positives_constant_column", 13, 4000, 2.0, -4.5, beta, constant_column=True),
    ]
    out = {"cases": cases, "tied_metrics": tied_metrics(21)}
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
