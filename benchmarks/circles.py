"""How long the circle proposals take for a generated village (target: under 2 s at 5,000).

    .venv/bin/python benchmarks/circles.py [--actors 5000] [--ties-per-actor 10] [--repeat 3]

The village comes from :mod:`benchmarks.synthetic` (seeded); a quarter of the ties that are not
dependencies become trusted ones (communication, kinship) and a tenth memberships of 40 groups,
so that venues and peer leaders do real work. Prints the best time of ``--repeat`` and the
number of circles, members, venues and peer leaders proposed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import DEPENDENCY_TYPES, generate
from jejaring.graph.circles import propose_circles


def village(n: int, ties_per_actor: float, seed: int = 7):
    actors, ties = generate(
        n, ties_per_actor, village_size=n, hamlet_size=max(50, n // 8), seed=seed
    )
    rng = np.random.default_rng(seed)
    people = {
        str(a): {
            "name": str(name),
            "hamlet": str(h),
            "category": str(c),
            "kind": "household",
            "welfare": str(w),
        }
        for a, name, h, c, w in zip(
            actors["id"],
            actors["name"],
            actors["hamlet"],
            actors["category"],
            actors["welfare"],
            strict=True,
        )
    }
    groups = [f"g{k}" for k in range(40)]
    for g in groups:
        people[g] = {"name": f"Kelompok {g}", "kind": "group"}
    rows = []
    dep_types = set(DEPENDENCY_TYPES.tolist())
    roll = rng.random(len(ties["source"]))
    for s, t, typ, form, r in zip(
        ties["source"].tolist(),
        ties["target"].tolist(),
        ties["type"].tolist(),
        ties["form"].tolist(),
        roll,
        strict=True,
    ):
        if typ in dep_types:
            rows.append(
                {
                    "source": s,
                    "target": t,
                    "type": typ,
                    "form": form,
                    "dependency": True,
                    "directed": True,
                }
            )
        elif r < 0.25:
            rows.append(
                {
                    "source": s,
                    "target": t,
                    "type": "kinship" if r < 0.1 else "communication",
                    "form": "",
                    "dependency": False,
                    "directed": False,
                }
            )
        elif r < 0.35:
            rows.append(
                {
                    "source": s,
                    "target": groups[int(r * 1000) % 40],
                    "type": "membership",
                    "form": "",
                    "dependency": False,
                    "directed": True,
                }
            )
        else:
            rows.append(
                {
                    "source": s,
                    "target": t,
                    "type": typ,
                    "form": "",
                    "dependency": False,
                    "directed": True,
                }
            )
    return people, rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actors", type=int, default=5000)
    ap.add_argument("--ties-per-actor", type=float, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    people, rows = village(args.actors, args.ties_per_actor)
    best = float("inf")
    out = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        out = propose_circles(people, rows)
        best = min(best, time.perf_counter() - t)
    print(f"actors {args.actors:,}  ties {len(rows):,}")
    print(f"propose_circles  {best:.2f} s (best of {args.repeat})")
    print(
        f"circles {len(out)}  members {sum(c['size'] for c in out):,}  "
        f"venues {sum(len(c['venues']) for c in out)}  peer leaders {sum(len(c['peer_leaders']) for c in out)}"
    )


if __name__ == "__main__":
    main()
