#!/usr/bin/env bash
# Times the marts at scale: a private warehouse (crmwh db start with a
# temporary CRMWH_HOME) filled with SQL-generated data — by default 200,000
# customers and 2,000,000 orders (about 5 million order lines) over three
# years, with returns, campaign contacts and scores — then:
#   1. crmwh refresh (full rebuild), beside a reference: one grouped scan
#      of dw.fact_sales (customer × day revenue and orders) in the same run,
#      and the refresh's writes alone (write_floor),
#   2. a nightly increment of 1 % new lines and crmwh refresh (incremental),
#   3. the night after: responses from 1 % of the customers and a new cost
#      for one product, and crmwh refresh (incremental),
#   4. every report twice, the second (warm) run timed,
# and prints the timings as a table and the targets (full ≤ 60 s and ≤ 10×
# the reference scan, incremental ≤ 5 s) as OK or over.
#
# Usage: scripts/bench-marts.sh [CUSTOMERS] [ORDERS]
# KEEP=1 leaves the cluster running and its directory in place. CRMWH_BIN
# (a crmwh binary) and CRMWH_SQL_DIR (its sql directory) measure another
# build on the same generated data.
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-200000}"
orders="${2:-2000000}"
increment=$((orders / 100))
export CRMWH_HOME="$(mktemp -d /tmp/crmwh-bench-marts.XXXXXX)"
export CRMWH_SQL_DIR="${CRMWH_SQL_DIR:-$PWD/sql}"
cleanup() {
    if [[ "${KEEP:-0}" != 1 ]]; then
        "$crmwh" db stop --quiet >/dev/null 2>&1 || true
        rm -rf "$CRMWH_HOME"
    else
        echo "kept: CRMWH_HOME=$CRMWH_HOME"
    fi
}
[ -n "${CRMWH_BIN:-}" ] || swift build -c release --product crmwh >/dev/null
crmwh="${CRMWH_BIN:-$PWD/.build/release/crmwh}"
trap cleanup EXIT
"$crmwh" db start --quiet
"$crmwh" migrate --quiet
url="$("$crmwh" db url)"

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
results=()

start=$(seconds)
psql -q -X -v ON_ERROR_STOP=1 "$url" >/dev/null <<SQL
select setseed(0.5);
\i scripts/bench-marts-data.sql
select pg_temp.generate_dimensions($customers, '2023-01-01');
select pg_temp.generate_sales($customers, $orders, '2023-01-01', 1095, 1, 'A');
select pg_temp.generate_contacts($customers, '2023-01-01', 1095);
vacuum analyze;
SQL
results+=("generate data|$(elapsed "$start" "$(seconds)")")
lines=$(psql -qAtX "$url" -c "select count(*) from dw.fact_sales")

# The reference: one grouped scan of the facts, customer × day revenue and
# distinct orders, consumed whole, in the refresh's session settings (no
# JIT, its work_mem). Timed before and after the full refresh; the faster
# run is the reference, so the ratio is never flattered by a cold cache.
reference_scan() {
    local begin
    begin=$(seconds)
    psql -q -X -v ON_ERROR_STOP=1 "$url" >/dev/null <<SQL || return 1
set jit = off;
set work_mem = '256MB';
select count(*), sum(revenue), sum(orders)
from (
    select customer_id, date_key, sum(amount_base) as revenue, count(distinct order_id) as orders
    from dw.fact_sales
    group by 1, 2
) as customer_days;
SQL
    elapsed "$begin" "$(seconds)"
}
scan_before=$(reference_scan)

# Refresh logs its steps (refresh.steps=name: seconds, …) on stderr.
steps_of() { sed -n 's/.*refresh\.steps=//p' "$1" | tr -d '"'; }
start=$(seconds)
"$crmwh" refresh 2>"$CRMWH_HOME/refresh-full.log"
full=$(elapsed "$start" "$(seconds)")
results+=("refresh, full|$full")
scan_after=$(reference_scan)
scan=$(awk -v a="$scan_before" -v b="$scan_after" 'BEGIN { printf "%.2f", (a < b ? a : b) }')
results+=("reference: grouped scan of dw.fact_sales|$scan")

