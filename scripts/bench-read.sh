#!/usr/bin/env bash
# Read throughput of the Feeds readers against references measured in the same
# run: wc -l (the floor for touching every byte), Python's csv module and
# json.loads (what a scripted ETL would use).
#
#   scripts/bench-read.sh            # ~1 GB files in bench-data/
#   BENCH_MB=200 scripts/bench-read.sh
#
# The readers run through `crmwh inspect --count-only`, which reads every field
# of every record through the public FeedReader API without printing.
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

# Python reads only the first python_mb so the run stays short; its rate is
# what matters.
head -c "$((python_mb * 1000000))" "$csv" | sed '$d' > "$data_dir/py.csv"
head -c "$((python_mb * 1000000))" "$ndjson" | sed '$d' > "$data_dir/py.ndjson"

seconds() { python3 -c 'import sys,time; print(time.time())'; }

rate() {  # label bytes records seconds
    python3 - "$@" <<'PY'
import sys
label, size, records, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print(f"{label:<34} {size / secs / 1e6:9.1f} MB/s {records / secs / 1e6:8.2f} M records/s  ({size / 1e6:.0f} MB in {secs:.2f} s)")
PY
}

timed() {  # command… ; prints elapsed seconds
    local start end
    start=$(seconds)
    "$@" > /dev/null
    end=$(seconds)
    python3 -c "print($end - $start)"
}

feeds() {  # label file
    local json
    cat "$2" > /dev/null  # same page-cache state for every reader
    json="$("$crmwh" inspect --count-only "$2")"
    python3 - "$1" "$json" <<'PY'
import json, sys
r = json.loads(sys.argv[2])
print(f"{sys.argv[1]:<34} {r['mb_per_s']:9.1f} MB/s {r['records_per_s'] / 1e6:8.2f} M records/s  ({r['bytes'] / 1e6:.0f} MB in {r['seconds']:.2f} s, {r['rejects']} rejects)")
PY
}

csv_bytes=$(stat -c %s "$csv")
ndjson_bytes=$(stat -c %s "$ndjson")
csv_lines=$(wc -l < "$csv")
ndjson_lines=$(wc -l < "$ndjson")
py_csv_bytes=$(stat -c %s "$data_dir/py.csv")
py_csv_lines=$(wc -l < "$data_dir/py.csv")
py_ndjson_bytes=$(stat -c %s "$data_dir/py.ndjson")
py_ndjson_lines=$(wc -l < "$data_dir/py.ndjson")

echo
echo "CSV ($((csv_bytes / 1000000)) MB, $csv_lines lines)"
rate "  wc -l" "$csv_bytes" "$csv_lines" "$(timed wc -l "$csv")"
feeds "  crmwh Feeds CSV reader" "$csv"
rate "  python3 csv.reader" "$py_csv_bytes" "$py_csv_lines" "$(timed python3 -c '
import csv, sys
n = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        n += len(row)
' "$data_dir/py.csv")"

echo
echo "NDJSON ($((ndjson_bytes / 1000000)) MB, $ndjson_lines lines)"
rate "  wc -l" "$ndjson_bytes" "$ndjson_lines" "$(timed wc -l "$ndjson")"
feeds "  crmwh Feeds NDJSON reader" "$ndjson"
rate "  python3 json.loads per line" "$py_ndjson_bytes" "$py_ndjson_lines" "$(timed python3 -c '
import json, sys
n = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        n += len(json.loads(line))
' "$data_dir/py.ndjson")"
