#!/usr/bin/env bash
# The fault-and-bad-input suite (make test-faults): each case of
# docs/reliability.md's fault matrix, performed against the release binary
# and a private PostgreSQL cluster this script starts and stops, with its
# outcome asserted. Ends with "N passed, M failed"; exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product crmwh >/dev/null || exit 1
BIN="$PWD/.build/release/crmwh"
WORK=$(mktemp -d /tmp/crmwh-faults.XXXXXX)
chmod 755 "$WORK"                        # the server runs as 'postgres' and must reach its socket
export CRMWH_HOME="$WORK/cluster"
unset DATABASE_URL CRMWH_DATABASE CRMWH_CONFIG PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGSERVICE
cleanup() { "$BIN" db stop --quiet >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
"$BIN" db start --quiet || exit 1
ADMIN=$("$BIN" db url)
DATA="$CRMWH_HOME/data"
PG_CTL=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)

passed=0 failed=0
check() {   # check NAME COMMAND...: one assertion
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "  ok    $name"; else failed=$((failed + 1)); echo "  FAIL  $name"; return 1; fi
}
sql() { psql "$DB" -XAtqc "$1"; }
eq() { [ "$1" = "$2" ] || { echo "        expected '$2', got '$1'" >&2; return 1; }; }
# A fresh, migrated database in the private cluster, as $DB; a case directory as $CASE.
fresh() {
    local name=$1
    psql "$ADMIN" -XAtq -c "set client_min_messages = warning" -c "drop database if exists $name" -c "create database $name" >/dev/null
    DB=${ADMIN/dbname=crmwh/dbname=$name}
    CASE="$WORK/$name"; mkdir -p "$CASE/inbox" "$CASE/config"
    printf 'directories: { inbox: ../inbox, archive: ../archive, error: ../error, output: ../out }\nanalysis: { clv: { enabled: false } }\nexports: []\n' \
        > "$CASE/config/crmwh.yaml"
    "$BIN" migrate --database "$DB" --quiet || echo "migrate failed" >&2
    echo "$1"
}
HEADER="order_id,line_no,customer_id,unit_price,currency,ordered_at"
good_lines() { for i in $(seq 1 "$2"); do echo "$1$i,1,C$((i % 50)),10.00,USD,2025-01-0$((i % 9 + 1))T10:00:00Z"; done; }
# One large generated feed for the cases that need a load to take a while.
big_feeds() {
    [ -f "$WORK/gen/transactions.csv" ] || "$BIN" generate --customers 20000 --transactions 600000 --out "$WORK/gen" --bad-ratio 0 --quiet
    lines=$(($(wc -l < "$WORK/gen/transactions.csv") - 1))
}
wait_for() {   # wait_for SQL: until it returns t, at most 30 s
    for _ in $(seq 1 300); do [ "$(psql "$DB" -XAtqc "$1" 2>/dev/null)" = t ] && return 0; sleep 0.1; done; return 1
}

case_f_nul() {   # a refused file with a NUL byte does not stop the night
    fresh f_nul >/dev/null
    { echo "$HEADER"; printf 'X1,\0\377 junk\n'; } > "$CASE/inbox/transactions_a.csv"
    { echo "$HEADER"; good_lines B 100; } > "$CASE/inbox/transactions_b.csv"
    "$BIN" run --config "$CASE/config/crmwh.yaml" --database "$DB" --quiet >/dev/null 2>"$CASE/log"; code=$?
    check "run exits 1 (one file refused)" eq "$code" 1
    check "the good file's 100 lines are loaded" eq "$(sql 'select count(*) from dw.fact_sales')" 100
    check "the bad file is in error/" test -f "$CASE/error/transactions_a.csv"
    check "the inbox is empty" eq "$(ls "$CASE/inbox" | wc -l)" 0
    check "the run ended in a final state" eq "$(sql "select count(*) from etl.run where status = 'running'")" 0
}

