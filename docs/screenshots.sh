#!/usr/bin/env bash
# Writes docs/report-EXAMPLE.png: a screenshot of each example's `report --format html`
# page in headless Chromium (Debian package `chromium`).
#   bash docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/peergroups"
browser="${CHROMIUM:-chromium}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r examples "$work/"

page() { # NAME GROUPS HEIGHT
    (cd "$work/examples/$1" && "$bin" report --groups "$2" --format html) > "$work/$1.html"
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$work/profile" --window-size="1280,$3" \
        --screenshot="$PWD/docs/report-$1.png" "file://$work/$1.html" 2>/dev/null
    echo "docs/report-$1.png"
}

(cd "$work/examples/mentoring" && "$bin" assign --cycle 2026-09 --out groups.csv --quiet > /dev/null)
page mentoring groups.csv 4500
page coop history.csv 2000
page business history.csv 2300
