#!/usr/bin/env bash
# The distributed suite (make test-citus): the whole pipeline — migrate,
# every feed, re-sent and changed-customer files, full and nightly
# refreshes, CLV, every report, the KPI export, a second migrate — on a
# Citus coordinator with two workers on loopback and on single-node
# PostgreSQL, then every warehouse table, mart and report compared: the
# tables row for row, the report CSVs byte for byte.
#
# It runs when CRMWH_TEST_CITUS=1 and the Citus extension is installed in
# this machine's PostgreSQL; otherwise it says that it was skipped and why.
# Citus is not packaged here: build it from its source and `make install`
# it against this PostgreSQL's pg_config (docs/scaling.md).
set -uo pipefail
cd "$(dirname "$0")/.."

PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)")
skip() { echo "test-citus: SKIPPED: $1"; exit 0; }
[ "${CRMWH_TEST_CITUS:-}" = 1 ] || skip "set CRMWH_TEST_CITUS=1 to run the pipeline on a Citus cluster (needs the citus extension installed)"
[ -x "$PG_BIN/pg_ctl" ] || skip "no PostgreSQL server binaries under /usr/lib/postgresql"
SHARE=$("$PG_BIN/pg_config" --sharedir)
[ -f "$SHARE/extension/citus.control" ] || skip "the citus extension is not installed in $SHARE/extension"

