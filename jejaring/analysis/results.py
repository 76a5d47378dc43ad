"""Reading the engine's results for pages: which measures exist, how to show them.

Pages never call the engine themselves; they go through
:func:`jejaring.analysis.services.village_analysis` (cached per ``village.data_version``) and
read the result here, so that the register, the actor page, the map and the village home show
the same numbers with the same labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Measure:
    """A per-actor measure of the engine's JSON that pages may show and sort by."""

    key: str
    label: Any
    help: Any
    digits: int = 3


#: Measures offered as register columns, map sizes and actor-page rows, in that order.
MEASURES: tuple[Measure, ...] = (
    Measure(
        "degree",
        _("Links in the analysis (degree)"),
        _(
            "Current ties as the analysis counts them: one per other actor and direction, so a "
            "two-way tie such as kinship counts twice and past ties not at all."
        ),
        0,
    ),
    Measure(
        "betweenness_normalized",
        _("Brokerage (betweenness)"),
        _("How often the actor lies on the shortest path between two others (0–1)."),
    ),
    Measure(
        "pagerank",
        _("Reach (PageRank)"),
        _("Importance from being looked to by others who are themselves looked to."),
        4,
    ),
    Measure(
        "patron_score",
        _("Patron score"),
        _("How strongly others depend on this actor for credit, land, market or work (0–1)."),
    ),
    Measure(
        "dependency_concentration",
        _("Dependency concentration"),
        _("1 = depends on a single patron; near 0 = dependency spread over many."),
    ),
    Measure(
        "constraint",
        _("Constraint"),
        _("Burt's constraint: high when all of an actor's contacts know each other."),
    ),
    Measure(
        "closeness",
        _("Closeness"),
        _("How near the actor is to everyone else (0–1)."),
    ),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}

#: Role codes of the engine and their labels (unknown codes are shown as they come).
ROLE_LABELS = {
    "patron": _("Patron"),
    "multiplex_patron": _("Multiplex patron"),
    "broker": _("Broker"),
    "gatekeeper": _("Gatekeeper"),
    "liaison": _("Liaison"),
    "client": _("Client"),
    "captive_client": _("Captive client"),
    "poor_household": _("Poor household"),
    "isolate": _("Isolate"),
}


def role_label(code: str) -> str:
    label = ROLE_LABELS.get(code)
    return str(label) if label is not None else code.replace("_", " ")


def current_analysis(village, *, allow_stale: bool = True) -> dict | None:
    """The engine's result for ``village`` (cached per data version); None for a village
    without actors (nothing to analyse).

    Pages accept the previous result while a save's recomputation runs in the background
    (``"stale": True`` in the result), so that a save never waits for the engine.
    """
    from jejaring.analysis.services import village_analysis

    if not village.actors.exists():
        return None
    return village_analysis(village, allow_stale=allow_stale)


def actor_index(result: dict | None) -> dict[str, dict]:
    """``{actor id: the actor's row}`` of an engine result (empty without a result)."""
    if not result:
        return {}
    return {str(a["id"]): a for a in result.get("actors", [])}


def number(value: Any) -> float | None:
    """A measure as a float, None when missing or not a number (NaN included)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def actor_measure_rows(row: dict | None) -> list[dict[str, Any]]:
    """The actor page's measures: ``label``, ``help``, ``key``, ``value`` (formatted, "" when
    missing) and ``note`` (why a value reads as it does, "" when it needs no word).

    A closeness of 0 for an actor with ties is not "far from everyone": closeness counts who
    can *reach* the actor along the ties' direction, and nobody reaches a client whose ties
    all point to its patrons. The value is then left out and that is said instead.
    """
    if not row:
        return []
    out = []
    for m in MEASURES:
        value = number(row.get(m.key))
        text = "" if value is None else f"{value:.{m.digits}f}"
        note = ""
        if m.key == "closeness" and value == 0 and (number(row.get("degree")) or 0) > 0:
            text = "–"
            note = _(
                "Not measured: nobody reaches this actor along the direction of the ties (its "
                "ties all point to others, as a client's to a patron), so closeness says nothing "
                "here."
            )
        out.append({"key": m.key, "label": m.label, "help": m.help, "value": text, "note": note})
    return out