case_f_values() {   # values PostgreSQL refuses reject their record, not the file
    fresh f_values >/dev/null
    { echo "$HEADER"; good_lines G 100; printf 'N1,1,C\0001,10.00,USD,2025-01-02T10:00:00Z\n'
      echo "K1,1,$(head -c 10000 /dev/zero | tr '\0' k),10.00,USD,2025-01-02T10:00:00Z"
      echo "$(head -c 10000 /dev/zero | tr '\0' o),1,C1,10.00,USD,2025-01-02T10:00:00Z"; } > "$CASE/orders.csv"
    { for i in $(seq 1 20); do printf '{"interaction_id":"I%s","customer_id":"C1","occurred_at":"2025-01-02T10:00:00Z","type":"sent"}\n' "$i"; done
      printf '{"interaction_id":"IX","customer_id":"C\\u00002","occurred_at":"2025-01-02T10:00:00Z","type":"sent"}\n'; } > "$CASE/touches.ndjson"
    "$BIN" load transactions "$CASE/orders.csv" --database "$DB" --quiet >/dev/null 2>&1; code=$?
    check "load exits 3 (rejects above the warning level), not 1" eq "$code" 3
    check "the 100 good lines are loaded" eq "$(sql 'select count(*) from dw.fact_sales')" 100
    check "NUL and long keys are rejects with their rule" \
        eq "$(sql "select string_agg(rule, ',' order by record_no) from etl.reject")" "text.nul,key.too_long,key.too_long"
    "$BIN" load interactions "$CASE/touches.ndjson" --database "$DB" --quiet >/dev/null 2>&1
    check "a JSON \\u0000 rejects its record only" eq "$(sql 'select count(*) from dw.fact_interaction')" 20
}

case_f_json() {   # a JSON array with a missing comma is refused whole, never half read
    fresh f_json >/dev/null
    python3 - "$CASE/interactions.json" <<'PY'
import json, sys
items = [json.dumps({"interaction_id": f"I{i}", "customer_id": f"C{i}", "occurred_at": "2025-01-02T10:00:00Z", "type": "sent"}) for i in range(1000)]
text = "[\n" + ",\n".join(items[:20]) + "\n" + ",\n".join(items[20:]) + "\n]\n"   # no comma after element 20
open(sys.argv[1], "w").write(text)
PY
    "$BIN" load interactions "$CASE/interactions.json" --database "$DB" --quiet >/dev/null 2>&1; code=$?
    check "load exits 1" eq "$code" 1
    check "nothing of it is loaded" eq "$(sql 'select count(*) from dw.fact_interaction')" 0
    check "etl.file says failed, naming line 22" eq "$(sql "select status || ':' || (message like '%:22:%')::text from etl.file")" "failed:true"
}

case_f_dates() {   # far dates are rejected, and the marts keep every fact
    fresh f_dates >/dev/null
    { echo "$HEADER"; good_lines D 20; echo "F1,1,C1,10.00,USD,2099-01-02T10:00:00Z"; echo "F2,1,C1,10.00,USD,9999-12-31T10:00:00Z"; } > "$CASE/orders.csv"
    "$BIN" load transactions "$CASE/orders.csv" --database "$DB" --quiet >/dev/null 2>&1
    check "2099 and 9999 are date.out_of_range rejects" \
        eq "$(sql "select count(*) from etl.reject where rule = 'date.out_of_range'")" 2
    "$BIN" refresh --database "$DB" --quiet 2>/dev/null
    check "net revenue in mart.kpi_monthly equals sum(amount_base) of the facts" \
        eq "$(sql 'select (select sum(revenue) from mart.kpi_monthly) = (select sum(amount_base) from dw.fact_sales)')" t
}

case_f_full() {   # a rejects file that cannot be written fails the file
    fresh f_full >/dev/null
    { echo "$HEADER"; good_lines G 50; for i in $(seq 1 400); do echo "R$i,1,C1,not-a-price,USD,2025-01-02T10:00:00Z"; done; } > "$CASE/orders.csv"
    cp "$CASE/orders.csv" "$CASE/inbox/transactions.csv"
    # 64 KiB of file size: the rejects (spool and file) pass it; SIGXFSZ ignored so writes fail with EFBIG.
    (trap '' XFSZ; ulimit -f 64; exec "$BIN" load transactions "$CASE/orders.csv" --database "$DB") >/dev/null 2>"$CASE/log"; code=$?
    check "load exits 1" eq "$code" 1
    check "with a log line saying what could not be written" grep -q "cannot write" "$CASE/log"
    check "nothing is loaded" eq "$(sql 'select count(*) from dw.fact_sales')" 0
    check "no temporary file is left" eq "$(ls -A "$CASE" | grep -c '^\.')" 0
    (trap '' XFSZ; ulimit -f 64; exec "$BIN" run --config "$CASE/config/crmwh.yaml" --database "$DB" --quiet) >/dev/null 2>&1; code=$?
    check "a nightly run exits 1 and marks the run failed" \
        eq "$code:$(sql "select status from etl.run where command = 'run'")" "1:failed"
}

