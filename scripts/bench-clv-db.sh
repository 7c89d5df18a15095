#!/usr/bin/env bash
# Times `crmwh clv fit` and `crmwh clv score` end to end on a private PostgreSQL
# cluster: the RFM summary query over dw.fact_sales, both fits, scoring every
# customer and writing dw.clv_model + dw.customer_score in one transaction.
#
# The facts are clv-bench's synthetic population (default 200,000 customers, one
# order line per purchase day), so the SQL summary must give the same parameters
# as the pure fit of scripts/bench-clv.sh; both are printed. With .venv-clv
# (see scripts/clv-reference/), lifetimes 0.11.3 fits and scores the same summary
# for comparison (without any database work on its side).
#
# Each command runs REPEAT times (default 3); the fastest run is reported.
#
# Usage: scripts/bench-clv-db.sh [CUSTOMERS] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-200000}"
repeats="${2:-3}"
as_of=2026-10-31
work="$(mktemp -d)"
# As root, the cluster runs as postgres, which must reach its directory inside.
chmod o+x "$work"
export CRMWH_HOME="$work/cluster"
export CRMWH_SQL_DIR="$PWD/sql"
bin=.build/release
cleanup() {
    "$bin/crmwh" db stop --quiet >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

swift build -c release --product crmwh >/dev/null
swift build -c release --product clv-bench >/dev/null

"$bin/clv-bench" --customers "$customers" --repeat 1 --summary-out "$work/summary.csv" \
    --facts-out "$work/facts.tsv" --as-of "$as_of" | grep -E '^(customers|distinct_rows|bgnbd.params|gammagamma.params)='

"$bin/crmwh" db start --quiet
"$bin/crmwh" migrate --quiet
url="$("$bin/crmwh" db url)"
load_start=$(date +%s.%N)
# The bench facts point at the unknown members of every dimension; skipping the
# foreign-key triggers (superuser on the private cluster) keeps the load short.
psql -X -q -v ON_ERROR_STOP=1 "$url" <<SQL
set session_replication_role = replica;
\copy dw.fact_sales (order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key, campaign_key, quantity, unit_price, amount, currency, amount_base, is_return, etl_run_id, etl_file_id) from '$work/facts.tsv'
analyze dw.fact_sales;
SQL
echo "facts.rows=$(psql -X -A -t "$url" -c 'select count(*) from dw.fact_sales')"
echo "facts.load_seconds=$(echo "$(date +%s.%N) - $load_start" | bc)"

# Runs a crmwh command REPEAT times; prints the fastest wall time and keeps its JSON.
fastest() {
    local name="$1"; shift
    local best=""
    for _ in $(seq "$repeats"); do
        local start end elapsed
        start=$(date +%s.%N)
        "$bin/crmwh" "$@" --quiet --format json >"$work/$name.json"
        end=$(date +%s.%N)
        elapsed=$(echo "$end - $start" | bc)
        if [[ -z "$best" ]] || (( $(echo "$elapsed < $best" | bc) )); then
            best=$elapsed
            cp "$work/$name.json" "$work/$name.best.json"
        fi
    done
    echo "crmwh.${name}_seconds=$best"
    python3 - "$work/$name.best.json" "$name" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
fit = report.get("fit", report)
p, g, t = fit["bgnbd"]["parameters"], fit["gamma_gamma"]["parameters"], fit["timings"]
name = sys.argv[2]
print(f"crmwh.{name}.bgnbd.params=r {p['r']} alpha {p['alpha']} a {p['a']} b {p['b']} ({p['unit']}s)")
print(f"crmwh.{name}.gammagamma.params=p {g['p']} q {g['q']} v {g['v']}")
print(f"crmwh.{name}.steps=summary {t['summary_seconds']:.3f} s, fit {t['fit_seconds']:.3f} s, "
      f"score {t['score_seconds']:.3f} s, write {t['write_seconds']:.3f} s")
if "scores_written" in report:
    print(f"crmwh.{name}.scores_written={report['scores_written']}")
PY
}

fastest fit clv fit --as-of "$as_of" --unit week
fastest score clv score --as-of "$as_of" --unit week --refit

if [[ -x .venv-clv/bin/python ]]; then
    .venv-clv/bin/python scripts/clv-reference/lifetimes_bench.py "$work/summary.csv" "$repeats" bgnbd | tee "$work/lifetimes.txt"
    python3 - "$work/lifetimes.txt" "$work/fit.best.json" "$work/score.best.json" <<'PY'
import json, sys
lt = dict(line.split("=", 1) for line in open(sys.argv[1]).read().splitlines() if "=" in line)
fit_lt = float(lt["lifetimes.bgnbd_fit_seconds"]) + float(lt["lifetimes.gammagamma_fit_seconds"])
score_lt = fit_lt + float(lt["lifetimes.score_seconds"])
t = json.load(open(sys.argv[3]))["fit"]["timings"]
fit_swift = t["fit_seconds"]
total_swift = sum(t.values())
print(f"speedup.fit={fit_lt / fit_swift:.1f}x (lifetimes {fit_lt:.2f} s, crmwh {fit_swift:.3f} s)")
print(f"speedup.fit_and_score_end_to_end={score_lt / total_swift:.1f}x "
      f"(lifetimes fit+score {score_lt:.2f} s without a database, crmwh summary+fit+score+write {total_swift:.2f} s)")
PY
else
    echo "lifetimes: skipped (no .venv-clv; see scripts/clv-reference/make_fixtures.py)"
fi
