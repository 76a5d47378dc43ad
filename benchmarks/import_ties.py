#!/usr/bin/env python
"""Importing a 100,000-tie file (CSV and Excel) into an empty village on SQLite.

    python benchmarks/import_ties.py [--ties 100000] [--actors 5000] [--target 20]

Runs in a temporary data folder (its own SQLite database). Prints, per format, the time to
read and check the file and to write it, the total against the target (20 s), and the same
file imported a second time (everything unchanged). The progress bar goes to stderr, as on
the command line.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPES = ["credit", "land", "purchase", "employment", "supply", "advice", "kinship"]
FREQUENCIES = ["daily", "weekly", "monthly", "seasonal", "yearly", "occasional"]
ATTACHMENTS = ["loose", "moderate", "binding"]


def make_rows(n_actors: int, n_ties: int, seed: int = 42):
    rng = random.Random(seed)
    actors = [["id", "name", "kind", "category", "hamlet", "welfare", "influence"]]
    for i in range(n_actors):
        actors.append(
            [
                f"H{i:05d}",
                f"Warga {i:05d}",
                "household",
                "household",
                f"Dusun {i // 500}",
                rng.choice(["very_poor", "poor", "middle", "well_off"]),
                rng.randint(0, 5),
            ]
        )
    ties = [["id", "source", "target", "type", "frequency", "attachment", "weight", "since"]]
    for k in range(n_ties):
        a = rng.randrange(n_actors)
        b = (a + 1 + rng.randrange(n_actors - 1)) % n_actors
        ties.append(
            [
                f"T{k:06d}",
                f"H{a:05d}",
                f"H{b:05d}",
                rng.choice(TYPES),
                rng.choice(FREQUENCIES),
                rng.choice(ATTACHMENTS),
                round(rng.random() * 5, 2),
                f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            ]
        )
    return actors, ties


def csv_files(actors, ties):
    import csv

    out = []
    for name, rows in (("actors.csv", actors), ("ties.csv", ties)):
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        out.append((name, buffer.getvalue().encode("utf-8")))
    return out


def xlsx_file(actors, ties):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in (("actors", actors), ("ties", ties)):
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return [("network.xlsx", buffer.getvalue())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--target", type=float, default=20.0, help="seconds")
    args = parser.parse_args()

    os.environ["JEJARING_DATA_DIR"] = tempfile.mkdtemp(prefix="jejaring-bench-")
    os.environ.pop("DATABASE_URL", None)
    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.actors.models import Tie
    from jejaring.interchange import progress as P
    from jejaring.interchange import services as S
    from jejaring.villages.services import create_village

    actors, ties = make_rows(args.actors, args.ties)
    files = {"CSV": csv_files(actors, ties), "XLSX": xlsx_file(actors, ties)}
    sizes = {k: sum(len(d) for _, d in v) / 1e6 for k, v in files.items()}
    rows = []
    for fmt, data in files.items():
        village = create_village(f"Bench {fmt}", slug=f"bench-{fmt.lower()}")
        inputs = [S.InputFile(n, d) for n, d in data]
        stages: dict[str, float] = {}
        clock = {"stage": None, "t": time.perf_counter()}
        bar = P.Throttled(P.TerminalBar(sys.stderr), interval=0.2)

        def progress(stage, done, total, clock=clock, stages=stages, bar=bar):
            now = time.perf_counter()
            if clock["stage"] is not None:
                stages[clock["stage"]] = stages.get(clock["stage"], 0) + now - clock["t"]
            clock["stage"], clock["t"] = stage, now
            bar(stage, done, total)

        start = time.perf_counter()
        result = S.import_files(village, inputs, progress=progress)
        total = time.perf_counter() - start
        assert Tie.objects.filter(village=village).count() == args.ties
        start = time.perf_counter()
        again = S.import_files(village, inputs)
        second = time.perf_counter() - start
        assert again.summary["ties_unchanged"] == args.ties
        rows.append((fmt, sizes[fmt], stages, total, second, result.summary["ties_created"]))

    print(
        f"\nImport of {args.actors:,} actors and {args.ties:,} ties into an empty village "
        f"(SQLite, {os.cpu_count()} cores)\n"
    )
    print(
        f"{'format':<6} {'MB':>6} {'read+check':>11} {'write':>7} {'total':>7} "
        f"{'target':>7} {'ratio':>6} {'again':>7}"
    )
    for fmt, mb, stages, total, second, _created in rows:
        write = sum(v for k, v in stages.items() if k.startswith("Saving"))
        print(
            f"{fmt:<6} {mb:6.1f} {total - write:10.1f}s {write:6.1f}s {total:6.1f}s "
            f"{args.target:6.0f}s {total / args.target:6.2f} {second:6.1f}s"
        )
    worst = max(r[3] for r in rows)
    print(
        f"\n{'OK' if worst < args.target else 'TOO SLOW'}: slowest {worst:.1f} s "
        f"(target {args.target:.0f} s)"
    )
    return 0 if worst < args.target else 1


if __name__ == "__main__":
    sys.exit(main())
