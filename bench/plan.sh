#!/usr/bin/env bash
# Quality of `plan` on social golfer instances (CSPLib 010): people in equal groups for
# several cycles, everyone meeting everyone at most once. Each instance runs twice: with
# soft repeats (repeats.weight = 1, decay 0.5 by default, forbid_within unset) and with
# repeats as a hard rule (forbid_within = "all"). The work limit is set out of reach, so
# each run stops by proof (zero repeats) or by its time limit. Prints instance, people, groups, cycles, repeated pairs, score,
# solver stop, seconds and peak memory. Not part of the tests.
#
# Usage: bench/plan.sh [NAME_FILTER] [-- EXTRA peergroups ARGS]
#   e.g. bench/plan.sh golf32 -- --seed 3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
filter="${1:-}"
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
(cd "$root" && cargo build --release --quiet)
exec python3 - "$root/target/release/peergroups" "$filter" "$@" <<'PY'
import json, os, subprocess, sys, tempfile, time
from pathlib import Path

binary, name_filter, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
# (name, people, group size, cycles, time limit): Kirkman's schoolgirls, 5-5-6, 8-4-8,
# 8-4-9 and 8-4-10 (the proven maximum).
INSTANCES = [
    ("kirkman15", 15, 3, 7, 10),
    ("golf25", 25, 5, 6, 10),
    ("golf32x8", 32, 4, 8, 60),
    ("golf32x9", 32, 4, 9, 60),
    ("golf32x10", 32, 4, 10, 60),
]
work = Path(tempfile.mkdtemp(prefix="plan-bench-"))
print(f"| {'instance':<22} | people | groups | cycles | repeated pairs | {'score':>8} | {'stopped':<10} | seconds | peak MiB |")
print("|" + "|".join("-" * w for w in (24, 8, 8, 8, 16, 10, 12, 9, 10)) + "|")
for name, people, size, cycles, limit in INSTANCES:
    for mode, repeats in (("soft", "weight = 1"), ("hard", 'weight = 1\nforbid_within = "all"')):
        label = f"{name}-{mode}"
        if name_filter and name_filter not in label:
            continue
        d = work / label
        d.mkdir()
        (d / "members.csv").write_text("id\n" + "".join(f"p{i:02}\n" for i in range(people)))
        (d / "peergroups.toml").write_text(
            f'roster = "members.csv"\n[groups]\nmin_size = {size}\nmax_size = {size}\n[repeats]\n{repeats}\n')
        cmd = [binary, "plan", "--config", str(d / "peergroups.toml"), "--cycles", str(cycles),
               "--out", str(d / "plan.csv"), "--format", "json",
               "--effort", "100000000000", "--time-limit", str(limit), *extra]
        with open(d / "stdout.json", "wb") as so, open(d / "stderr.txt", "wb") as se:
            start = time.monotonic()
            proc = subprocess.Popen(cmd, stdout=so, stderr=se)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out, err = (d / "stdout.json").read_bytes(), (d / "stderr.txt").read_bytes()
        peak = usage.ru_maxrss / 1024
        groups = people // size
        if proc.returncode != 0:
            reason = err.decode().strip().splitlines()
            print(f"| {label:<22} | {people:>6} | {groups:>6} | {cycles:>6} | {'exit ' + str(proc.returncode):>14} | {'-':>8} | "
                  f"{'-':<10} | {seconds:>7.2f} | {peak:>8.1f} |  {reason[1].strip() if len(reason) > 1 else ''}")
            continue
        v = json.loads(out)
        repeated = sum(c["repeated_pairs"] for c in v["cycles"])
        print(f"| {label:<22} | {people:>6} | {groups:>6} | {cycles:>6} | {repeated:>14} | {v['score']['total']:>8.3f} | "
              f"{v['solver']['stopped']:<10} | {seconds:>7.2f} | {peak:>8.1f} |", flush=True)
PY
