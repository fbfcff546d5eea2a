#!/usr/bin/env bash
# Quality of `plan` and `adjust` with default flags (default time limit and work limit).
#
# 1. Social golfer instances (CSPLib 010), g-s-w = g groups of s for w cycles, everyone
#    meeting everyone at most once: each runs with 5 seeds and prints the minimum, median
#    and maximum seconds and repeated pairs, the exit codes and how the plans stopped.
#    Repeats are a hard rule (forbid_within = "all"), or with MODE=soft a cost
#    (repeats.weight = 1).
# 2. The mentoring example planned for 3 cycles: score per cycle, total, bound, gap,
#    seconds; and the same with a diversity term.
# 3. `adjust` on the mentoring example (3 joiners, 2 leavers, one --move, one --split):
#    moves, whether proven fewest, score, status, seconds.
# Not part of the tests.
#
# Usage: bench/plan.sh [NAME_FILTER] [-- EXTRA peergroups ARGS]
#   e.g. SEEDS=1 bench/plan.sh 8-4-10;  PEERGROUPS=/old/peergroups bench/plan.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
filter="${1:-}"
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
(cd "$root" && cargo build --release --quiet)
exec python3 - "$root" "$filter" "$@" <<'PY'
import json, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

root, name_filter, extra = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
# PEERGROUPS=/path/to/peergroups measures another build (e.g. the one before a change).
binary = os.environ.get("PEERGROUPS", str(root / "target/release/peergroups"))
seeds = [int(s) for s in os.environ.get("SEEDS", "1 2 3 4 5").split()]
mode = os.environ.get("MODE", "hard")
# (groups, size, cycles); the last two are the stretch instances.
GOLF = [(8, 4, 9), (8, 4, 10), (9, 4, 9), (10, 4, 10), (6, 3, 8), (10, 3, 13), (5, 5, 6),
        (5, 3, 7), (7, 4, 9), (9, 4, 10)]
work = Path(tempfile.mkdtemp(prefix="plan-bench-"))


def run(cmd):
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True)
    return proc, time.monotonic() - start


def section(name, title, header):
    """Prints a table's title and header when `name` passes the filter."""
    if name_filter and name_filter not in name:
        return False
    print(f"\n{title}")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    return True


def repeated(v):
    return sum(c.get("repeated_pairs_count", c.get("repeated_pairs", 0)) for c in v["cycles"])


def spread(xs, fmt):
    return "/".join(fmt.format(x) for x in (min(xs), statistics.median(xs), max(xs)))


print(f"Social golfer, repeats {mode}, seeds {' '.join(map(str, seeds))}, default flags")
print("| instance | people | seconds min/median/max | repeated pairs min/median/max | exits | stopped |")
print("|---|---|---|---|---|---|")
for g, s, w in GOLF:
    name = f"{g}-{s}-{w}"
    if name_filter and name_filter not in name:
        continue
    d = work / name
    d.mkdir()
    (d / "members.csv").write_text("id\n" + "".join(f"p{i:03}\n" for i in range(g * s)))
    rule = 'forbid_within = "all"' if mode == "hard" else ""
    (d / "peergroups.toml").write_text(
        f'roster = "members.csv"\n[groups]\nmin_size = {s}\nmax_size = {s}\n[repeats]\nweight = 1\n{rule}\n')
    secs, reps, exits, stops = [], [], [], []
    for seed in seeds:
        proc, t = run([binary, "plan", "--config", str(d / "peergroups.toml"), "--cycles", str(w),
                       "--format", "json", "--seed", str(seed), *extra])
        secs.append(t)
        exits.append(proc.returncode)
        if proc.returncode == 0:
            v = json.loads(proc.stdout)
            reps.append(repeated(v))
            stops.append(v["solver"]["stopped"])
        else:
            stops.append(f"exit {proc.returncode}")
    rep = spread(reps, "{:.0f}") if reps else "-"
    print(f"| {name} | {g * s} | {spread(secs, '{:.2f}')} | {rep} | {' '.join(map(str, exits))} | {' '.join(sorted(set(stops)))} |", flush=True)

mentoring = root / "examples/mentoring"
if section("mentoring", "mentoring, plan --cycles 3 (default flags, seed 1)",
           ["roster", "score per cycle", "total", "bound", "gap", "repeated pairs", "status", "seconds"]):
    diverse = work / "mentoring-diverse"
    diverse.mkdir()
    text = (mentoring / "peergroups.toml").read_text().replace('roster = "members.csv"', f'roster = "{mentoring}/members.csv"').replace(
        'file = "facilitators.csv"', f'file = "{mentoring}/facilitators.csv"')
    (diverse / "peergroups.toml").write_text(text + '\n[diversity]\ncolumns = ["profession", "organisation", "region"]\nweight = 5\n')
    for label, config in (("mentoring", mentoring / "peergroups.toml"), ("mentoring + diversity", diverse / "peergroups.toml")):
        proc, t = run([binary, "plan", "--config", str(config), "--cycles", "3", "--format", "json", *extra])
        if proc.returncode != 0:
            print(f"| {label} | exit {proc.returncode} | | | | | | {t:.2f} |")
            continue
        v = json.loads(proc.stdout)
        per = "/".join(f"{c['score']['total']:g}" for c in v["cycles"])
        sv = v["solver"]
        print(f"| {label} | {per} | {v['score']['total']:g} | {sv['bound']} | {sv['gap']} | {repeated(v)} | {sv['status']} | {t:.2f} |", flush=True)

if section("adjust", "mentoring, adjust (3 joiners, 2 leavers, one --move, one --split; default flags, seed 1)",
           ["moves", "proven fewest", "moves bound", "score after", "status", "bound", "seconds"]):
    d = work / "adjust"
    d.mkdir()
    cfg = mentoring / "peergroups.toml"
    proc, _ = run([binary, "assign", "--config", str(cfg), "--cycle", "c1", "--out", str(d / "groups.csv"), "-q"])
    rows = (d / "groups.csv").read_text().splitlines()
    header = rows[0].split(",")
    col, role = header.index("member_id"), header.index("role")
    # Mentees only: the facilitators are placed after them.
    placed = [r.split(",")[col] for r in rows[1:] if r.split(",")[role] != "facilitator"]
    # Three members taken out of the cycle join it again; two leave; one moves; G03 splits.
    joiners, leavers, mover = placed[20:23], placed[:2], placed[10]
    kept = [rows[0]] + [r for r in rows[1:] if r.split(",")[col] not in joiners]
    (d / "groups.csv").write_text("\n".join(kept) + "\n")
    cmd = [binary, "adjust", "--config", str(cfg), "--groups", str(d / "groups.csv"), "--format", "json",
           "--add", ",".join(joiners), "--remove", ",".join(leavers), "--move", f"{mover}=G05",
           "--split", "G03", *extra]
    proc, t = run(cmd)
    if proc.returncode != 0:
        print(f"| exit {proc.returncode} | {proc.stderr.decode().strip()[:120]} | | | | | {t:.2f} |")
    else:
        v = json.loads(proc.stdout)
        fm, sv = v["fewest_moves"], v["solver"]
        print(f"| {fm['moves_count']} | {fm['proven']} | {fm['bound_count']} | {v['score']['after']['total']:g} | {sv['status']} | {sv['bound']} | {t:.2f} |")
PY
