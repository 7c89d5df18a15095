#!/usr/bin/env bash
# Times the CLV models on a synthetic population (default 200,000 customers):
# BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma fits and scoring with each purchase
# model (P(alive), expected purchases and 12-month CLV for everyone),
# and, when the reference venv exists (.venv-clv, see scripts/clv-reference/),
# lifetimes 0.11.3 on the very same summary.
#
# Each step is run REPEAT times (default 3) and the fastest run is reported, for
# both implementations: the machine is shared and the minimum is the least noisy.
#
# Usage: scripts/bench-clv.sh [CUSTOMERS] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-200000}"
repeats="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product clv-bench >/dev/null
swift run -c release --skip-build clv-bench --customers "$customers" --repeat "$repeats" --summary-out "$work/summary.csv" | tee "$work/swift.txt"

if [[ -x .venv-clv/bin/python ]]; then
    .venv-clv/bin/python scripts/clv-reference/lifetimes_bench.py "$work/summary.csv" "$repeats" | tee "$work/lifetimes.txt"
    awk -F= '
        FNR == NR { swift[$1] = $2; next }
        { lifetimes[$1] = $2 }
        END {
            n = split("bgnbd_fit_seconds mbgnbd_fit_seconds paretonbd_fit_seconds gammagamma_fit_seconds score_seconds mbgnbd_score_seconds paretonbd_score_seconds", keys, " ")
            for (i = 1; i <= n; i++) {
                k = keys[i]
                printf "speedup.%s=%.1fx\n", k, lifetimes["lifetimes." k] / swift["swift." k]
            }
        }' "$work/swift.txt" "$work/lifetimes.txt"
else
    echo "lifetimes: skipped (no .venv-clv; see scripts/clv-reference/make_fixtures.py)"
fi
