#!/usr/bin/env bash
# Read throughput of the Feeds readers against references measured in the same
# run: wc -l (the floor for touching every byte), Python's csv module and
# json.loads (what a scripted ETL would use).
#
#   scripts/bench-read.sh            # ~1 GB files in bench-data/
#   BENCH_MB=200 scripts/bench-read.sh
#
# The readers run through `crmwh inspect --count-only`, which reads every field
# of every record through the public FeedReader API without printing: once
# plain (every column / every JSON path, with names) and once through the
# transactions feed mapping, the way the loader reads. Each line shows wall
# time and CPU time (user + system): on a shared machine the CPU figure is the
# reader's own cost, the wall figure what this run got.
set -euo pipefail

cd "$(dirname "$0")/.."
size_mb="${BENCH_MB:-1000}"
data_dir="${BENCH_DIR:-bench-data}"
python_mb="${BENCH_PYTHON_MB:-200}"
mkdir -p "$data_dir"

csv="$data_dir/transactions.csv"
ndjson="$data_dir/transactions.ndjson"
if [[ ! -f "$csv" || ! -f "$ndjson" || "$(cat "$data_dir/size_mb" 2>/dev/null)" != "$size_mb" ]]; then
    echo "generating ~${size_mb} MB of transactions (CSV and NDJSON)…" >&2
    python3 scripts/gen-bench-data.py "$data_dir" "$size_mb"
    echo "$size_mb" > "$data_dir/size_mb"
fi

echo "building crmwh (release)…" >&2
swift build -c release --product crmwh >&2
crmwh="$(swift build -c release --show-bin-path)/crmwh"

# Python reads only the first python_mb (whole lines) so the run stays short;
# its rate is what matters.
head -c "$((python_mb * 1000000))" "$csv" | sed '$d' > "$data_dir/py.csv"
head -c "$((python_mb * 1000000))" "$ndjson" | sed '$d' > "$data_dir/py.ndjson"

# measure LABEL FILE RECORDS COMMAND...   (RECORDS "json": from crmwh's output)
measure() {
    python3 - "$@" <<'PY'
import json, os, resource, subprocess, sys, time
label, path, records, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
size = os.path.getsize(path)
with open(path, "rb") as f:  # same page-cache state for every reader
    while f.read(1 << 24):
        pass
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
extra = ""
if records == "json":
    summary = json.loads(out)
    records = summary["records"]
    extra = f", {summary['rejects']} rejects"
records = int(records)
print(f"  {label:<42} {size / wall / 1e6:7.1f} MB/s wall {size / cpu / 1e6:7.1f} MB/s cpu "
      f"{records / wall / 1e6:6.2f} M rec/s  ({size / 1e6:.0f} MB, {wall:.2f} s wall, {cpu:.2f} s cpu{extra})")
PY
}

csv_lines=$(wc -l < "$csv")
ndjson_lines=$(wc -l < "$ndjson")

echo
echo "CSV: $csv ($csv_lines lines) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "wc -l" "$csv" "$csv_lines" wc -l "$csv"
measure "crmwh Feeds CSV, all columns" "$csv" json "$crmwh" inspect --count-only "$csv"
measure "crmwh Feeds CSV, transactions mapping" "$csv" json "$crmwh" inspect --count-only --kind transactions "$csv"
# The same file through the general parser that multi-byte separators take
# (an explicit record terminator selects it; the records are the same).
measure "crmwh Feeds CSV, general parser" "$csv" json "$crmwh" inspect --count-only --record-terminator '\n' "$csv"
measure "python3 csv.reader" "$data_dir/py.csv" "$(wc -l < "$data_dir/py.csv")" python3 -c '
import csv, sys
n = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        n += len(row)
' "$data_dir/py.csv"

echo
echo "NDJSON: $ndjson ($ndjson_lines lines), load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "wc -l" "$ndjson" "$ndjson_lines" wc -l "$ndjson"
measure "crmwh Feeds NDJSON, all paths" "$ndjson" json "$crmwh" inspect --count-only "$ndjson"
measure "crmwh Feeds NDJSON, transactions mapping" "$ndjson" json "$crmwh" inspect --count-only --kind transactions --map customer_id=customer.id "$ndjson"
measure "python3 json.loads per line" "$data_dir/py.ndjson" "$(wc -l < "$data_dir/py.ndjson")" python3 -c '
import json, sys
n = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        n += len(json.loads(line))
' "$data_dir/py.ndjson"
