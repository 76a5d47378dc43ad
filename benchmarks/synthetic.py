"""Seeded synthetic villages and districts for the engine benchmarks.

Not a model of any real place: a plausible shape (hamlets, a few patrons per village who
receive most dependency ties, mostly local ties) so that the measures do realistic work.
Everything is vectorised with numpy so that a 1,000,000-actor district is written in seconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

CATEGORIES = np.array(
    [
        "household",
        "trader",
        "landowner",
        "moneylender",
        "employer",
        "village_official",
        "religious_leader",
        "craftsman",
        "sharecropper",
    ]
)
CATEGORY_P = np.array([0.70, 0.04, 0.03, 0.01, 0.02, 0.02, 0.01, 0.05, 0.12])
PATRON_CATEGORIES = {"trader", "landowner", "moneylender", "employer"}
WELFARE = np.array(["very_poor", "poor", "middle", "well_off"])
DEPENDENCY_TYPES = np.array(["credit", "land", "purchase", "employment", "supply"])
DEPENDENCY_FORMS = np.array(["credit", "land", "market", "employment", "inputs"])
OTHER_TYPES = np.array(["advice", "influence", "authority"])
FREQUENCIES = np.array(["daily", "weekly", "monthly", "seasonal", "yearly", "occasional"])
ATTACHMENTS = np.array(["loose", "moderate", "binding"])


def generate(
    n: int,
    ties_per_actor: float = 10.0,
    *,
    village_size: int = 1000,
    hamlet_size: int = 250,
    dependency_share: float = 0.3,
    seed: int = 42,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Return ``(actors, ties)`` as dicts of equal-length numpy columns.

    Every tie is of a directed type; dependency ties run client → patron (a patron chosen
    with Zipf-like popularity within the client's village).
    """
    rng = np.random.default_rng(seed)
    m = round(n * ties_per_actor)
    idx = np.arange(n)
    village = idx // village_size
    hamlet = idx // hamlet_size
    category = CATEGORIES[rng.choice(len(CATEGORIES), n, p=CATEGORY_P)]
    is_patron = np.isin(category, list(PATRON_CATEGORIES))
    welfare_p = np.where(is_patron[:, None], [0.0, 0.05, 0.35, 0.6], [0.25, 0.35, 0.3, 0.1])
    u = rng.random(n)
    welfare = WELFARE[(u[:, None] > np.cumsum(welfare_p, axis=1)).sum(axis=1).clip(0, 3)]
    width = len(str(n))
    ids = np.char.add("a", np.char.zfill(idx.astype(str), width))
    actors = {
        "id": ids,
        "name": np.char.add("Actor ", idx.astype(str)),
        "category": category,
        "hamlet": np.char.add("H", hamlet.astype(str)),
        "welfare": welfare,
        "village": village,
    }

    src = rng.integers(0, n, m)
    kind = rng.random(m)
    is_dep = kind < dependency_share
    # Non-dependency ties: 60% inside the hamlet, 35% inside the village, 5% anywhere.
    scope = rng.random(m)
    v0 = village[src] * village_size
    vn = np.minimum(village_size, n - v0)
    h0 = hamlet[src] * hamlet_size
    hn = np.minimum(hamlet_size, n - h0)
    local = h0 + (rng.random(m) * hn).astype(np.int64)
    in_village = v0 + (rng.random(m) * vn).astype(np.int64)
    anywhere = rng.integers(0, n, m)
    dst = np.where(scope < 0.6, local, np.where(scope < 0.95, in_village, anywhere))
    # Dependency ties go to patrons of the client's village, popular ones more often.
    patrons = np.flatnonzero(is_patron)
    pv = village[patrons]
    starts = np.searchsorted(pv, np.arange(village.max() + 1))
    counts = np.diff(np.append(starts, len(patrons)))
    dep = np.flatnonzero(is_dep)
    vdep = village[src[dep]]
    cnt = counts[vdep]
    ok = cnt > 0
    rank = np.floor(cnt * rng.random(len(dep)) ** 2.5).astype(np.int64)
    dst[dep[ok]] = patrons[starts[vdep[ok]] + np.minimum(rank[ok], cnt[ok] - 1)]
    keep = src != dst
    src, dst, is_dep = src[keep], dst[keep], is_dep[keep]
    m = len(src)
    which = rng.integers(0, len(DEPENDENCY_TYPES), m)
    ttype = np.where(is_dep, DEPENDENCY_TYPES[which], OTHER_TYPES[which % len(OTHER_TYPES)])
    form = np.where(is_dep, DEPENDENCY_FORMS[which], "")
    freq = np.where(is_dep, FREQUENCIES[rng.integers(0, len(FREQUENCIES), m)], "")
    att = np.where(is_dep, ATTACHMENTS[rng.integers(0, len(ATTACHMENTS), m)], "")
    ties = {
        "source": ids[src],
        "target": ids[dst],
        "type": ttype,
        "form": form,
        "frequency": freq,
        "attachment": att,
        "weight": rng.integers(1, 4, m),
    }
    return actors, ties


def write_csv(columns: dict[str, np.ndarray], path: Path) -> None:
    """Write equal-length columns to a comma-separated file with a header (no quoting needed)."""
    names = list(columns)
    n = len(columns[names[0]])
    step = 200_000
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(names) + "\n")
        for start in range(0, n, step):
            cols = [np.asarray(columns[c][start : start + step]).astype(str) for c in names]
            block = cols[0]
            for col in cols[1:]:
                block = np.char.add(np.char.add(block, ","), col)
            fh.write("\n".join(block.tolist()))
            fh.write("\n")
