#!/usr/bin/env bash
# Browser test of the HTML reports and the management pack: a small demo
# warehouse in a private embedded cluster, every report and the pack
# rendered as HTML, each page opened in headless Chromium at 1400 and
# 420 px and checked from the rendered DOM (scripts/browser-test/check_pages.py).
# Pages and screenshots stay in out/browser-test/ (git-ignored).
# Installs Chromium from Debian when missing; says SKIPPED only when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${CRMWH_BIN:-.build/release/crmwh}
OUT=${CRMWH_BROWSER_OUT:-out/browser-test}

find_chromium() { command -v chromium || command -v chromium-browser || true; }
CHROMIUM=$(find_chromium)
if [ -z "$CHROMIUM" ]; then
    echo "test-browser: installing chromium"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends chromium; } || true
    CHROMIUM=$(find_chromium)
fi
if [ -z "$CHROMIUM" ]; then
    echo "test-browser: SKIPPED — chromium is not installed and apt-get could not install it"
    exit 0
fi

[ -x "$BIN" ] || { echo "test-browser: $BIN missing (make release)"; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT/pages" "$OUT/screenshots"
WORK=$(mktemp -d /tmp/crmwh-browser-XXXXXX)
chmod 755 "$WORK"                  # root runs the embedded cluster as postgres, who must reach it
export CRMWH_HOME="$WORK/home"
cleanup() {
    "$BIN" db stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "test-browser: demo warehouse (2,000 customers) in $WORK"
"$BIN" demo --customers 2000 --transactions 40000 --dir "$WORK/demo" --quiet >"$OUT/demo.log" 2>&1 \
    || { tail -20 "$OUT/demo.log"; exit 1; }
grep -q "^Management pack: " "$OUT/demo.log" || { echo "test-browser: the demo printed no management pack path"; exit 1; }
cp "$WORK/demo/out/pack-latest.html" "$OUT/pages/pack-nightly.html"

# --list names the catalog (scripts run each in CSV); the pack is html only.
for report in $("$BIN" report --list | awk '{print $1}') pack; do
    "$BIN" report "$report" --format html --out "$OUT/pages/$report.html" --quiet
done
# An empty warehouse (migrated and refreshed, no data): pages without charts, never an empty one.
url=$("$BIN" db url)
psql "$url" -XAtqc "create database crmwh_browser_empty" >/dev/null
empty=$(printf '%s' "$url" | sed "s/dbname=[^ ]*/dbname=crmwh_browser_empty/")
"$BIN" migrate --database "$empty" --quiet
"$BIN" refresh --database "$empty" --quiet
for report in pack overview; do
    "$BIN" report "$report" --format html --database "$empty" --out "$OUT/pages/empty-$report.html" --quiet
done

echo "test-browser: $(ls "$OUT/pages" | wc -l) pages; $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
# The pages that must show charts; the others (affinities, contact and promotion patterns …) are tables.
charted=pack,pack-nightly,overview,kpi_monthly,customer_rfm,customer_value,value_migration,value_forecast
charted=$charted,cohort_retention,churn,campaign_response,contact_frequency,channel_mix,market,product_structure,customer_trend
charted=$charted,clv,clv_diagnostics
python3 scripts/browser-test/check_pages.py --chromium "$CHROMIUM" --out "$OUT/screenshots" --screenshots pack,overview \
    --charted "$charted" \
    "$OUT"/pages/*.html
echo "test-browser: screenshots in $OUT/screenshots"
