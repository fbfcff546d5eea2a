#!/usr/bin/env python3
"""MDGPLIB table of peergroups: the maximally diverse grouping instances at the budgets of
the published comparison (TPSDP, Yang et al. 2022), several seeds each, with the
min/median/max of the within-group distance sum and its ratio to TPSDP's best and average
of 20 runs (higher is better).

Usage:  bench/mdgplib.py [NAME_FILTER ...]       SEEDS=1,2,3,4,5 by default
        COMPARE=/path/to/old/peergroups bench/mdgplib.py ...   (both binaries, each seed)

Each instance is run with `--time-limit` = its budget and no `--effort`, so the default
work limit (derived from the time limit) applies. Python 3.11 standard library only.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402

# instance: (budget in seconds, TPSDP best, TPSDP average of 20 runs)
TPSDP = {
    "RanReal_n120_ss_01": (3, 47363.207, 47343.68),
    "RanReal_n240_ss_01": (20, 155246.466, 155041.88),
    "RanReal_n480_ss_01": (120, 377946.020, 377533.30),
    "Geo_n120_ss_01": (3, 101568.851, 101553.75),
    "Geo_n240_ss_01": (20, 188824.786, 188807.34),
    "Geo_n480_ss_01": (120, 551994.365, 551968.13),
    "RanInt_n120_ss_01": (3, 47909, 47909),
    "RanInt_n240_ss_01": (20, 155577, 155440.2),
}


def main() -> None:
    filters = sys.argv[1:]
    seeds = [int(s) for s in os.environ.get("SEEDS", "1,2,3,4,5").split(",")]
    binaries = [("other", Path(os.environ["COMPARE"])), ("this", bench.BIN)] if os.environ.get("COMPARE") else [("", bench.BIN)]
    bench.subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=bench.ROOT, check=True)
    print("| instance | " + ("binary | " if len(binaries) > 1 else "") +
          "budget s | min | median | max | median / TPSDP best | median / TPSDP average | seeds at least TPSDP best | median seconds |")
    print("|---|" + ("---|" if len(binaries) > 1 else "") + "---|---|---|---|---|---|---|---|")
    for name, (budget, best, average) in TPSDP.items():
        if filters and not any(f in name for f in filters):
            continue
        path = bench.MDGPLIB / f"{name}.txt"
        if not path.exists():
            print(f"| {name} | missing: {path} |")
            continue
        config = bench.mdgp(path)
        for tag, binary in binaries:
            values, seconds = [], []
            for seed in seeds:
                result, secs, _, err = bench.run(config, ["--time-limit", str(budget), "--seed", str(seed)], binary)
                if result is None:
                    print(f"| {name} | failed: {err.strip()[-200:]} |")
                    break
                values.append(-result["score"]["total"])
                seconds.append(secs)
            else:
                med = statistics.median(values)
                reached = sum(v >= best - 1e-6 for v in values)
                print(f"| {name} | " + (f"{tag} | " if len(binaries) > 1 else "") +
                      f"{budget} | {min(values):,.3f} | {med:,.3f} | {max(values):,.3f} | "
                      f"{med / best:.5f} | {med / average:.5f} | {reached} of {len(values)} | "
                      f"{statistics.median(seconds):.2f} |", flush=True)


if __name__ == "__main__":
    main()
