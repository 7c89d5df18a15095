#!/usr/bin/env bash
# Load benchmark: generate order lines (and their customers), load them with
# `crmwh load`, and in the same run load the same CSV with psql \copy into a
# bare table; print both times and the ratio. Then, in a second warehouse of
# the same cluster, the nightly case: the file's last 1 % of lines (its last
# days) loaded into a fact table already holding the other 99 %. Uses a
# private PostgreSQL cluster in a temporary directory.
#
#   scripts/bench-load.sh [LINES] [CUSTOMERS]     (default 5000000 200000)
set -euo pipefail
cd "$(dirname "$0")/.."

LINES=${1:-5000000}
CUSTOMERS=${2:-200000}
BIN=.build/release/crmwh
swift build -c release --product crmwh >/dev/null

WORK=$(mktemp -d /tmp/crmwh-bench-XXXXXX)
chmod 755 "$WORK"
export CRMWH_HOME="$WORK/cluster"
cleanup() { "$BIN" db stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "bench-load: generating $LINES order lines for $CUSTOMERS customers"
"$BIN" generate --customers "$CUSTOMERS" --transactions "$LINES" --out "$WORK/feeds" --bad-ratio 0 --quiet
"$BIN" db start --quiet
"$BIN" migrate --quiet
URL=$("$BIN" db url)
for feed in fx_rates products campaigns contacts; do
    "$BIN" load "$feed" "$WORK/feeds/$feed.csv" --quiet >/dev/null || [ $? -eq 3 ]
done
SIZE_MB=$(du -m "$WORK/feeds/transactions.csv" | cut -f1)
ROWS=$(($(wc -l < "$WORK/feeds/transactions.csv") - 1))

# Reference: psql \copy into a bare table with the same column types.
psql "$URL" -q -c "create table bench_copy (order_id text, line_no int, customer_id text, sku text, category text,
    quantity numeric, unit_price numeric, discount numeric, amount numeric, currency text, ordered_at timestamptz,
    channel text, campaign_code text, status text, source_system text)"
psql "$URL" -q -c "checkpoint"
start=$(date +%s.%N)
psql "$URL" -q -c "\\copy bench_copy from '$WORK/feeds/transactions.csv' with (format csv, header true)"
copy_s=$(awk "BEGIN { print $(date +%s.%N) - $start }")
psql "$URL" -q -c "drop table bench_copy" -c "checkpoint"

# Peak memory from GNU time when it is installed (Debian package "time").
TIME=""
[ -x /usr/bin/time ] && TIME="/usr/bin/time -f %M -o $WORK/rss"
start=$(date +%s.%N)
$TIME "$BIN" load transactions "$WORK/feeds/transactions.csv" --quiet > "$WORK/summary" || [ $? -eq 3 ]
load_s=$(awk "BEGIN { print $(date +%s.%N) - $start }")
rss_mb=$([ -s "$WORK/rss" ] && echo $(( $(cat "$WORK/rss") / 1024 )) || echo "?")

# The nightly case: history first, then the increment into indexed facts.
NIGHTLY_ROWS=$((ROWS / 100))
head -n $((ROWS + 1 - NIGHTLY_ROWS)) "$WORK/feeds/transactions.csv" > "$WORK/history.csv"
{ head -n 1 "$WORK/feeds/transactions.csv"; tail -n "$NIGHTLY_ROWS" "$WORK/feeds/transactions.csv"; } > "$WORK/nightly.csv"
psql "$URL" -q -c "create database crmwh_nightly"
NIGHTLY_DB="$URL dbname=crmwh_nightly"
"$BIN" migrate --database "$NIGHTLY_DB" --quiet
for feed in fx_rates products campaigns contacts; do
    "$BIN" load "$feed" "$WORK/feeds/$feed.csv" --database "$NIGHTLY_DB" --quiet >/dev/null || [ $? -eq 3 ]
done
"$BIN" load transactions "$WORK/history.csv" --database "$NIGHTLY_DB" --quiet >/dev/null || [ $? -eq 3 ]
psql "$NIGHTLY_DB" -q -c "vacuum analyze dw.fact_sales" -c "checkpoint"
start=$(date +%s.%N)
"$BIN" load transactions "$WORK/nightly.csv" --database "$NIGHTLY_DB" --quiet >/dev/null || [ $? -eq 3 ]
nightly_s=$(awk "BEGIN { print $(date +%s.%N) - $start }")

printf '\nbench-load: %d order lines, %d MB CSV\n' "$ROWS" "$SIZE_MB"
awk -v rows="$ROWS" -v c="$copy_s" -v l="$load_s" -v rss="$rss_mb" 'BEGIN {
    printf "  %-38s %7.1f s  %9.0f rows/s\n", "psql \\copy into a bare table", c, rows / c
    printf "  %-38s %7.1f s  %9.0f rows/s  peak RSS %s MB\n", "crmwh load (validate, conform, merge)", l, rows / l, rss
    printf "  ratio crmwh / \\copy: %.2f\n", l / c
}'
awk -v rows="$NIGHTLY_ROWS" -v total="$ROWS" -v n="$nightly_s" 'BEGIN {
    printf "  %-38s %7.1f s  %9.0f rows/s  (%d lines into %d)\n", "crmwh load, nightly 1 % increment", n, rows / n, rows, total - rows
}'

