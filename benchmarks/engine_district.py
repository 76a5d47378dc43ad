"""District scale: 10k, 100k and 1M actors with 10 ties each, read from CSV, every measure.

Betweenness and closeness are sampled above 10,000 actors (the sample size and the relative
standard error are reported). Prints per size the wall time and peak memory of the whole
`jejaring analyze` process tree, and a table of the time of each step. Targets at 1M actors /
10M ties: under 3 minutes and under 4 GB peak (the whole process tree), reading included,
and with ``--compare`` (another install's `jejaring`, e.g. the main branch's) at least 1.4x
faster than it on the same file in the same run.

Usage: python benchmarks/engine_district.py [--sizes 10000 100000 1000000] [--data DIR]
       [--compare /path/to/other/.venv/bin/jejaring]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _engine_common import data_files, load, run_cli, table

TARGET_SECONDS = 180.0
TARGET_MB = 4 * 1024
TARGET_SPEEDUP = 1.4


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "jejaring-bench")
    parser.add_argument("--compare", help="another install's jejaring command to time too")
    args = parser.parse_args()
    print(f"engine_district ({load()})")
    results = {}
    for n in args.sizes:
        actors, ties = data_files(
            n, 10, village_size=1000, hamlet_size=250, seed=11, folder=args.data
        )
        info = run_cli(actors, ties)
        results[n] = info
        print(
            f"  {n:>9,} actors / {info['ties']:>10,} ties: {info['wall']:7.1f} s, peak "
            f"{info['tree_max_rss_mb']:.0f} MB (process tree)",
            flush=True,
        )
        if args.compare:
            other = run_cli(actors, ties, command=args.compare)
            info["compare"] = other
            print(
                f"  {'':>9}   compared install: {other['wall']:7.1f} s, peak "
                f"{other['tree_max_rss_mb']:.0f} MB; speed-up "
                f"{other['wall'] / info['wall']:.2f}x",
                flush=True,
            )
    steps: list[str] = []
    for info in results.values():
        for s in info["steps"]:
            label = f"{s['step']}"
            if label not in steps:
                steps.append(label)
    header = ["step (time / peak memory so far)"] + [f"{n:,} actors" for n in results]
    rows = []
    for label in steps:
        row = [label]
        for info in results.values():
            found = [s for s in info["steps"] if s["step"] == label]
            if found:
                secs = sum(s["seconds"] for s in found)
                row.append(f"{secs:.2f} s / {max(s['max_rss_mb'] for s in found):.0f} MB")
            else:
                row.append("")
        rows.append(row)
    rows.append(["whole process (wall)"] + [f"{i['wall']:.1f}" for i in results.values()])
    rows.append(
        ["peak memory main (MB)"] + [f"{i['main_max_rss_mb']:.0f}" for i in results.values()]
    )
    rows.append(
        ["peak memory process tree (MB)"]
        + [f"{i['tree_max_rss_mb']:.0f}" for i in results.values()]
    )
    rows.append(["path sources (exact = all)"] + [
        f"{i['path_sources']:,}{' exact' if i['paths_exact'] else ' sampled'}" for i in results.values()
    ])  # fmt: skip
    rows.append(["betweenness rel. SE (top 10)"] + [
        "" if i["paths_exact"] else f"{float(i['betweenness_relative_error']):.3f}" for i in results.values()
    ])  # fmt: skip
    rows.append(["closeness rel. SE (top 10)"] + [
        "" if i["paths_exact"] else f"{float(i['closeness_relative_error']):.3f}" for i in results.values()
    ])  # fmt: skip
    print()
    print(table(rows, header))
    big = results.get(1_000_000)
    if big is not None:
        peak = big["tree_max_rss_mb"]
        print()
        print(
            f"1M actors: {big['wall']:.1f} s (target < {TARGET_SECONDS:.0f} s: "
            f"{'met' if big['wall'] < TARGET_SECONDS else 'NOT met'}), peak {peak:.0f} MB "
            f"(target < {TARGET_MB} MB: {'met' if peak < TARGET_MB else 'NOT met'})"
        )
        if "compare" in big:
            ratio = big["compare"]["wall"] / big["wall"]
            print(
                f"1M actors: {ratio:.2f}x faster than the compared install "
                f"(target >= {TARGET_SPEEDUP}x: {'met' if ratio >= TARGET_SPEEDUP else 'NOT met'})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
