#!/usr/bin/env python3
"""Benchmark harness of peergroups: runs the release binary on each instance and prints
one table (instance, people, groups, status, score, bound, gap, seconds, peak memory).

Usage:  bench/run [NAME_FILTER ...] [-- EXTRA peergroups ARGS]
        COMPARE=/path/to/old/peergroups bench/run ...   (each instance with both binaries)

Instances: the three examples; a 30-person roster with groups of 3-6 and every rule kind;
generated rosters of 1,000 people in pairs with history, 2,000 people in groups of 6-8 with
4 cycles of history and 10,000 people in groups of 8; 10,000 people in groups of 6-8 with a
Gower diversity term, three balance columns and two cycles of history; 100,000 people in
groups of 6-8 with one balance column and a 10 s time limit; and the MDGPLIB instances of
the MDGPLIB folder (MDGPLIB=DIR; each instance as a roster of ids plus a distances file).
Generated files go to target/bench/. Python 3.11 standard library only.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench"
BIN = ROOT / "target" / "release" / "peergroups"
# COMPARE=/path/to/another/peergroups runs that binary too, on each instance just before
# this one, so a before/after comparison shares one run (and one machine's noise).
OTHER = os.environ.get("COMPARE")
# The MDGPLIB instance files (not part of this repository): MDGPLIB=DIR, else a
# shared/benchmarks/mdgplib folder beside the checkout.
MDGPLIB = Path(os.environ.get("MDGPLIB", ROOT.parent / "shared" / "benchmarks" / "mdgplib"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def shuffled_history(d: Path, ids: list[str], cycles: int, size: int, prefix: str,
                     rng: random.Random) -> None:
    """`cycles` past cycles of `ids` in random groups of `size`, as d/history.csv."""
    hist = ["cycle,group,member_id"]
    for c in range(cycles):
        order = list(ids)
        rng.shuffle(order)
        hist += [f"{prefix}{c},H{k // size},{m}" for k, m in enumerate(order)]
    write(d / "history.csv", "\n".join(hist) + "\n")


def rules30() -> Path:
    """30 people, groups of 3-6, every rule kind, two cycles of history."""
    rng = random.Random(30)
    d = WORK / "rules30"
    rows = ["id,name,role,gender,dept,hours,slots"]
    for i in range(30):
        role = "probation" if i % 10 == 9 else ""
        slots = ";".join(sorted(rng.sample(["mon", "tue", "wed", "thu"], 2)))
        rows.append(f"r{i:02},Person {i},{role},{rng.choice('fm')},{rng.choice(['ops', 'eng', 'hr', 'sales'])},"
                    f"{rng.randrange(10, 41, 5)},{slots}")
    write(d / "members.csv", "\n".join(rows) + "\n")
    shuffled_history(d, [f"r{i:02}" for i in range(30)], 2, 5, "h", rng)
    return write(d / "peergroups.toml", """roster = "members.csv"
history = "history.csv"
[groups]
min_size = 3
max_size = 6
target_size = 5
[[balance]]
column = "gender"
weight = 3
max_per_group = 4
[[balance]]
column = "dept"
[[similar]]
column = "hours"
max_spread = 25
[[similar]]
column = "slots"
kind = "set"
weight = 2
[diversity]
columns = ["dept", "gender", "hours"]
weight = 2
[repeats]
forbid_within = 1
weight = 5
[keep]
apart = [["r01", "r02"], ["r03", "r04", "r05"]]
together = [["r06", "r07"]]
[pin]
r10 = "G02"
[roles.probation]
max_per_group = 1
counts_toward_size = false
""")


def generated(name: str, n: int, lo: int, hi: int, cycles: int) -> Path:
    """n people with two balance columns and `cycles` cycles of history."""
    rng = random.Random(n)
    d = WORK / name
    rows = ["id,gender,region,hours"]
    rows += [f"p{i},{rng.choice('fm')},{rng.choice(['n', 's', 'e', 'w'])},{rng.randrange(10, 41)}" for i in range(n)]
    write(d / "members.csv", "\n".join(rows) + "\n")
    shuffled_history(d, [f"p{i}" for i in range(n)], cycles, hi, "c", rng)
    balance = "" if lo == 2 else '[[balance]]\ncolumn = "gender"\n[[balance]]\ncolumn = "region"\n'
    similar = '[[similar]]\ncolumn = "hours"\n' if lo == 2 else ""
    return write(d / "peergroups.toml", f"""roster = "members.csv"
history = "history.csv"
[groups]
min_size = {lo}
max_size = {hi}
target_size = {hi if lo == 2 else lo}
{balance}{similar}[repeats]
forbid_within = "all"
weight = 10
""")


def big(name: str, n: int) -> Path:
    """n people in groups of 6-8 with one balance column and no history."""
    rng = random.Random(n)
    d = WORK / name
    rows = ["id,region"] + [f"p{i},{rng.choice(['n', 's', 'e', 'w'])}" for i in range(n)]
    write(d / "members.csv", "\n".join(rows) + "\n")
    return write(d / "peergroups.toml", """roster = "members.csv"
