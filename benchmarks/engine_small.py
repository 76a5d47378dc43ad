"""`jejaring analyze` end to end on a 200-actor village (target: under 1.5 s as a process).

Usage: python benchmarks/engine_small.py [--runs 5] [--data DIR]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from _engine_common import data_files, load, run_cli, table

TARGET = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "jejaring-bench")
    args = parser.parse_args()
    actors, ties = data_files(200, 8, village_size=200, hamlet_size=50, seed=1, folder=args.data)
    runs = [run_cli(actors, ties) for _ in range(args.runs)]
    walls = [r["wall"] for r in runs]
    info = runs[0]
    rows = [
        ["actors / ties", f"{info['actors']} / {info['ties']}"],
        ["runs", str(len(runs))],
        ["wall time, best", f"{min(walls):.3f} s"],
        ["wall time, median", f"{statistics.median(walls):.3f} s"],
        ["peak memory", f"{max(r['main_max_rss_mb'] for r in runs):.0f} MB"],
        ["target", f"< {TARGET} s: {'met' if statistics.median(walls) < TARGET else 'NOT met'}"],
    ]
    print(f"jejaring analyze, 200-actor village ({load()})")
    print(table(rows, ["", "value"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
