"""How long the recommendation lists take for a generated village (target: under 3 s at 5,000).

    .venv/bin/python benchmarks/recommend.py [--actors 5000] [--ties-per-actor 10] [--repeat 3]

The village comes from :mod:`benchmarks.synthetic` (seeded), with stance, influence, gender,
fields, engagement statuses and two facilitators added. The engine's analysis (measures,
roles, patron–client lists) is computed first when :func:`jejaring.graph.analyze` is available
and timed on its own line; :func:`jejaring.graph.recommend.recommend` is what the target is
about. Prints a table: step, seconds (best of ``--repeat``), items per list.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import generate
from jejaring.graph.network import Network

FIELDS = np.array(["agriculture", "economy", "credit", "religion", "health", "women", "youth"])
STATUSES = np.array(["not_approached", "approached", "receptive", "supportive", "resistant"])


def village(n: int, ties_per_actor: float, seed: int = 7) -> tuple[Network, dict, dict]:
    """A Network plus the actor and tie records (for ``analyze``)."""
    actors, ties = generate(
        n, ties_per_actor, village_size=n, hamlet_size=max(50, n // 8), seed=seed
    )
    rng = np.random.default_rng(seed)
    stance = rng.integers(-2, 3, n).astype(float)
    stance[rng.random(n) < 0.4] = np.nan
    influence = rng.integers(0, 6, n).astype(float)
    status = STATUSES[rng.choice(len(STATUSES), n, p=[0.85, 0.06, 0.04, 0.03, 0.02])]
    facilitator = np.zeros(n, dtype=bool)
    facilitator[:2] = True
    field = FIELDS[rng.integers(0, len(FIELDS), n)]
    gender = np.where(rng.random(n) < 0.5, "female", "male")
    actors.update(
        {
            "stance": stance,
            "influence": influence,
            "engagement": status,
            "is_facilitator": facilitator,
            "field": field,
            "gender": gender,
        }
    )
    ids = [str(x) for x in actors["id"]]
    index = {a: i for i, a in enumerate(ids)}
    src = np.array([index[s] for s in ties["source"].tolist()], dtype=np.int64)
    dst = np.array([index[t] for t in ties["target"].tolist()], dtype=np.int64)
    types = np.asarray(ties["type"], dtype=object)
    # A quarter of the non-dependency ties are trusted ones (communication, kinship).
    trusted = rng.random(len(src)) < 0.25
    dependency = np.isin(types, ["credit", "land", "purchase", "employment", "supply"])
    types = np.where(
        ~dependency & trusted,
        np.where(rng.random(len(src)) < 0.7, "communication", "kinship"),
        types,
    )
    strength = rng.integers(1, 6, len(src)).astype(float)
    attrs = {k: np.asarray(v, dtype=object) for k, v in actors.items() if k not in ("id",)}
    for k in ("stance", "influence"):
        attrs[k] = np.asarray(actors[k], dtype=float)
    tie_attrs = {
        "form": np.asarray(ties["form"], dtype=object),
        "frequency": np.asarray(ties["frequency"], dtype=object),
        "attachment": np.asarray(ties["attachment"], dtype=object),
        "strength": strength,
        "exclusive": np.where(rng.random(len(src)) < 0.2, 1.0, np.nan),
    }
    net = Network(
        ids=ids,
        src=src,
        dst=dst,
        directed=np.ones(len(src), dtype=bool) & ~np.isin(types, ["communication", "kinship"]),
        dependency=dependency,
        type=types,
        weight=np.ones(len(src)),
        attrs=attrs,
        tie_attrs=tie_attrs,
    )
    return net, actors, {**ties, "type": types, "strength": strength}


def best_of(repeat: int, fn):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--ties-per-actor", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from jejaring.graph.recommend import recommend

    net, actors, ties = village(args.actors, args.ties_per_actor)
    print(f"village: {net.n} actors, {net.m} ties")
    analysis = None
    try:
        from jejaring.graph import analyze  # written alongside; optional here
    except ImportError:
        analyze = None
    rows = []
    if analyze is not None:
        actor_rows = [
            {k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in actors.items()}
            for i in range(net.n)
        ]
        tie_rows = [
            {k: (v[j].item() if hasattr(v[j], "item") else v[j]) for k, v in ties.items()}
            for j in range(net.m)
        ]
        secs, result = best_of(1, lambda: analyze(actor_rows, tie_rows))
        analysis = result.to_dict() if hasattr(result, "to_dict") else result
        rows.append(("analyze() (the engine, for reference)", secs, ""))
    secs, out = best_of(args.repeat, lambda: recommend(net, analysis, forum_size=15))
    label = "recommend()" + ("" if analysis is not None else " (patron–client measures inside)")
    sizes = (
        ", ".join(f"{k} {len(out[k])}" for k in ("entry_points", "patron_levers", "blockers"))
        + f", forum {len(out['forum']['members'])}"
    )
    rows.append((label, secs, sizes))
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'seconds':>8}  lists")
    for name, s, extra in rows:
        print(f"{name:<{width}}  {s:>8.3f}  {extra}")
    target = 3.0
    print(
        f"recommend(): {secs:.3f} s for {net.n} actors — target < {target} s: "
        f"{'met' if secs < target else 'NOT met'} (ratio {secs / target:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
