#!/usr/bin/env bash
# Load benchmark: generate order lines (and their customers), then in each
# round make a fresh warehouse (a new database: migrate, load the
# dimensions), load the CSV with psql \copy into a bare table and with
# `crmwh load`, and print both times' medians and their ratio, beside the
# server's floor (server_floor: the load's own rows stored alone). Twice: at
# LINES/CUSTOMERS (default 5,000,000 for 200,000 customers) and at 1,000,000
# for 50,000 customers (feeds generated independently; SMALL=0 skips it).
# Then the nightly case: the big file's last 1 % of lines (its last days)
# loaded into facts already holding the other 99 %. Uses a private
# PostgreSQL cluster in a temporary directory.
#
#   scripts/bench-load.sh [LINES] [CUSTOMERS]     (ROUNDS=3, SMALL=1, CRMWH_BIN)
set -euo pipefail
cd "$(dirname "$0")/.."

LINES=${1:-5000000}
CUSTOMERS=${2:-200000}
ROUNDS=${ROUNDS:-3}
SMALL=${SMALL:-1}
# CRMWH_BIN: another build to measure (an earlier one, say) instead of this tree's.
BIN=${CRMWH_BIN:-.build/release/crmwh}
[ -n "${CRMWH_BIN:-}" ] || swift build -c release --product crmwh >/dev/null

WORK=$(mktemp -d /tmp/crmwh-bench-XXXXXX)
chmod 755 "$WORK"
export CRMWH_HOME="$WORK/cluster"
cleanup() { "$BIN" db stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" db start --quiet
"$BIN" migrate --quiet
URL=$("$BIN" db url)
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# A fresh warehouse in database $1 with the dimensions of feeds $2 loaded.
fresh_warehouse() {
    psql "$URL" -q -c "set client_min_messages = warning" -c "drop database if exists $1" -c "create database $1"
    "$BIN" migrate --database "$URL dbname=$1" --quiet
    for feed in fx_rates products campaigns contacts; do
        "$BIN" load "$feed" "$2/$feed.csv" --database "$URL dbname=$1" --quiet >/dev/null || [ $? -eq 3 ]
    done
}

# server_floor DB: the server's share of a load on its own. The rows the
# load wrote (facts and line keys, in binary) are copied out, then timed:
# a binary COPY of them into bare tables created in the same transaction
# (frozen, no WAL under wal_level minimal: as the load's own), and the
# same with the load's four indexes built after it. Appends the seconds
# to rows_only and indexed.
server_floor() {
    local db_url="$URL dbname=$1" facts="$WORK/facts.bin" keys="$WORK/keys.bin"
    # Customer ids: readable by this user alone (the work folder is not).
    (umask 077; psql "$db_url" -q -c "\\copy (select * from dw.fact_sales) to '$facts' with (format binary)" \
        -c "\\copy (select * from dw.order_line_key) to '$keys' with (format binary)" -c "checkpoint")
    # store_rows INDEXES: the timed transaction, with the statements INDEXES
    # after the COPY; prints its seconds.
    store_rows() {
        local start
        start=$(now)
        psql "$db_url" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
begin;
create table bench_facts (like dw.fact_sales);
create table bench_keys (like dw.order_line_key);
\\copy bench_facts from '$facts' with (format binary, freeze)
\\copy bench_keys from '$keys' with (format binary, freeze)
$1
commit;
SQL
        since "$start"
        psql "$db_url" -q -c "drop table bench_facts, bench_keys" -c "checkpoint"
    }
    rows_only+=("$(store_rows "")")
    indexed+=("$(store_rows "
alter table bench_facts add primary key (order_id, line_no, customer_id, date_key);
create index on bench_facts (date_key);
create index on bench_facts (etl_file_id);
alter table bench_keys add primary key (order_id, line_no);")")
    rm -f "$facts" "$keys"
}

# bench LABEL LINES CUSTOMERS: rounds of \copy and crmwh load, each into a
# fresh warehouse; prints the medians and keeps the feeds in $WORK/LABEL.
bench() {
    local label=$1 lines=$2 customers=$3 feeds="$WORK/$1" db="bench_$1"
    echo "bench-load: generating $lines order lines for $customers customers"
    "$BIN" generate --customers "$customers" --transactions "$lines" --out "$feeds" --bad-ratio 0 --quiet
    local csv="$feeds/transactions.csv" rows size_mb copies=() loads=() rss=()
    rows_only=() indexed=()
    rows=$(($(wc -l < "$csv") - 1))
    size_mb=$(du -m "$csv" | cut -f1)
    for round in $(seq 1 "$ROUNDS"); do
        fresh_warehouse "$db" "$feeds"
        # Reference: psql \copy into a bare table with the same column types.
        psql "$URL dbname=$db" -q -c "create table bench_copy (order_id text, line_no int, customer_id text, sku text,
            category text, quantity numeric, unit_price numeric, discount numeric, amount numeric, currency text,
            ordered_at timestamptz, channel text, campaign_code text, status text, source_system text)" -c "checkpoint"
        local start=$(now)
        psql "$URL dbname=$db" -q -c "\\copy bench_copy from '$csv' with (format csv, header true)"
        copies+=("$(since "$start")")
        psql "$URL dbname=$db" -q -c "drop table bench_copy" -c "checkpoint"
        # Peak memory from GNU time when it is installed (Debian package "time").
        local timer=""
        [ -x /usr/bin/time ] && timer="/usr/bin/time -f %M -o $WORK/rss"
        start=$(now)
        $timer "$BIN" load transactions "$csv" --database "$URL dbname=$db" --quiet > "$WORK/summary" || [ $? -eq 3 ]
        loads+=("$(since "$start")")
        rss+=("$([ -s "$WORK/rss" ] && echo $(( $(cat "$WORK/rss") / 1024 )) || echo 0)")
        server_floor "$db"
        printf '  round %d: \\copy %.2f s, crmwh load %.2f s, the rows alone %.2f s, with their indexes %.2f s\n' \
            "$round" "${copies[-1]}" "${loads[-1]}" "${rows_only[-1]}" "${indexed[-1]}"
    done
    psql "$URL" -q -c "drop database $db"
    local copy_s load_s
    copy_s=$(median "${copies[@]}")
    load_s=$(median "${loads[@]}")
    RESULTS+=("$(awk -v label="$label" -v rows="$rows" -v mb="$size_mb" -v c="$copy_s" -v l="$load_s" -v n="$ROUNDS" \
        -v rss="$(median "${rss[@]}")" -v cs="${copies[*]}" -v ls="${loads[*]}" \
        -v f="$(median "${rows_only[@]}")" -v fs="${rows_only[*]}" -v x="$(median "${indexed[@]}")" -v xs="${indexed[*]}" 'BEGIN {
        printf "\n%s: %d order lines, %d MB CSV, fresh warehouse each round, median of %d\n", label, rows, mb, n
        printf "  %-38s %7.2f s  %9.0f rows/s  (%s)\n", "psql \\copy into a bare table", c, rows / c, cs
        printf "  %-38s %7.2f s  %9.0f rows/s  (%s)  peak RSS %d MB\n", "crmwh load (validate, conform, merge)", l, rows / l, ls, rss
        printf "  ratio crmwh / \\copy: %.2f\n", l / c
        printf "  %-38s %7.2f s  (%s)  ratio to \\copy %.2f\n", "server floor: the rows alone", f, fs, f / c
        printf "  %-38s %7.2f s  (%s)  ratio to \\copy %.2f\n", "server floor: with their indexes", x, xs, x / c
    }')")
}

