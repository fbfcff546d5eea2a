#!/usr/bin/env python3
"""The test rosters of team-formation (a CP-SAT team builder; its tests/data/ files at
commit 98786df, MIT licence, in TEAM_FORMATION=DIR or a shared/benchmarks/team-formation
folder beside the checkout) as peergroups programmes: each runs `assign` with `--time-limit` (default 10 s)
for a few seeds and prints our score and team-formation's own quality measure of our groups
(its `evaluate_teams`: per team and constraint, how far the team misses, weighted and
summed; lower is better).

Mapping: teams of 7 with the smaller teams one less
(`less_than_target`), `diversify` → [[balance]], `cluster` on a `;` list → [[similar]] set,
`cluster_numeric` → [[similar]] numeric, `different` on a past team number → one cycle of
history with that weight as the repeat weight.

Usage:  bench/teams.py [SECONDS]      SEEDS="1 2 3" PEERGROUPS=/path/to/peergroups
Not part of the tests. Python 3.11 standard library only.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("TEAM_FORMATION", ROOT.parent / "shared" / "benchmarks" / "team-formation"))
WORK = ROOT / "target" / "bench" / "teams"
BIN = os.environ.get("PEERGROUPS", str(ROOT / "target" / "release" / "peergroups"))
SEEDS = [int(s) for s in os.environ.get("SEEDS", "1 2 3").split()]
TEAM_SIZE = 7

# (name, roster file, constraints file)
ROSTERS = [
    ("prev_term", "roster_prev_term_test.csv", "roster_prev_constraints.csv"),
    ("roster_2", "test_roster_2.csv", "test_roster_constraints_2.csv"),
]


def team_sizes(n: int, target: int) -> list[int]:
    """team-formation's `calc_team_sizes` with `less_than=True`."""
    teams = (n + target - 1) // target
    base, extra = divmod(n, teams)
    return [base + 1 if i < extra else base for i in range(teams)]


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def programme(name: str, roster: str, constraints: str) -> tuple[Path, list[dict], list[dict]]:
    """Writes members.csv, history.csv and peergroups.toml; returns the config path, the
    people and the constraints."""
    people = read(DATA / roster)
    rules = read(DATA / constraints)
    d = WORK / name
    d.mkdir(parents=True, exist_ok=True)
    (d / "members.csv").write_text((DATA / roster).read_text())
    sizes = team_sizes(len(people), TEAM_SIZE)
    config = [
        'roster = "members.csv"',
        f"[groups]\nmin_size = {min(sizes)}\nmax_size = {max(sizes)}\ncount = {len(sizes)}\neven_sizes = true",
    ]
    history = []
    for r in rules:
        col, kind, weight = r["attribute"], r["type"], float(r["weight"])
        if kind == "diversify":
            config.append(f'[[balance]]\ncolumn = "{col}"\nweight = {weight:g}')
        elif kind == "cluster":
            set_kind = any(";" in p[col] for p in people)
            kind_line = '\nkind = "set"' if set_kind else ""
            config.append(f'[[similar]]\ncolumn = "{col}"{kind_line}\nweight = {weight:g}')
        elif kind == "cluster_numeric":
            config.append(f'[[similar]]\ncolumn = "{col}"\nweight = {weight:g}')
        elif kind == "different":
            history += [f"{col},T{p[col]},{p['id']}" for p in people]
            config.append(f"[repeats]\nweight = {weight:g}")
    if history:
        (d / "history.csv").write_text("cycle,group,member_id\n" + "\n".join(history) + "\n")
        config.insert(1, 'history = "history.csv"')
    path = d / "peergroups.toml"
    path.write_text("\n".join(config) + "\n")
    return path, people, rules


def evaluate(teams: list[list[dict]], people: list[dict], rules: list[dict]) -> float:
    """team-formation's `evaluate_teams`, weighted and summed over teams and constraints."""
    total = 0.0
    for r in rules:
        col, kind, weight = r["attribute"], r["type"], float(r["weight"])
        share = {v: c / len(people) for v, c in Counter(p[col] for p in people).items()}
        for team in teams:
            size = len(team)
            values = [p[col] for p in team]
            if kind == "diversify":
                # Its targets are rounded shares; values absent from the team count 0
                # (pandas' fillna(0) after aligning the two series).
                counts = Counter(values)
                missed = sum(max(0, round(share[v] * size) - c) for v, c in counts.items())
            elif kind == "cluster":
                elements = [e for v in values for e in v.split(";")]
                missed = size - max(Counter(elements).values())
            elif kind == "cluster_numeric":
                nums = [float(v) for v in values]
                missed = max(nums) - min(nums)
            else:  # different
                missed = size - len(set(values))
            total += weight * missed
    return total


def main() -> None:
    seconds = sys.argv[1] if len(sys.argv) > 1 else "10"
    print(f"team-formation's test rosters, --time-limit {seconds}, seeds {' '.join(map(str, SEEDS))}")
    print("| roster | people | teams | our score min/median/max | team-formation measure min/median/max | status |")
    print("|---|---|---|---|---|---|")
    for name, roster, constraints in ROSTERS:
        config, people, rules = programme(name, roster, constraints)
        by_id = {p["id"]: p for p in people}
        scores, measures, status = [], [], set()
        for seed in SEEDS:
            out = subprocess.run(
                [BIN, "assign", "--config", str(config), "--format", "json", "--cycle", "next",
                 "--time-limit", seconds, "--seed", str(seed), "-q"],
                capture_output=True, text=True, check=True).stdout
            v = json.loads(out)
            teams = [[by_id[m["id"]] for m in g["members"]] for g in v["groups"]]
            scores.append(v["score"]["total"])
            measures.append(evaluate(teams, people, rules))
            status.add(f"{v['solver']['status']} ({v['solver']['stopped']})")
        spread = lambda xs: "/".join(f"{x:g}" for x in (min(xs), statistics.median(xs), max(xs)))
        print(f"| {name} | {len(people)} | {len(team_sizes(len(people), TEAM_SIZE))} | {spread(scores)} "
              f"| {spread(measures)} | {', '.join(sorted(status))} |", flush=True)


if __name__ == "__main__":
    main()
