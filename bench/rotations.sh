#!/usr/bin/env bash
# How long the co-op example can rotate without a repeated pair, and how long each rotate
# takes. Copies examples/coop to a temporary folder and runs the release binary's `rotate`
# again and again (one cycle every six months), printing cycle, seconds, status, repeats
# and coverage, until a rotate fails (exit 3: no repeat-free pairing is left) or
# CYCLES rotations are done. Not part of the tests.
#
# Usage: bench/rotations.sh [CYCLES] [VARIANT] [-- EXTRA peergroups ARGS]
#   CYCLES   most rotations to try (default 40)
#   VARIANT  example       the example as it is (default)
#            no-spread     without the hours max_spread = 12 (hours stay a soft preference)
#            no-probation  probationers become ordinary staff, hours max_spread kept
#            open          both: only forbid_within = "all" and the pair size remain
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cycles="${1:-40}"
variant="${2:-example}"
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
bin="$root/target/release/peergroups"
(cd "$root" && cargo build --release --quiet)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root"/examples/coop/{peergroups.toml,members.csv,history.csv} "$work"/
case "$variant" in
    example) ;;
    no-spread) sed -i 's/^max_spread = 12$//' "$work/peergroups.toml" ;;
    no-probation) sed -i 's/,probation,/,,/' "$work/members.csv" ;;
    open)
        sed -i 's/^max_spread = 12$//' "$work/peergroups.toml"
        sed -i 's/,probation,/,,/' "$work/members.csv"
        ;;
    *) echo "unknown variant '$variant'" >&2; exit 2 ;;
esac

printf '%-6s %-11s %8s %-9s %8s %9s\n' n cycle seconds status repeats coverage
year=2026; month=11; done=0
for n in $(seq 1 "$cycles"); do
    label=$(printf '%04d-%02d-01' "$year" "$month")
    start=$(date +%s.%N)
    set +e
    out=$("$bin" rotate --config "$work/peergroups.toml" --cycle "$label" --format json -q "$@" 2>"$work/err")
    code=$?
    set -e
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    if [ "$code" -ne 0 ]; then
        printf '%-6s %-11s %8.2f %-9s %8s %9s\n' "$n" "$label" "$secs" "exit $code" - -
        sed 's/^/  /' "$work/err" | head -8
        break
    fi
    # -q prints nothing: read the figures back from the history with `report`.
    out=$("$bin" report --config "$work/peergroups.toml" --groups "$work/history.csv" --format json)
    read -r repeats share < <(python3 -c '
import json, sys
v = json.load(sys.stdin)
print(sum(a["pairs"] for a in v["repeats_by_age"]), v["coverage"]["share"])' <<<"$out")
    status=$("$bin" check --config "$work/peergroups.toml" --groups "$work/history.csv" -q && echo ok || echo BROKEN)
    printf '%-6s %-11s %8.2f %-9s %8s %8.1f%%\n' "$n" "$label" "$secs" "$status" "$repeats" \
        "$(echo "$share * 100" | bc -l)"
    if [ "$repeats" -eq 0 ]; then done=$((done + 1)); else break; fi
    month=$((month + 6)); if [ "$month" -gt 12 ]; then month=$((month - 12)); year=$((year + 1)); fi
done
echo "variant $variant: $done consecutive rotation(s) with zero repeated pairs"
