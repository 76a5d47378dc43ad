"""Poor households: one definition and one count for every page, the report and the API.

A **poor household** is an actor recorded as a *household* whose welfare rank is *very poor* or
*poor* (:data:`jejaring.vocab.POOR_WELFARE`, :data:`jejaring.vocab.POOR_HOUSEHOLD_KINDS`); a
person, group or institution never counts, whatever its welfare. It **depends on a patron**
when the analysis lists it as the client of at least one patron (a current dependency tie), and
is **captive** when the analysis marks it so (docs/measures.md). Counting this in one place
keeps the home page, the interest network, the report, the supervisor view and the API from
disagreeing (issue 12: "8 poor households" next to "9 poor households depending on a patron").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from jejaring import vocab


def is_poor_household(kind: str | None, welfare: str | None) -> bool:
    return (kind or "") in vocab.POOR_HOUSEHOLD_KINDS and welfare in vocab.POOR_WELFARE


def count_poor_households(
    people: Mapping[str, Mapping[str, Any]], clients: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """``total``, ``dependent``, ``captive`` and ``by_hamlet`` (``{hamlet: {…}}``).

    ``people`` maps actor ids to at least ``kind``, ``welfare`` and ``hamlet``; ``clients`` is
    the engine's clients list (each with ``id``, ``patrons`` and ``captive``).
    """
    poor = {
        pk: p.get("hamlet") or ""
        for pk, p in people.items()
        if is_poor_household(p.get("kind"), p.get("welfare"))
    }
    dependent: set[str] = set()
    captive: set[str] = set()
    for c in clients:
        pk = str(c.get("id"))
        if pk in poor and (c.get("patrons") or c.get("patrons_count")):
            dependent.add(pk)
            if c.get("captive"):
                captive.add(pk)
    by_hamlet: dict[str, dict[str, int]] = {}
    for name, total in Counter(poor.values()).items():
        by_hamlet[name] = {"total": total, "dependent": 0, "captive": 0}
    for pk in dependent:
        by_hamlet[poor[pk]]["dependent"] += 1
    for pk in captive:
        by_hamlet[poor[pk]]["captive"] += 1
    return {
        "total": len(poor),
        "dependent": len(dependent),
        "captive": len(captive),
        "by_hamlet": by_hamlet,
    }


def poor_households(village) -> dict[str, Any]:
    """:func:`count_poor_households` of ``village`` from its actors and its current analysis."""
    from jejaring.actors.models import Actor
    from jejaring.analysis.results import current_analysis

    people = {
        str(pk): {"kind": kind, "welfare": welfare, "hamlet": hamlet or ""}
        for pk, kind, welfare, hamlet in Actor.objects.filter(
            village=village, welfare__in=sorted(vocab.POOR_WELFARE)
        ).values_list("pk", "kind", "welfare", "hamlet__name")
    }
    result = current_analysis(village) or {}
    return count_poor_households(people, result.get("clients") or [])


def poor_totals(poor: Mapping[str, Any] | None) -> dict[str, int] | None:
    """``total``, ``dependent`` and ``captive`` of a count (the API's shape), None without one."""
    if not poor:
        return None
    return {k: int(poor[k]) for k in ("total", "dependent", "captive")}
