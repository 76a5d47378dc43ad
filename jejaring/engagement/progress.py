"""How far the approach has come: pure computations over plain rows (no Django).

The Django side (:mod:`jejaring.engagement.queries`) reads the database into the small dicts
these functions take, so the rules can be checked on hand-made villages with known answers and
the page, the API and the CLI show the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any

from jejaring import vocab

STATUSES: tuple[str, ...] = vocab.codes(vocab.ENGAGEMENT_STATUSES)
# Statuses that mean the party has been met at least once.
APPROACHED = frozenset(STATUSES) - {"not_approached"}
# Statuses that mean the party is open to the program or better.
ENGAGED = frozenset({"receptive", "supportive", "active_partner"})


def step(status: str) -> int | None:
    """Position on the forward path (0 not approached … 4 active partner); None if resistant."""
    try:
        return vocab.ENGAGEMENT_PATH.index(status)
    except ValueError:
        return None


def tally(statuses: Iterable[str]) -> dict[str, Any]:
    """Counts per status and the shares the dashboard shows.

    Returns ``{"total", "counts" {status: n, every status present}, "approached", "engaged",
    "resistant", "approached_share", "engaged_share"}`` (shares in [0, 1], None when empty).
    """
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s if s in counts else "not_approached"] += 1
    total = sum(counts.values())
    approached = sum(counts[s] for s in APPROACHED)
    engaged = sum(counts[s] for s in ENGAGED)
    return {
        "total": total,
        "counts": counts,
        "approached": approached,
        "engaged": engaged,
        "resistant": counts["resistant"],
        "approached_share": approached / total if total else None,
        "engaged_share": engaged / total if total else None,
    }


def progress_by(rows: Iterable[Mapping[str, Any]], key: str) -> list[dict[str, Any]]:
    """Approach progress grouped by ``row[key]`` (category, hamlet, approach group…).

    Each row needs ``status`` and ``key``; rows whose key is empty are grouped under ``""``.
    Groups come out largest first, then by key, each as :func:`tally` plus ``"key"``.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        groups[r.get(key) or ""].append(r["status"])
    out = [{"key": k, **tally(v)} for k, v in groups.items()]
    out.sort(key=lambda g: (-g["total"], g["key"] == "", g["key"]))
    return out


def in_scope(row: Mapping[str, Any]) -> bool:
    """Whether an actor counts in the approach progress.

    Stakeholders are people, groups and institutions other than program staff; a household
    counts once the facilitators have started working with it (it has a status or a contact),
    so three hundred unvisited households do not drown the figures.
    """
    if row.get("is_facilitator"):
        return False
    if row.get("kind") != "household":
        return True
    return row.get("status", "not_approached") != "not_approached" or bool(row.get("contacts"))


def checklist(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The first-approach groups of the technique, each with its actors and progress.

    Rows need ``group`` (the category's approach group, "" for none), ``status`` and ``name``;
    other keys are passed through. Every group of :data:`vocab.APPROACH_GROUPS` appears, in the
    technique's order, even when the village has nobody in it (so the gap is visible); a group
    is ``done`` when every actor in it has been approached.
    """
    by_group: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        if r.get("group"):
            by_group[r["group"]].append(r)
    out = []
    for term in vocab.APPROACH_GROUPS:
        members = sorted(
            by_group.get(term.code, []),
            key=lambda r: (step(r["status"]) is None, step(r["status"]) or 0, r["name"]),
        )
        t = tally(r["status"] for r in members)
        out.append(
            {
                "group": term.code,
                "actors": members,
                **t,
                "done": bool(members) and t["approached"] == t["total"],
            }
        )
    return out


def overdue_follow_ups(contacts: Iterable[Mapping[str, Any]], today: dt.date) -> list[dict]:
    """Contacts that need the facilitator: late next steps and planned visits not made.

    A held contact whose ``next_step_due`` is before ``today`` and not ``next_step_done``; a
    planned contact whose ``planned_date`` is before ``today``. Each result is the contact with
    ``kind`` ("next_step" or "planned"), ``due`` and ``days_late``; most overdue first.
    """
    out = []
    for c in contacts:
        if c["state"] == "held" and c.get("next_step_due") and not c.get("next_step_done"):
            if c["next_step_due"] < today:
                out.append({**c, "kind": "next_step", "due": c["next_step_due"]})
        elif c["state"] == "planned" and c.get("planned_date") and c["planned_date"] < today:
            out.append({**c, "kind": "planned", "due": c["planned_date"]})
    for item in out:
        item["days_late"] = (today - item["due"]).days
    out.sort(key=lambda c: (c["due"], str(c.get("id", ""))))
    return out


OPEN_ACTION_STATUSES = frozenset({"open", "in_progress"})


def overdue_actions(actions: Iterable[Mapping[str, Any]], today: dt.date) -> list[dict]:
    """Action items still open or in progress whose ``due`` date is before ``today``."""
    out = [
        {**a, "days_late": (today - a["due"]).days}
        for a in actions
        if a["status"] in OPEN_ACTION_STATUSES and a.get("due") and a["due"] < today
    ]
    out.sort(key=lambda a: (a["due"], str(a.get("id", ""))))
    return out


def stance_changes(assessments: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Where a rater's view of an actor's stance moved between two assessments.

    Only the same rater's successive assessments are compared: two raters who disagree are two
    views, not a change. Rows need ``actor``, ``rater``, ``date``, ``stance`` (None skipped).
    Returns ``{"actor", "rater", "from_date", "to_date", "from_stance", "to_stance",
    "delta"}``, most recent first, then by actor.
    """
    series: dict[tuple, list[tuple[dt.date, int]]] = defaultdict(list)
    for a in assessments:
        if a.get("stance") is not None:
            series[(a["actor"], a["rater"])].append((a["date"], a["stance"]))
    out = []
    for (actor, rater), points in series.items():
        points.sort()
        for (d0, s0), (d1, s1) in pairwise(points):
            if s1 != s0:
                out.append(
                    {
                        "actor": actor,
                        "rater": rater,
                        "from_date": d0,
                        "to_date": d1,
                        "from_stance": s0,
                        "to_stance": s1,
                        "delta": s1 - s0,
                    }
                )
    out.sort(key=lambda c: (-c["to_date"].toordinal(), str(c["actor"]), str(c["rater"])))
    return out


def status_on(changes: Iterable[Mapping[str, Any]], date: dt.date) -> str:
    """An actor's engagement status on ``date`` from its dated changes (``date``, ``to_status``,
    in recording order); "not_approached" before the first."""
    status = "not_approached"
    for c in sorted(changes, key=lambda c: c["date"]):
        if c["date"] > date:
            break
        status = c["to_status"]
    return status


def timeline(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Events grouped by month, newest month first; within a month newest first.

    Each event needs ``date``; returns ``[{"month": date(first of month), "events": [...]}]``.
    """
    months: dict[dt.date, list] = defaultdict(list)
    for e in events:
        months[e["date"].replace(day=1)].append(e)
    return [
        {
            "month": m,
            "events": sorted(months[m], key=lambda e: (e["date"], e.get("order", 0)), reverse=True),
        }
        for m in sorted(months, reverse=True)
    ]
