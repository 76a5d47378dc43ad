"""Indicators over time on the demo village: how long the Change page's series takes.

    JEJARING_DATA_DIR=$(mktemp -d) PYTHONPATH=. python benchmarks/change_indicators.py

Builds the demo (12 monthly snapshots + now) in a fresh SQLite database and prints the time
of :func:`jejaring.change.queries.indicator_series` cold (first call in the process: each
snapshot's tie weights computed) and warm (the weights of the frozen snapshots cached).
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jejaring.change.queries import indicator_series
    from jejaring.demo.builder import build_demo_village

    village = build_demo_village()
    rows = []
    for label in ("cold", "warm", "warm"):
        t = time.perf_counter()
        series = indicator_series(village)
        rows.append((label, time.perf_counter() - t))
    print(
        f"demo: {village.actors.count()} actors, {village.ties.count()} ties, "
        f"{len(series) - 1} snapshots + now"
    )
    for label, seconds in rows:
        print(f"indicator_series {label}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