# The writes alone: every table of schema mart the full refresh left
# rows in, and the snapshot dw.fact_customer_month, copied out in binary,
# then timed: a binary COPY of them into bare tables created in the same
# transaction (frozen, as the refresh's emptied tables are written) and
# their indexes built. What no refresh of these tables can go below on
# this server, however it computes them.
write_floor() {
    local dir="$CRMWH_HOME/write-floor" tables table file begin
    # Customer ids: readable by this user alone.
    mkdir -m 700 -p "$dir"
    tables=$(psql -qAtX "$url" -c "
        select format('%I.%I', n.nspname, c.relname)
        from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
        where c.relkind = 'r' and (n.nspname = 'mart' or (n.nspname, c.relname) = ('dw', 'fact_customer_month'))
            and pg_relation_size(c.oid) > 0
        order by 1")
    {
        for table in $tables; do
            echo "\\copy $table to '$dir/${table//./__}.bin' with (format binary)"
        done
    } | psql -q -X -v ON_ERROR_STOP=1 "$url" >/dev/null
    {
        echo "begin;"
        echo "create schema write_floor;"
        for table in $tables; do
            file="$dir/${table//./__}.bin"
            echo "create table write_floor.${table//./__} (like $table);"
            echo "\\copy write_floor.${table//./__} from '$file' with (format binary, freeze)"
        done
        # The same indexes, on the bare copies.
        psql -qAtX "$url" -c "
            select regexp_replace(
                regexp_replace(i.indexdef, ' INDEX \\S+ ON (ONLY )?', ' INDEX ON '),
                ' ON \\S+ USING ', format(' ON write_floor.%s__%s USING ', i.schemaname, i.tablename)) || ';'
            from pg_indexes as i
            where format('%I.%I', i.schemaname, i.tablename) = any (string_to_array('$(echo $tables | tr ' ' ',')', ','))"
        echo "commit;"
    } > "$dir/floor.sql"
    begin=$(seconds)
    psql -q -X -v ON_ERROR_STOP=1 "$url" -f "$dir/floor.sql" >/dev/null
    elapsed "$begin" "$(seconds)"
    psql -q -X "$url" -c "set client_min_messages = warning" -c "drop schema write_floor cascade" >/dev/null
    rm -rf "$dir"
}
floor=$(write_floor)
results+=("reference: the full refresh's writes alone|$floor")

# The next night: 1 % more lines, all on the day after the last one.
psql -q -X -v ON_ERROR_STOP=1 "$url" >/dev/null <<SQL
select setseed(0.6);
\i scripts/bench-marts-data.sql
select pg_temp.generate_sales($customers, $increment, '2025-12-31', 1, 2, 'N');
analyze dw.fact_sales;
SQL
new_lines=$(psql -qAtX "$url" -c "select count(*) from dw.fact_sales where etl_file_id = 2")
start=$(seconds)
"$crmwh" refresh 2>"$CRMWH_HOME/refresh-incremental.log"
incremental=$(elapsed "$start" "$(seconds)")
results+=("refresh, incremental (+$new_lines lines)|$incremental")

# The night after: responses from 1 % of the customers to the latest
# campaign, and a new cost for one product (sold in every month).
psql -q -X -v ON_ERROR_STOP=1 "$url" >/dev/null <<SQL
select setseed(0.7);
insert into dw.fact_interaction (
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, etl_run_id, etl_file_id
)
select 'nightly-' || c.customer_id, timestamptz '2025-12-31 10:00+00', 20251231, c.customer_key, c.customer_id,
    -1, (select max(campaign_key) from dw.dim_campaign), 'responded', 3, 3
from dw.dim_customer as c
where c.is_current and c.customer_id <> 'unknown' and random() < 0.01;
insert into dw.interaction_key (interaction_id, customer_id, date_key)
select interaction_id, customer_id, date_key from dw.fact_interaction where etl_file_id = 3;
update dw.dim_product set unit_cost = unit_cost + 1, etl_file_id = 3
where product_key = (select min(product_key) from dw.dim_product where unit_cost is not null);
analyze dw.fact_interaction;
SQL
start=$(seconds)
"$crmwh" refresh 2>"$CRMWH_HOME/refresh-product.log"
product=$(elapsed "$start" "$(seconds)")
results+=("refresh, responses and a product's cost|$product")

for report in $("$crmwh" report --list | awk '{ print $1 }'); do
    "$crmwh" report "$report" --format csv --quiet >/dev/null
    start=$(seconds)
    "$crmwh" report "$report" --format csv --quiet >/dev/null
    results+=("report $report|$(elapsed "$start" "$(seconds)")")
done

echo
echo "customers: $customers   order lines: $lines   increment: $new_lines lines"
printf '%-44s %9s\n' "step" "seconds"
printf '%-44s %9s\n' "--------------------------------------------" "---------"
for row in "${results[@]}"; do
    printf '%-44s %9s\n' "${row%%|*}" "${row##*|}"
done
awk -v f="$full" -v i="$incremental" 'BEGIN { printf "incremental refresh / full refresh: %.1f %%\n", 100 * i / f }'
echo "reference scan (customer × day revenue and orders): $scan_before s before the full refresh, $scan_after s after"
awk -v w="$floor" -v s="$scan" -v f="$full" 'BEGIN {
    printf "the full refresh'"'"'s writes alone (its tables'"'"' rows copied in binary and indexed): %.2f s, %.2f reference scans, %.1f %% of the full refresh\n", w, w / s, 100 * w / f
}'
# The targets: full ≤ 60 s and ≤ 10 reference scans, nightly ≤ 5 s.
awk -v f="$full" -v s="$scan" -v i="$incremental" 'BEGIN {
    printf "%-44s %9s %9s  %s\n", "target", "measured", "limit", ""
    printf "%-44s %9.2f %9s  %s\n", "refresh, full (s)", f, "60", (f <= 60 ? "OK" : "over")
    printf "%-44s %9.2f %9s  %s\n", "refresh, full / reference scan", f / s, "10", (f / s <= 10 ? "OK" : "over")
    printf "%-44s %9.2f %9s  %s\n", "refresh, incremental (s)", i, "5", (i <= 5 ? "OK" : "over")
}'
echo "full refresh steps (s): $(steps_of "$CRMWH_HOME/refresh-full.log")"
echo "incremental refresh steps (s): $(steps_of "$CRMWH_HOME/refresh-incremental.log")"
echo "responses and product refresh steps (s): $(steps_of "$CRMWH_HOME/refresh-product.log")"