swift build --product crmwh >/dev/null || exit 1
BIN="$PWD/.build/debug/crmwh"
WORK=$(mktemp -d /tmp/crmwh-citus.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/sock" && { [ "$(id -u)" != 0 ] || chown postgres "$WORK/sock"; }
unset DATABASE_URL CRMWH_DATABASE CRMWH_CONFIG CRMWH_ENGINE PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGSERVICE
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
NODES=()
cleanup() {
    for node in "${NODES[@]}"; do as_postgres "$PG_BIN/pg_ctl" -D "$WORK/$node" -m immediate stop >/dev/null 2>&1; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# A free loopback port for each node.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_node() {   # start_node NAME PORT CITUS(yes|no)
    local name=$1 port=$2
    mkdir -m 700 "$WORK/$name" && { [ "$(id -u)" != 0 ] || chown postgres "$WORK/$name" "$WORK"; }
    as_postgres "$PG_BIN/initdb" -D "$WORK/$name" -A trust -U postgres >/dev/null || return 1
    {
        echo "port = $port"
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = '$WORK/sock'"
        echo "fsync = off"
        echo "max_connections = 200"
        [ "$3" = yes ] && echo "shared_preload_libraries = 'citus'"
    } >> "$WORK/$name/postgresql.conf"
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/$name" -l "$WORK/$name.log" -w start >/dev/null || { cat "$WORK/$name.log"; return 1; }
    NODES+=("$name")
    psql "host=$WORK/sock port=$port user=postgres dbname=postgres" -XAtqc "create database crmwh" || return 1
    [ "$3" = yes ] && { psql "host=$WORK/sock port=$port user=postgres dbname=crmwh" -XAtqc "create extension citus" || return 1; }
    return 0
}

echo "test-citus: starting a coordinator, two workers and a single-node server"
COORD_PORT=$(free_port); W1_PORT=$(free_port); W2_PORT=$(free_port); SINGLE_PORT=$(free_port)
start_node coordinator "$COORD_PORT" yes && start_node worker1 "$W1_PORT" yes && start_node worker2 "$W2_PORT" yes \
    && start_node single "$SINGLE_PORT" no || { echo "test-citus: FAIL: could not start the servers"; exit 1; }
CITUS="host=$WORK/sock port=$COORD_PORT user=postgres dbname=crmwh"
SINGLE="host=$WORK/sock port=$SINGLE_PORT user=postgres dbname=crmwh"
psql "$CITUS" -XAtq -c "select citus_set_coordinator_host('127.0.0.1', $COORD_PORT)" \
    -c "select citus_add_node('127.0.0.1', $W1_PORT)" -c "select citus_add_node('127.0.0.1', $W2_PORT)" >/dev/null \
    || { echo "test-citus: FAIL: could not add the workers"; exit 1; }

passed=0 failed=0
check() {   # check NAME COMMAND...: one assertion, with the seconds it took
    local name=$1 started; shift
    started=$(date +%s.%N)
    if "$@"; then
        passed=$((passed + 1)); echo "  ok    $name ($(awk -v now="$(date +%s.%N)" -v then="$started" 'BEGIN { printf "%.1f", now - then }') s)"
    else
        failed=$((failed + 1)); echo "  FAIL  $name"; return 1
    fi
}

# The feeds: a generated history, then a night that adds lines, re-sends
# some with new amounts, moves some to another customer and re-sends
# interactions.
FEEDS="$WORK/feeds"
# CRMWH_TEST_CITUS_CUSTOMERS and _TRANSACTIONS make it larger, to measure.
"$BIN" generate --customers "${CRMWH_TEST_CITUS_CUSTOMERS:-3000}" --transactions "${CRMWH_TEST_CITUS_TRANSACTIONS:-60000}" \
    --out "$FEEDS" --seed 7 --end-date 2026-10-31 --quiet || exit 1
mkdir -p "$FEEDS/night"
{
    head -n 1 "$FEEDS/transactions.csv"
    # 300 lines re-sent with a different amount and unit price.
    sed -n '1001,1300p' "$FEEDS/transactions.csv" | awk -F, -v OFS=, '$7 != "" { $7 = $7 + 1; $9 = "" } { print }'
    # 100 lines re-sent under another customer (the one of line 3001).
    other=$(sed -n '3001p' "$FEEDS/transactions.csv" | cut -d, -f3)
    sed -n '2001,2100p' "$FEEDS/transactions.csv" | awk -F, -v OFS=, -v other="$other" '$3 != other { $3 = other; print }'
} > "$FEEDS/night/transactions_resent.csv"
# The last tenth of the history arrives as the night's new lines.
total=$(($(wc -l < "$FEEDS/transactions.csv") - 1))
keep=$((total * 9 / 10))
head -n $((keep + 1)) "$FEEDS/transactions.csv" > "$FEEDS/transactions_history.csv"
{ head -n 1 "$FEEDS/transactions.csv"; tail -n +$((keep + 2)) "$FEEDS/transactions.csv"; } > "$FEEDS/night/transactions_new.csv"
{ head -n 1 "$FEEDS/interactions.csv"; sed -n '501,700p' "$FEEDS/interactions.csv"; } > "$FEEDS/night/interactions_resent.csv"

# pipeline NAME CONNINFO [--distributed]: the same steps on one engine;
# reports and exports under $WORK/out/NAME.
pipeline() {
    local name=$1 db=$2 out="$WORK/out/$1"; shift 2
    mkdir -p "$out"
    local config="$WORK/$name.yaml"
    # The generated feeds plant bad records (about 1 in 1,000, more in the
    # small files): they are rejected alike on both engines, not warnings.
    printf 'warehouse: { warning_reject_ratio: 0.2 }\ndirectories: { inbox: %s, archive: %s, error: %s, output: %s }\n' \
        "$WORK/inbox-$name" "$WORK/archive-$name" "$WORK/error-$name" "$out" > "$config"
    run() { "$BIN" "$@" --database "$db" --config "$config" --quiet >>"$out/log" 2>&1 || { echo "        $name: crmwh $1 failed:"; tail -n 5 "$out/log" | sed 's/^/        /'; return 1; }; }
    check "$name: migrate" run migrate "$@" || return 1
    for feed in fx_rates products campaigns contacts; do check "$name: load $feed" run load "$feed" "$FEEDS/$feed.csv" --reject-dir "$out" || return 1; done
    check "$name: load the transaction history" run load transactions "$FEEDS/transactions_history.csv" --reject-dir "$out" || return 1
    check "$name: load interactions" run load interactions "$FEEDS/interactions.csv" --reject-dir "$out" || return 1
    check "$name: full refresh" run refresh --full || return 1
    check "$name: clv fit" run clv fit || return 1
    check "$name: clv score" run clv score || return 1
    for file in transactions_new transactions_resent interactions_resent; do
        check "$name: load night/$file" run load "${file%%_*}" "$FEEDS/night/$file.csv" --reject-dir "$out" || return 1
    done
    check "$name: nightly refresh" run refresh || return 1
    check "$name: migrate again" run migrate "$@" || return 1
    for report in $("$BIN" report --list --database "$db" --quiet | awk '{ print $1 }'); do
        check "$name: report $report" run report "$report" --format csv --out "$out/report-$report.csv" || return 1
    done
    check "$name: kpi export" run export kpi --period 2026-09 --out "$out/kpi-2026-09.csv" || return 1
    # Point in time: the campaign report as of a past day reads the facts, not the stored report.
    check "$name: report campaign_response --as-of" \
        run report campaign_response --as-of 2026-06-30 --format csv --out "$out/report-campaign_response-2026-06-30.csv" || return 1
    # The predictive layer: propensities (stored, compared with the tables
    # below), a campaign plan, and the campaign backtest.
    check "$name: score propensity" run score propensity || return 1
    check "$name: simulate a campaign plan" run simulate campaign --segments "at risk,hibernating" --channel email --type discount \
        --cost-per-contact 0.05 --format csv --out "$out/simulate-plan.csv" || return 1
    check "$name: simulate the campaign backtest" \
        run simulate campaign --backtest --format csv --out "$out/simulate-backtest.csv" || return 1
}

echo "test-citus: single-node PostgreSQL"
SECONDS=0; pipeline single "$SINGLE"; single_seconds=$SECONDS
echo "test-citus: Citus, a coordinator and two workers"
SECONDS=0; pipeline citus "$CITUS" --distributed; citus_seconds=$SECONDS
echo "test-citus: the pipeline took ${single_seconds} s on single-node PostgreSQL, ${citus_seconds} s on Citus"

# Where the tables live on Citus.
placement() { psql "$CITUS" -XAtqc "select coalesce((select partmethod::text from pg_dist_partition where logicalrelid = '$1'::regclass), 'local')"; }
check "dw.fact_sales is distributed by hash" [ "$(placement dw.fact_sales)" = h ]
check "dw.dim_customer is distributed by hash" [ "$(placement dw.dim_customer)" = h ]
check "mart.customer_summary is distributed by hash" [ "$(placement mart.customer_summary)" = h ]
check "dw.dim_product is a reference table" [ "$(placement dw.dim_product)" = n ]
check "dw.customer_source_key is a reference table" [ "$(placement dw.customer_source_key)" = n ]
check "the customer tables are co-located" [ "$(psql "$CITUS" -XAtqc "select count(distinct colocationid) from pg_dist_partition where partmethod = 'h'")" = 1 ]
check "shards live on both workers" [ "$(psql "$CITUS" -XAtqc "select count(distinct nodeport) from citus_shards where table_name = 'dw.fact_sales'::regclass")" = 2 ]

# The lines re-sent under another customer: one row each, under the new one.
moved_lines() {   # moved_lines CONNINFO: moved order lines not held by the new customer, or held twice
    local values
    values=$(tail -n +2 "$FEEDS/night/transactions_resent.csv" | awk -F, -v other="$other" '$3 == other { printf "%s(\x27%s\x27, %s)", sep, $1, $2; sep = ", " }')
    psql "$1" -XAtqc "
        select count(*) filter (where n <> 1 or not moved)
        from (
            -- A line the file had to reject stays where it was.
            select v.order_id, v.line_no, count(f.*) as n,
                bool_and(f.etl_file_id <> (select max(file_id) from etl.file where path like '%/transactions_resent.csv')
                    or f.customer_id = (select customer_id from dw.customer_source_key
                        where source_system = f.source_system and source_customer_id = '$other')) as moved
            from (values $values) as v(order_id, line_no)
            left join dw.fact_sales as f using (order_id, line_no)
            group by v.order_id, v.line_no
        ) as lines"
}
other=$(sed -n '3001p' "$FEEDS/transactions.csv" | cut -d, -f3)
check "single: the lines re-sent under another customer are one row each, under it" [ "$(moved_lines "$SINGLE")" = 0 ]
check "citus: the lines re-sent under another customer are one row each, under it" [ "$(moved_lines "$CITUS")" = 0 ]

# Every table and stored report of dw and mart, all columns but those
# that record when a row was written, sorted: identical on both engines.
dump_tables() {   # dump_tables CONNINFO DIR
    mkdir -p "$2"
    psql "$1" -XAtq -F ' ' -c "
        select n.nspname || '.' || c.relname,
            string_agg(quote_ident(a.attname), ', ' order by a.attnum)
        from pg_class as c
        join pg_namespace as n on n.oid = c.relnamespace
        join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname in ('dw', 'mart') and c.relkind in ('r', 'p', 'm') and not c.relispartition
            and a.attname not in ('first_seen_at', 'fitted_at', 'scored_at', 'loaded_at', 'created_at')
        group by 1 order by 1" | while read -r table columns; do
        psql "$1" -XAtq -c "copy (select $columns from $table order by $columns) to stdout with (format csv)" > "$2/$table.csv"
    done
}
dump_tables "$SINGLE" "$WORK/tables/single"
dump_tables "$CITUS" "$WORK/tables/citus"
for file in "$WORK"/tables/single/*.csv; do
    table=$(basename "$file" .csv)
    check "table $table identical ($(wc -l < "$file") rows)" cmp -s "$file" "$WORK/tables/citus/$table.csv" \
        || diff "$file" "$WORK/tables/citus/$table.csv" | head -n 6 | sed 's/^/        /'
done
check "the same tables on both engines" [ "$(ls "$WORK/tables/single")" = "$(ls "$WORK/tables/citus")" ]
for file in "$WORK"/out/single/*.csv; do
    name=$(basename "$file")
    case $name in *.rejects.csv) continue ;; esac
    check "report $name byte-identical" cmp -s "$file" "$WORK/out/citus/$name" \
        || diff "$file" "$WORK/out/citus/$name" | head -n 6 | sed 's/^/        /'
done

echo "test-citus: $passed passed, $failed failed"
[ "$failed" = 0 ]
