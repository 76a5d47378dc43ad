"""Reading commitments and the village's indicators over time (snapshots + now)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import threading
from collections import OrderedDict
from typing import Any

from django.utils import timezone

from jejaring.change.models import Commitment, CommitmentEvent
from jejaring.graph.indicators import engine_pairs, indicators
from jejaring.villages.models import Village

#: Days ahead a follow-up shows on the facilitation dashboard.
FOLLOW_UP_AHEAD = 7


def village_commitments(village: Village) -> list[dict[str, Any]]:
    """The commitments as plain rows for the engine (``patron``, ``lever``, ``status``,
    ``kind``)."""
    return [
        {"patron": str(p), "lever": lever, "status": status, "kind": kind}
        for p, lever, status, kind in Commitment.objects.filter(village=village).values_list(
            "patron_id", "lever", "status", "kind"
        )
    ]


def commitments_as_of(village: Village, when: dt.date) -> list[dict[str, Any]]:
    """Each commitment made by ``when`` with its status on that day (its latest evidence)."""
    status: dict[str, str] = {}
    for cid, status_then in (
        CommitmentEvent.objects.filter(commitment__village=village, date__lte=when)
        .order_by("date", "created_at")
        .values_list("commitment_id", "status")
    ):
        status[str(cid)] = status_then
    return [{"id": k, "status": v} for k, v in status.items()]


def follow_ups(village: Village, today: dt.date | None = None) -> list[Commitment]:
    """Open commitments whose follow-up date is past or within a week (*perlu ditindaklanjuti*)."""
    today = today or timezone.localdate()
    return list(
        Commitment.objects.filter(
            village=village,
            status__in=[Commitment.Status.PROPOSED, Commitment.Status.AGREED],
            follow_up__isnull=False,
            follow_up__lte=today + dt.timedelta(days=FOLLOW_UP_AHEAD),
        )
        .select_related("patron")
        .order_by("follow_up")
    )


def awareness_progress(village: Village, at: dt.datetime | None = None) -> dict[str, int] | None:
    """Circle members who switched provider or joined an alternative, when the awareness
    circles are installed (``jejaring.awareness.queries.progress_counts``); None otherwise, so
    the indicator is absent rather than zero."""
    from django.apps import apps

    if not apps.is_installed("jejaring.awareness"):
        return None
    try:
        module = importlib.import_module("jejaring.awareness.queries")
    except ImportError:
        return None
    progress_counts = getattr(module, "progress_counts", None)
    if progress_counts is None:
        return None
    return progress_counts(village, at=at)


def _forum_members_on(village: Village, when: dt.date) -> list[str] | None:
    """Members of the village's active forum on ``when`` (None without a forum)."""
    from django.db.models import Q

    from jejaring.engagement.models import ForumMember
    from jejaring.reports.queries import current_forum

    forum = current_forum(village)
    if forum is None:
        return None
    return [
        str(pk)
        for pk in ForumMember.objects.filter(forum=forum)
        .filter(Q(joined__isnull=True) | Q(joined__lte=when))
        .filter(Q(left__isnull=True) | Q(left__gt=when))
        .values_list("actor_id", flat=True)
    ]


def _tie_types(village: Village) -> dict:
    from jejaring.analysis.adapter import tie_type_table

    return tie_type_table(village)


#: Client–patron weights of recent snapshots: a snapshot's frozen ties never change, so its
#: weights are computed once per process (keyed by the tie types too, which a village may edit).
_PAIRS: OrderedDict = OrderedDict()
_PAIRS_SIZE = 128
_PAIRS_LOCK = threading.Lock()


def _snapshot_pairs(village: Village, snapshot, actors, ties) -> dict:
    types = _tie_types(village)
    key = (snapshot.pk, json.dumps(types, sort_keys=True))
    with _PAIRS_LOCK:
        if key in _PAIRS:
            _PAIRS.move_to_end(key)
            return _PAIRS[key]
    pairs = engine_pairs(actors, ties, tie_types=types)
    with _PAIRS_LOCK:
        _PAIRS[key] = pairs
        while len(_PAIRS) > _PAIRS_SIZE:
            _PAIRS.popitem(last=False)
    return pairs


def snapshot_indicators(village: Village, snapshot) -> dict[str, Any]:
    """The indicators of a stored snapshot: its frozen actors and ties, the captive flags of
    its frozen analysis, the forum's members and the commitments' status on that day."""
    data = snapshot.data or {}
    frozen = (data.get("analysis") or {}).get("actors") or {}
    actors = [
        {**a, "captive": (frozen.get(a.get("id")) or {}).get("captive")}
        for a in data.get("actors") or []
    ]
    day = timezone.localtime(snapshot.taken_at).date()
    ties = data.get("ties") or []
    return indicators(
        actors,
        ties,
        pairs=_snapshot_pairs(village, snapshot, actors, ties),
        forum_members=_forum_members_on(village, day),
        commitments=commitments_as_of(village, day),
        progress=awareness_progress(village, at=snapshot.taken_at),
    )


def current_indicators(village: Village) -> dict[str, Any]:
    """The indicators of the village now."""
    from jejaring.analysis.adapter import actor_rows, tie_rows
    from jejaring.analysis.results import current_analysis

    result = current_analysis(village) or {}
    captive = {str(a["id"]) for a in result.get("actors", []) if a.get("captive")}
    actors = [{**a, "captive": a["id"] in captive} for a in actor_rows(village)]
    today = timezone.localdate()
    ties = tie_rows(village)
    return indicators(
        actors,
        ties,
        pairs=engine_pairs(actors, ties, tie_types=_tie_types(village)),
        forum_members=_forum_members_on(village, today),
        commitments=village_commitments(village),
        progress=awareness_progress(village),
    )


def indicator_series(village: Village, *, limit: int = 24) -> list[dict[str, Any]]:
    """Points over time, oldest first: the latest ``limit`` snapshots, then *now*."""
    from jejaring.analysis.models import Snapshot

    snaps = list(Snapshot.objects.filter(village=village).order_by("-taken_at")[:limit])
    snaps.reverse()
    points = [
        {
            "snapshot": s,
            "id": str(s.pk),
            "name": s.name,
            "date": timezone.localtime(s.taken_at).date(),
            "values": snapshot_indicators(village, s),
        }
        for s in snaps
    ]
    points.append(
        {
            "snapshot": None,
            "id": "now",
            "name": None,
            "date": timezone.localdate(),
            "values": current_indicators(village),
        }
    )
    return points