[groups]
min_size = 6
max_size = 8
target_size = 7
[[balance]]
column = "region"
""")


def diverse(name: str, n: int) -> Path:
    """n people in groups of 6-8: three balance columns, a Gower diversity term over three
    columns (two categorical, one numeric) and two cycles of history."""
    rng = random.Random(n + 1)
    d = WORK / name
    rows = ["id,gender,region,dept,hours"]
    rows += [f"p{i},{rng.choice('fm')},{rng.choice(['n', 's', 'e', 'w'])},"
             f"{rng.choice(['ops', 'eng', 'hr', 'sales', 'legal'])},{rng.randrange(10, 41)}" for i in range(n)]
    write(d / "members.csv", "\n".join(rows) + "\n")
    shuffled_history(d, [f"p{i}" for i in range(n)], 2, 8, "c", rng)
    return write(d / "peergroups.toml", """roster = "members.csv"
history = "history.csv"
[groups]
min_size = 6
max_size = 8
target_size = 7
[[balance]]
column = "gender"
[[balance]]
column = "region"
[[balance]]
column = "dept"
[diversity]
columns = ["dept", "region", "hours"]
weight = 1
[repeats]
forbid_within = 1
weight = 10
""")


def mdgp(path: Path) -> Path:
    lines = path.read_text().split("\n")
    head = lines[0].split()
    n, m = int(head[0]), int(head[1])
    bounds = [int(x) for x in head[3:]]
    lo, hi = min(bounds[0::2]), max(bounds[1::2])
    d = WORK / path.stem
    write(d / "members.csv", "id\n" + "".join(f"{i}\n" for i in range(n)))
    write(d / "distances.csv", "a,b,distance\n" + "".join(",".join(l.split()) + "\n" for l in lines[1:] if l.strip()))
    return write(d / "peergroups.toml", f"""roster = "members.csv"
[groups]
min_size = {lo}
max_size = {hi}
count = {m}
even_sizes = false
[diversity]
distances = "distances.csv"
""")


def instances() -> list[tuple[str, Path, list[str]]]:
    ex = ROOT / "examples"
    out = [
        ("mentoring", ex / "mentoring" / "peergroups.toml", []),
        ("coop", ex / "coop" / "peergroups.toml", ["--cycle", "2026-11-01"]),
        ("business", ex / "business" / "peergroups.toml", ["--cycle", "2026-10"]),
        ("rules30", rules30(), []),
        ("pairs1000", generated("pairs1000", 1000, 2, 2, 3), []),
        ("groups2000", generated("groups2000", 2000, 6, 8, 4), []),
        ("groups10000", generated("groups10000", 10000, 8, 8, 0), []),
        ("diversity10000", diverse("diversity10000", 10000), []),
        ("groups100000", big("groups100000", 100000), ["--time-limit", "10"]),
    ]
    if MDGPLIB.is_dir():
        # The published budgets: 3 s up to 120 people, 20 s for 240 (60 s beyond).
        def budget(path: Path) -> list[str]:
            n = int(path.read_text().split(None, 1)[0])
            return ["--time-limit", "3" if n <= 120 else "20" if n <= 240 else "60"]
        out += [(p.stem, mdgp(p), budget(p)) for p in sorted(MDGPLIB.glob("*.txt"))]
    return out


def run(config: Path, args: list[str], binary: Path = BIN) -> tuple[dict | None, float, int, str]:
    """Runs `assign`; returns its JSON, wall seconds, peak RSS (KiB) and stderr."""
    cmd = [str(binary), "assign", "--config", str(config), "--format", "json", *args]
    out_path, err_path = WORK / "stdout.json", WORK / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, _, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        proc.returncode = 0
    try:
        return json.loads(out_path.read_text()), seconds, usage.ru_maxrss, err_path.read_text()
    except json.JSONDecodeError:
        return None, seconds, usage.ru_maxrss, err_path.read_text()


def fmt(x, digits=3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def main() -> None:
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    filters = argv[: argv.index("--")] if "--" in argv else argv
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    label = "binary" if OTHER else ""
    header = f"| {'instance':<20} | {label + ' |' if OTHER else ''} {'people':>6} | {'groups':>6} | {'status':<8} | {'score':>13} | {'bound':>13} | {'gap':>7} | {'seconds':>7} | {'peak MiB':>8} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for name, config, args in instances():
        if filters and not any(f in name for f in filters):
            continue
        for binary, tag in ([(Path(OTHER), "other"), (BIN, "this")] if OTHER else [(BIN, "")]):
            result, seconds, rss, err = run(config, args + extra, binary)
            row = f"| {name:<20} | " + (f"{tag:<6} | " if OTHER else "")
            if result is None:
                print(f"{row}failed: {err.strip().splitlines()[-1] if err.strip() else '?'}")
                continue
            people = sum(len(g["members"]) for g in result["groups"])
            s = result["solver"]
            gap = None if s["gap"] is None else 100 * s["gap"]
            print(f"{row}{people:>6} | {len(result['groups']):>6} | {s['status']:<8} | {fmt(result['score']['total']):>13} | "
                  f"{fmt(s['bound']):>13} | {fmt(gap, 2) + '%' if gap is not None else '-':>7} | {seconds:>7.2f} | {rss / 1024:>8.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
