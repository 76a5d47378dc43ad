"""How the actors app's data is drawn: register columns, role sentences, the power–interest
grid and the Venn (chapati) diagram as server-side SVG geometry (templates draw it)."""

from __future__ import annotations

import math
import uuid
from collections import defaultdict

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jejaring.actors.models import Actor
from jejaring.actors.queries import GRID_HIGH, RegisterPage
from jejaring.analysis.explain import explain_roles, referenced_ids
from jejaring.analysis.results import MEASURE_BY_KEY
from jejaring.villages.models import Village

#: Stance −2..+2 → colour (red against, green for; grey neutral, pale unknown).
STANCE_COLOURS = {
    -2: "#b3261e",
    -1: "#e07b39",
    0: "#8d99a0",
    1: "#5fae85",
    2: "#1d6b57",
    None: "#d0d6da",
}

BASE_COLUMNS = (
    ("name", _("Name")),
    ("code", _("Id")),
    ("category", _("Category")),
    ("hamlet", _("Hamlet")),
    ("welfare", _("Welfare")),
    ("influence", _("Influence")),
    ("interest", _("Interest")),
    ("stance", _("Stance")),
    ("status", _("Engagement")),
)
# The id is shown under the name, not in a column of its own (it is still a sort key).
SHOWN_COLUMNS = tuple(c for c in BASE_COLUMNS if c[0] != "code")
MEASURE_COLUMNS = ("degree", "betweenness_normalized", "patron_score")
NUMERIC = {"influence", "interest", "stance", *MEASURE_BY_KEY}


def stance_colour(stance) -> str:
    if stance is None:
        return STANCE_COLOURS[None]
    return STANCE_COLOURS.get(max(-2, min(2, round(float(stance)))), STANCE_COLOURS[None])


def register_columns(request: HttpRequest, page: RegisterPage) -> list[dict]:
    """The register's column headers with their sort links (a second click reverses)."""
    keys = list(SHOWN_COLUMNS)
    if page.has_measures:
        keys += [(k, MEASURE_BY_KEY[k].label) for k in MEASURE_COLUMNS]
    out = []
    for key, label in keys:
        active = page.query.sort == key
        desc = not page.query.desc if active else key in MEASURE_BY_KEY
        params = request.GET.copy()
        params["sort"] = ("-" if desc else "") + key
        params.pop("page", None)
        out.append(
            {
                "key": key,
                "label": label,
                "url": "?" + params.urlencode(),
                "active": active,
                "desc": page.query.desc if active else False,
                "numeric": key in NUMERIC,
                "help": MEASURE_BY_KEY[key].help if key in MEASURE_BY_KEY else "",
            }
        )
    return out