RESULTS=()
bench big "$LINES" "$CUSTOMERS"
[ "$SMALL" = 1 ] && bench small 1000000 50000

# The nightly case: history first, then the increment into indexed facts.
CSV="$WORK/big/transactions.csv"
ROWS=$(($(wc -l < "$CSV") - 1))
NIGHTLY_ROWS=$((ROWS / 100))
head -n $((ROWS + 1 - NIGHTLY_ROWS)) "$CSV" > "$WORK/history.csv"
{ head -n 1 "$CSV"; tail -n "$NIGHTLY_ROWS" "$CSV"; } > "$WORK/nightly.csv"
fresh_warehouse crmwh_nightly "$WORK/big"
NIGHTLY_DB="$URL dbname=crmwh_nightly"
"$BIN" load transactions "$WORK/history.csv" --database "$NIGHTLY_DB" --quiet >/dev/null || [ $? -eq 3 ]
psql "$NIGHTLY_DB" -q -c "vacuum analyze dw.fact_sales" -c "checkpoint"
start=$(now)
"$BIN" load transactions "$WORK/nightly.csv" --database "$NIGHTLY_DB" --quiet >/dev/null || [ $? -eq 3 ]
nightly_s=$(since "$start")

printf '%s\n' "${RESULTS[@]}"
awk -v rows="$NIGHTLY_ROWS" -v total="$ROWS" -v n="$nightly_s" 'BEGIN {
    printf "\nnightly: %d lines into %d\n  %-38s %7.2f s  %9.0f rows/s\n", rows, total - rows, "crmwh load, nightly 1 % increment", n, rows / n
}'
