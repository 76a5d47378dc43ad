"""JSON twins of the Change pages: commitments, indicators (now and per snapshot), before/after,
the snapshot schedule."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from jejaring.change import queries, services
from jejaring.change.models import Commitment
from jejaring.core.access import get_in_village, get_village
from jejaring.engagement.api import VillageMember, _actor, _call, _created, _invalid

router = Router(auth=VillageMember())


def _commitment_out(c: Commitment) -> dict:
    return {
        "id": str(c.pk),
        "patron": {"id": str(c.patron_id), "name": c.patron.name},
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "text": c.text,
        "lever": c.lever,
        "meeting": str(c.meeting_id) if c.meeting_id else None,
        "contact": str(c.contact_id) if c.contact_id else None,
        "made_on": c.made_on.isoformat(),
        "status": c.status,
        "follow_up": c.follow_up.isoformat() if c.follow_up else None,
        "events": [
            {
                "date": e.date.isoformat(),
                "status": e.status,
                "note": e.note,
                "recorded_by": e.recorded_by_name,
            }
            for e in c.events.all()
        ],
    }


@router.get("/{slug}/change/commitments", response=list[dict])
def commitments(request: HttpRequest, slug: str):
    """Patrons' commitments with their dated evidence, newest first."""
    village = get_village(request, slug)
    qs = Commitment.objects.filter(village=village).select_related("patron")
    return [_commitment_out(c) for c in qs.prefetch_related("events")]


class CommitmentIn(Schema):
    patron: str
    kind: str
    made_on: dt.date
    text: str = ""
    lever: str = ""
    meeting: str | None = None
    contact: str | None = None
    status: str = "proposed"
    follow_up: dt.date | None = None
    note: str = ""


@router.post("/{slug}/change/commitments", response={201: dict})
def create_commitment(request: HttpRequest, slug: str, payload: CommitmentIn):
    """Record a patron's commitment (``kind``: fair_price, lower_interest, demo_plot,
    forum_support, release_debt, other; ``status``: proposed, agreed, done, broken)."""
    from jejaring.engagement.models import Contact, Meeting

    village = get_village(request, slug, write=True)
    meeting = contact = None
    if payload.meeting:
        meeting = Meeting.objects.filter(forum__village=village, pk=_uuid(payload.meeting)).first()
        if meeting is None:
            raise _invalid("meeting", "unknown meeting in this village")
    if payload.contact:
        contact = Contact.objects.filter(village=village, pk=_uuid(payload.contact)).first()
        if contact is None:
            raise _invalid("contact", "unknown contact in this village")
    if payload.status not in Commitment.Status.values:
        raise _invalid("status", "unknown status")
    c = _call(
        services.create_commitment,
        village,
        patron=_actor(village, payload.patron, "patron", required=True),
        kind=payload.kind,
        made_on=payload.made_on,
        text=payload.text,
        lever=payload.lever,
        meeting=meeting,
        contact=contact,
        status=payload.status,
        follow_up=payload.follow_up,
        note=payload.note,
        user=request.user,
    )
    return _created(_commitment_out(c))


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@router.get("/{slug}/change/commitments/{uuid:commitment}", response=dict)
def commitment(request: HttpRequest, slug: str, commitment: uuid.UUID):
    village = get_village(request, slug)
    return _commitment_out(get_in_village(Commitment, village, pk=commitment))


class EvidenceIn(Schema):
    status: str
    date: dt.date | None = None
    note: str = ""
    follow_up: dt.date | None = None


@router.post("/{slug}/change/commitments/{uuid:commitment}/evidence", response={201: dict})
def add_evidence(request: HttpRequest, slug: str, commitment: uuid.UUID, payload: EvidenceIn):
    """Dated evidence on a commitment; its status becomes that of the latest evidence."""
    village = get_village(request, slug, write=True)
    c = get_in_village(Commitment, village, pk=commitment)
    _call(
        services.record_status,
        c,
        status=payload.status,
        date=payload.date or timezone.localdate(),
        note=payload.note,
        follow_up=payload.follow_up,
        user=request.user,
    )
    c.refresh_from_db()
    return _created(_commitment_out(c))


@router.get("/{slug}/change/indicators", response=dict)
def indicators(request: HttpRequest, slug: str):
    """The indicators now and at each snapshot (oldest first; the last point is ``now``).
    Definitions: docs/recommendations.md, section *Perubahan / Change*."""
    village = get_village(request, slug)
    series = queries.indicator_series(village, limit=1000)
    return {
        "points": [
            {
                "snapshot": p["id"] if p["id"] != "now" else None,
                "name": p["name"],
                "date": p["date"].isoformat(),
                "indicators": p["values"],
            }
            for p in series
        ]
    }


@router.get("/{slug}/change/indicators/{uuid:snapshot}", response=dict)
def snapshot_indicators(request: HttpRequest, slug: str, snapshot: uuid.UUID):
    """The indicators of one snapshot."""
    from jejaring.analysis.models import Snapshot

    village = get_village(request, slug)
    snap = get_in_village(Snapshot, village, pk=snapshot)
    return {
        "snapshot": str(snap.pk),
        "name": snap.name,
        "indicators": queries.snapshot_indicators(village, snap),
    }


@router.get("/{slug}/change/before-after", response=dict)
def before_after(
    request: HttpRequest, slug: str, before: uuid.UUID | None = None, after: str = "now"
):
    """What changed per client and per patron between two snapshots (``after=now`` for the
    village now; ``before`` defaults to the oldest snapshot), in sentences in the request's
    language."""
    from jejaring.analysis.adapter import actor_rows, tie_rows
    from jejaring.analysis.models import Snapshot
    from jejaring.change.beforeafter import compare_states

    village = get_village(request, slug)
    if before is None:
        b = Snapshot.objects.filter(village=village).order_by("taken_at").first()
        if b is None:
            raise _invalid("before", "the village has no snapshot yet")
    else:
        b = get_in_village(Snapshot, village, pk=before)
    if after == "now":
        data = {"actors": actor_rows(village), "ties": tie_rows(village)}
    else:
        key = _uuid(after)
        if key is None:
            raise _invalid("after", "a snapshot id or 'now'")
        data = get_in_village(Snapshot, village, pk=key).data
    return {"before": str(b.pk), "after": after, **compare_states(b.data, data)}


class SettingsIn(Schema):
    every_days: int | None = None
    at_meetings: bool = False


@router.get("/{slug}/change/settings", response=dict)
def get_settings(request: HttpRequest, slug: str):
    village = get_village(request, slug)
    s = services.settings_of(village)
    return {"every_days": s.every_days, "at_meetings": s.at_meetings}


@router.put("/{slug}/change/settings", response=dict)
def put_settings(request: HttpRequest, slug: str, payload: SettingsIn):
    """When snapshots are taken by themselves: every N days and/or at forum meetings."""
    village = get_village(request, slug, write=True)
    s = _call(
        services.update_settings,
        village,
        every_days=payload.every_days,
        at_meetings=payload.at_meetings,
    )
    return {"every_days": s.every_days, "at_meetings": s.at_meetings}
