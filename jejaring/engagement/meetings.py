"""Rules of the dialogue forum, on plain data: who may lead an item, what is carried forward.

In the technique the parties, not the facilitator, speak in the forum, and each speaks for the
field they know. These functions flag the items that break the rule and follow action items
from meeting to meeting until they are done. No Django here; see
:mod:`jejaring.engagement.queries` for the database side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

# Warning codes of an agenda item. The first two break the technique's rule; the others ask the
# facilitator to check.
FACILITATOR_LEADS = "facilitator_leads"
OUTSIDE_FIELD = "outside_field"
NO_LEAD = "no_lead"
NOT_MEMBER = "not_member"
WARNINGS = (FACILITATOR_LEADS, OUTSIDE_FIELD, NO_LEAD, NOT_MEMBER)

CLOSED_ACTION_STATUSES = frozenset({"done", "dropped"})


def speaker_fields(
    lead: str | None,
    members: Mapping[str, Mapping[str, Any]],
    actor_fields: Mapping[str, Iterable[str]],
) -> set[str]:
    """The fields ``lead`` speaks for: the one their forum seat names, else their own fields.

    ``members`` maps actor id → ``{"field": code or None, ...}`` for current members;
    ``actor_fields`` maps actor id → the fields recorded on the actor.
    """
    if lead is None:
        return set()
    seat = members.get(lead)
    if seat and seat.get("field"):
        return {seat["field"]}
    return set(actor_fields.get(lead, ()))


def agenda_warnings(
    item: Mapping[str, Any],
    members: Mapping[str, Mapping[str, Any]],
    actor_fields: Mapping[str, Iterable[str]],
    facilitators: set[str],
) -> list[str]:
    """Warning codes for one agenda item (``lead`` actor id or None, ``field`` code or None).

    - ``facilitator_leads``: program staff lead the item (by being a facilitator actor or
      sitting in the forum as its facilitator) — the parties should speak, not the program;
    - ``outside_field``: the lead speaks on a field that is not theirs (their forum seat's
      field, or the fields recorded on them when the seat names none);
    - ``no_lead``: nobody is named to lead;
    - ``not_member``: the lead is not a current member (a guest; check it is intended).
    """
    lead, field = item.get("lead"), item.get("field")
    if lead is None:
        return [NO_LEAD]
    seat = members.get(lead)
    if lead in facilitators or (seat and seat.get("role") == "facilitator"):
        return [FACILITATOR_LEADS]
    out = []
    if field and field not in speaker_fields(lead, members, actor_fields):
        out.append(OUTSIDE_FIELD)
    if seat is None:
        out.append(NOT_MEMBER)
    return out


def carried_into(
    meeting_date: dt.date, actions: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Action items agreed at earlier meetings that were still open on ``meeting_date``.

    An item is carried while it is open or in progress; one closed (done or dropped) on or after
    the meeting's date was still open at that meeting, so a past meeting's page shows what was
    on the table then. Items closed without a date are taken as closed before. Rows need
    ``agreed`` (the date of the meeting that agreed it), ``status``, ``done_on``.
    """
    out = []
    for a in actions:
        if a["agreed"] >= meeting_date:
            continue
        if a["status"] not in CLOSED_ACTION_STATUSES or (
            a.get("done_on") is not None and a["done_on"] >= meeting_date
        ):
            out.append(dict(a))
    out.sort(key=lambda a: (a["agreed"], a.get("due") or dt.date.max, str(a.get("id", ""))))
    return out


def times_carried(agreed: dt.date, status: str, done_on, meeting_dates: Iterable[dt.date]) -> int:
    """How many later meetings an action item has been carried into."""
    return sum(
        1
        for d in meeting_dates
        if d > agreed and (status not in CLOSED_ACTION_STATUSES or (done_on and done_on >= d))
    )


def speaking_shares(
    meetings: Iterable[Mapping[str, Any]], facilitators: set[str]
) -> list[dict[str, Any]]:
    """Who led the agenda, meeting by meeting: community members versus the facilitator.

    ``meetings``: ``{"id", "date", "items": [{"lead": id or None, "lead_role": role or None}]}``
    in date order. An item counts for the facilitator when its lead is a facilitator actor or
    sits in the forum as facilitator; ``community_share`` is community-led items over items
    with a lead (None when no item has one).
    """
    out = []
    for m in meetings:
        community = facilitator = no_lead = 0
        for it in m["items"]:
            if it.get("lead") is None:
                no_lead += 1
            elif it["lead"] in facilitators or it.get("lead_role") == "facilitator":
                facilitator += 1
            else:
                community += 1
        led = community + facilitator
        out.append(
            {
                "meeting": m["id"],
                "date": m["date"],
                "title": m.get("title", ""),
                "items": community + facilitator + no_lead,
                "community": community,
                "facilitator": facilitator,
                "no_lead": no_lead,
                "community_share": community / led if led else None,
            }
        )
    return out