def page_url(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


def actor_roles(village: Village, measures: dict | None) -> list[dict]:
    """The actor's roles with sentences written from the engine's rule facts."""
    if not measures:
        return []
    details = measures.get("role_details")
    if details is None:
        details = [{"role": r, "facts": {}} for r in measures.get("roles", [])]
    ids = referenced_ids(details)
    names = {}
    if ids:
        valid = []
        for i in ids:
            try:
                valid.append(uuid.UUID(str(i)))
            except ValueError:
                continue
        names = {
            str(pk): name
            for pk, name in Actor.objects.filter(village=village, pk__in=valid).values_list(
                "pk", "name"
            )
        }
    return explain_roles(details, names)


# --------------------------------------------------------------------------- grid

GRID = {"size": 520, "margin": 56, "max": 5}


def grid_svg(village: Village, points: list[dict]) -> dict:
    """Geometry of the power–interest grid: x = interest, y = influence (0–5).

    Actors sharing a cell are spread on a small spiral around the cell's point so none hides
    another; quadrant borders sit at :data:`GRID_HIGH`.
    """
    size, margin, top = GRID["size"], GRID["margin"], GRID["max"]
    inner = size - 2 * margin
    step = inner / (top + 1)

    def x(v: float) -> float:
        return margin + (v + 0.5) * step

    def y(v: float) -> float:
        return size - margin - (v + 0.5) * step

    cells: dict[tuple, int] = defaultdict(int)
    dots = []
    for p in points:
        key = (p["interest"], p["influence"])
        k = cells[key]
        cells[key] += 1
        angle = k * 2.4
        r = 0 if k == 0 else min(step * 0.42, 5 + 3.2 * math.sqrt(k))
        dots.append(
            {
                "x": round(x(p["interest"]) + r * math.cos(angle), 1),
                "y": round(y(p["influence"]) + r * math.sin(angle), 1),
                "colour": stance_colour(p["stance"]),
                "name": p["name"],
                "url": reverse("actors:actor", kwargs={"village": village.slug, "actor": p["id"]}),
                "influence": p["influence"],
                "interest": p["interest"],
                "stance": p["stance"],
            }
        )
    label_top_dots(dots, size=size, margin=margin)
    split = margin + GRID_HIGH * step
    split_y = size - margin - GRID_HIGH * step
    ticks = [{"v": v, "x": round(x(v), 1), "y": round(y(v), 1)} for v in range(top + 1)]
    quadrant_labels = [
        {"code": "manage_closely", "x": size - margin - 6, "y": margin + 16, "anchor": "end"},
        {"code": "keep_satisfied", "x": margin + 6, "y": margin + 16, "anchor": "start"},
        {"code": "keep_informed", "x": size - margin - 6, "y": size - margin - 8, "anchor": "end"},
        {"code": "monitor", "x": margin + 6, "y": size - margin - 8, "anchor": "start"},
    ]
    return {
        "size": size,
        "centre": size / 2,
        "margin": margin,
        "inner": inner,
        "right": size - margin,
        "bottom": size - margin,
        "split_x": round(split, 1),
        "split_y": round(split_y, 1),
        "ticks": ticks,
        "dots": dots,
        "quadrant_labels": quadrant_labels,
        "legend": [{"stance": s, "colour": c} for s, c in STANCE_COLOURS.items() if s is not None],
    }


#: How many dots of the grid carry their name on the picture (the most influential and
#: interested first); every dot has its name on hover or tap, and the lists below name all.
GRID_LABELS = 12


def label_top_dots(dots: list[dict], *, size: float, margin: float) -> None:
    """Give the top dots a visible name (``label`` with x, y, anchor) where it overlaps no
    other label and stays inside the picture; the others keep the name in their tooltip."""
    placed: list[tuple[float, float, float, float]] = []
    ranked = sorted(dots, key=lambda d: (-(d["influence"] + d["interest"]), d["name"]))
    for d in ranked:
        if len(placed) >= GRID_LABELS:
            break
        width = 6.2 * len(d["name"]) + 4
        # Right of the dot, or left of it when that would leave the picture.
        anchor = "start" if d["x"] + 9 + width <= size - 4 else "end"
        x0 = d["x"] + 9 if anchor == "start" else d["x"] - 9 - width
        y0 = d["y"] - 6
        box = (x0, y0, x0 + width, y0 + 13)
        if box[0] < 4 or box[1] < margin - 20:
            continue
        if any(
            not (box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1]) for b in placed
        ):
            continue
        placed.append(box)
        d["label"] = {
            "x": round(d["x"] + (9 if anchor == "start" else -9), 1),
            "y": round(d["y"] + 4, 1),
            "anchor": anchor,
        }


# --------------------------------------------------------------------------- Venn

VENN = {"size": 640, "community": 62, "near": 105, "far": 245}


def venn_svg(village: Village, items: list[dict]) -> dict:
    """Geometry of the Venn (chapati) diagram: the community in the middle, each institution
    a circle whose size is its importance and whose distance from the middle shrinks as its
    closeness to the community grows."""
    size = VENN["size"]
    c = size / 2
    circles = []
    n = max(len(items), 1)
    ordered = sorted(items, key=lambda i: (-i["importance"], i["name"]))
    for k, item in enumerate(ordered):
        distance = VENN["near"] + (5 - item["closeness"]) / 5 * (VENN["far"] - VENN["near"])
        angle = 2 * math.pi * k / n - math.pi / 2
        radius = 14 + item["importance"] * 7
        circles.append(
            {
                "x": round(c + distance * math.cos(angle), 1),
                "y": round(c + distance * math.sin(angle), 1),
                "r": round(radius, 1),
                "colour": stance_colour(item["stance"]),
                "name": item["name"],
                "url": reverse(
                    "actors:actor", kwargs={"village": village.slug, "actor": item["id"]}
                ),
                "importance": item["importance"],
                "closeness": item["closeness"],
            }
        )
    # Big circles first so small ones stay clickable on top.
    circles.sort(key=lambda d: -d["r"])
    return {"size": size, "c": c, "community_r": VENN["community"], "circles": circles}