case_f_link() {   # the inbox never follows a link
    fresh f_link >/dev/null
    { echo "$HEADER"; echo "SECRET1,1,C1,1.00,USD,2025-01-02T10:00:00Z"; } > "$WORK/secret.csv"; chmod 600 "$WORK/secret.csv"
    ln -s "$WORK/secret.csv" "$CASE/inbox/transactions_link.csv"
    "$BIN" run --config "$CASE/config/crmwh.yaml" --database "$DB" >"$CASE/run.log" 2>&1; code=$?
    check "run exits 3 (a link is a warning)" eq "$code" 3 || tail -n 5 "$CASE/run.log"
    check "the linked file is not read" eq "$(sql "select count(*) from dw.fact_sales") $(grep -c SECRET1 "$CASE/run.log")" "0 0"
    check "the link stays" test -L "$CASE/inbox/transactions_link.csv"
}

case_f_bomb() {   # a gzip of long lines keeps memory bounded
    fresh f_bomb >/dev/null
    python3 - "$CASE/bomb.csv.gz" <<'PY'
import gzip, sys
line = b"x" * (65 * 1024 * 1024) + b"\n"
with gzip.open(sys.argv[1], "wb", compresslevel=9) as out:
    out.write(b"order_id,line_no,customer_id,unit_price,currency,ordered_at\n")
    for _ in range(12):
        out.write(line)
PY
    /usr/bin/time -f "%M" -o "$CASE/rss" "$BIN" load transactions "$CASE/bomb.csv.gz" --database "$DB" --quiet >/dev/null 2>&1
    rss_kb=$(tail -n 1 "$CASE/rss")
    echo "        peak RSS $((rss_kb / 1024)) MB for $(stat -c %s "$CASE/bomb.csv.gz") bytes of gzip ($((12 * 65)) MiB of lines)"
    check "peak RSS under 256 MB" test "$rss_kb" -lt $((256 * 1024))
    check "every line is a reject" eq "$(sql 'select count(*) from etl.reject')" 12
    check "the rejects file stays small" test "$(stat -c %s "$CASE/bomb.csv.gz.rejects.csv")" -lt $((12 * 200 * 1024))
}

case_f_kill() {   # kill -9 during COPY, then a rerun loads each line exactly once
    fresh f_kill >/dev/null
    big_feeds
    "$BIN" load transactions "$WORK/gen/transactions.csv" --database "$DB" --quiet >/dev/null 2>&1 &
    victim=$!
    wait_for "select exists (select from pg_stat_activity where datname = current_database() and query ilike 'copy%' and state = 'active')"
    kill -9 $victim; wait $victim 2>/dev/null
    check "killed mid-COPY: nothing of the file is in the warehouse" eq "$(sql 'select count(*) from dw.fact_sales')" 0
    for _ in $(seq 1 60); do "$BIN" load transactions "$WORK/gen/transactions.csv" --database "$DB" --quiet >/dev/null 2>&1; code=$?; [ $code -ne 75 ] && break; sleep 1; done
    check "the rerun succeeds" test "$code" -eq 0 -o "$code" -eq 3
    check "facts + rejects = lines" eq "$(sql 'select (select count(*) from dw.fact_sales) + (select coalesce(sum(records_rejected), 0) from etl.file where status = $$loaded$$)')" "$lines"
    check "no natural key twice" eq "$(sql 'select count(*) from (select order_id, line_no from dw.fact_sales group by 1, 2 having count(*) > 1) d')" 0
}

case_f_merge() {   # kill -9 during the merge releases the warehouse lock within seconds
    fresh f_merge >/dev/null
    psql "$DB" -XAtq -c "begin" -c "lock table dw.dim_customer in access exclusive mode" -c "select pg_sleep(4)" -c "commit" >/dev/null &
    holder=$!
    sleep 0.5
    "$BIN" load contacts "$WORK/gen/contacts.csv" --database "$DB" --quiet >/dev/null 2>&1 &
    victim=$!
    wait_for "select exists (select from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and backend_type = 'client backend')"
    kill -9 $victim; wait $victim 2>/dev/null; killed_at=$(date +%s.%N)
    wait $holder
    for _ in $(seq 1 120); do "$BIN" load contacts "$WORK/gen/contacts.csv" --database "$DB" --quiet >/dev/null 2>&1; code=$?; [ $code -ne 75 ] && break; sleep 0.25; done
    waited=$(echo "$(date +%s.%N) - $killed_at" | bc)
    echo "        the lock was free again $(printf '%.1f' "$waited") s after the kill (4 s of it the analyst's lock)"
    check "the rerun loads the contacts" test "$code" -eq 0 -o "$code" -eq 3
    check "once: one loaded file" eq "$(sql "select count(*) from etl.file where status = 'loaded'")" 1
    check "within 10 s of the kill" test "$(echo "$waited < 10" | bc)" -eq 1
}

