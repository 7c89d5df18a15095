#!/usr/bin/env bash
# Scale curve: the same pipeline at 1 M, 2 M and 5 M order lines (one
# customer per 25 lines, as bench-load and bench-marts), each in a fresh
# warehouse of one private cluster: load the generated feeds, then a full
# `crmwh refresh`. Prints the time per order line of the transaction load,
# of the refresh and of both, and checks that the cost stays linear: the
# largest size within 5.5 × the smallest's time when it is 5 × the lines.
# In the same run, per size, psql \copy of the same transactions file into a
# bare table is the reference the load is compared with.
#
#   scripts/bench-scale.sh [LINES ...]     (default 1000000 2000000 5000000)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 2000000 5000000)
BIN=.build/release/crmwh
swift build -c release --product crmwh >/dev/null

WORK=$(mktemp -d /tmp/crmwh-bench-scale-XXXXXX)
chmod 755 "$WORK"
export CRMWH_HOME="$WORK/cluster"
export CRMWH_SQL_DIR="$PWD/sql"
cleanup() { "$BIN" db stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
"$BIN" db start --quiet
URL=$("$BIN" db url)

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rows=()

for lines in "${SIZES[@]}"; do
    customers=$((lines / 25))
    feeds="$WORK/feeds-$lines"
    db="scale_$lines"
    echo "bench-scale: $lines order lines for $customers customers" >&2
    "$BIN" generate --customers "$customers" --transactions "$lines" --out "$feeds" --bad-ratio 0 --quiet
    psql "$URL" -qX -c "create database $db" >/dev/null
    target="$URL dbname=$db"
    "$BIN" migrate --database "$target" --quiet
    for feed in fx_rates products campaigns contacts interactions; do
        "$BIN" load "$feed" "$feeds/$feed.csv" --database "$target" --quiet >/dev/null || [ $? -eq 3 ]
    done
    actual=$(($(wc -l < "$feeds/transactions.csv") - 1))

    # Reference: psql \copy of the same file into a bare table.
    psql "$target" -qX -c "create table bench_copy (order_id text, line_no int, customer_id text, sku text,
        category text, quantity numeric, unit_price numeric, discount numeric, amount numeric, currency text,
        ordered_at timestamptz, channel text, campaign_code text, status text, source_system text)" -c checkpoint
    start=$(seconds)
    psql "$target" -qX -c "\\copy bench_copy from '$feeds/transactions.csv' with (format csv, header true)"
    copy_s=$(elapsed "$start" "$(seconds)")
    psql "$target" -qX -c "drop table bench_copy" -c checkpoint

    start=$(seconds)
    "$BIN" load transactions "$feeds/transactions.csv" --database "$target" --quiet >/dev/null || [ $? -eq 3 ]
    load_s=$(elapsed "$start" "$(seconds)")
    start=$(seconds)
    "$BIN" refresh --database "$target" --quiet >/dev/null
    refresh_s=$(elapsed "$start" "$(seconds)")
    rows+=("$actual $copy_s $load_s $refresh_s")
    psql "$URL" -qX -c "drop database $db" >/dev/null
    rm -rf "$feeds"
done

echo
printf '%12s %9s %9s %12s %10s %13s %13s %13s\n' "order lines" "\\copy s" "load s" "load/\\copy" "refresh s" \
    "load µs/line" "refr µs/line" "total µs/line"
for row in "${rows[@]}"; do
    read -r n c l r <<< "$row"
    awk -v n="$n" -v c="$c" -v l="$l" -v r="$r" 'BEGIN {
        printf "%12d %9.2f %9.2f %12.2f %10.2f %13.2f %13.2f %13.2f\n", n, c, l, l / c, r,
            1e6 * l / n, 1e6 * r / n, 1e6 * (l + r) / n
    }'
done
read -r n1 _ l1 r1 <<< "${rows[0]}"
read -r nk _ lk rk <<< "${rows[${#rows[@]} - 1]}"
awk -v n1="$n1" -v nk="$nk" -v l1="$l1" -v lk="$lk" -v r1="$r1" -v rk="$rk" 'BEGIN {
    lines = nk / n1; limit = 1.1 * lines
    printf "largest / smallest: %.2f × the lines; load %.2f ×, refresh %.2f ×, both %.2f × (linear: at most %.1f ×) %s\n",
        lines, lk / l1, rk / r1, (lk + rk) / (l1 + r1), limit, ((lk + rk) / (l1 + r1) <= limit ? "OK" : "OVER")
}'