case_f_crash() {   # the server restarts (immediate) mid-load; the nightly run retries
    fresh f_crash >/dev/null
    big_feeds
    cp "$WORK/gen/transactions.csv" "$WORK/gen/fx_rates.csv" "$CASE/inbox/"
    "$BIN" run --config "$CASE/config/crmwh.yaml" --database "$DB" --quiet >/dev/null 2>"$CASE/log" &
    runner=$!
    wait_for "select exists (select from pg_stat_activity where datname = current_database() and query ilike 'copy%' and state = 'active')"
    runuser -u postgres -- "$PG_CTL" -D "$DATA" restart -m immediate -w -s >/dev/null
    wait $runner; code=$?
    check "the run succeeds after its retry" test "$code" -eq 0 -o "$code" -eq 3 || tail -n 8 "$CASE/log"
    check "every line once" eq "$(sql 'select count(*) from dw.fact_sales')" "$lines"
    check "the file is archived" test -f "$CASE/archive/transactions.csv"
}

case_f_sig() {   # SIGTERM and SIGINT stop load and run cleanly
    for signal in TERM INT; do
        fresh "f_sig_$(echo $signal | tr A-Z a-z)" >/dev/null
        { echo "$HEADER"; good_lines S 5; } > "$CASE/inbox/transactions.csv"
        psql "$DB" -XAtq -c "begin" -c "lock table dw.fact_sales in access exclusive mode" -c "select pg_sleep(3)" -c "commit" >/dev/null &
        holder=$!
        sleep 0.3
        "$BIN" load transactions "$CASE/inbox/transactions.csv" --database "$DB" --quiet >/dev/null 2>&1 &
        victim=$!
        wait_for "select exists (select from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and backend_type = 'client backend')"
        kill -s $signal $victim; wait $victim; code=$?
        wait $holder
        check "load on SIG$signal: exit 1, run interrupted, nothing loaded" \
            eq "$code:$(sql "select status from etl.run order by run_id desc limit 1"):$(sql 'select count(*) from dw.fact_sales')" "1:interrupted:0"
        psql "$DB" -XAtq -c "begin" -c "lock table dw.fact_sales in access exclusive mode" -c "select pg_sleep(3)" -c "commit" >/dev/null &
        holder=$!
        sleep 0.3
        "$BIN" run --config "$CASE/config/crmwh.yaml" --database "$DB" --quiet >/dev/null 2>&1 &
        victim=$!
        wait_for "select exists (select from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and backend_type = 'client backend')"
        kill -s $signal $victim; wait $victim; code=$?
        wait $holder
        check "run on SIG$signal: exit 1, run interrupted, the file still in the inbox" \
            eq "$code:$(sql "select status from etl.run order by run_id desc limit 1"):$(ls "$CASE/inbox")" "1:interrupted:transactions.csv"
    done
}

case_f_lock() {   # a second writer exits 75 at once
    fresh f_lock >/dev/null
    psql "$DB" -XAtq -c "select pg_advisory_lock(427121538920)" -c "select pg_sleep(3)" >/dev/null &
    holder=$!
    sleep 0.5
    started=$(date +%s.%N)
    "$BIN" refresh --database "$DB" --quiet >/dev/null 2>&1; code=$?
    check "refresh exits 75" eq "$code" 75
    check "at once (under 2 s)" test "$(echo "$(date +%s.%N) - $started < 2" | bc)" -eq 1
    "$BIN" run --config "$CASE/config/crmwh.yaml" --database "$DB" --quiet >/dev/null 2>&1; code=$?
    check "run exits 75" eq "$code" 75
    wait $holder
}

# ONLY=f_link,f_crash runs just those cases.
for name in f_nul f_values f_json f_dates f_full f_link f_bomb f_kill f_merge f_crash f_sig f_lock; do
    if [ -n "${ONLY:-}" ] && [[ ",$ONLY," != *",$name,"* ]]; then continue; fi
    echo "case $name: $(grep -m1 "^case_$name()" "$0" | sed 's/.*# //')"
    "case_$name"
done

echo
echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
