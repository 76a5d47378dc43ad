"""The only place that writes commitments, their evidence and the change settings; and the
snapshots taken by schedule or at forum meetings."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jejaring.change.models import ChangeSettings, Commitment, CommitmentEvent
from jejaring.villages.models import Village


def _same_village(obj, village: Village, field: str) -> None:
    if obj is not None and obj.village_id != village.pk:
        raise ValidationError({field: _("Not of this village.")})


def _user_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_full_name() or user.get_username()


@transaction.atomic
def create_commitment(
    village: Village,
    *,
    patron,
    kind: str,
    made_on: dt.date,
    text: str = "",
    lever: str = "",
    meeting=None,
    contact=None,
    status: str = Commitment.Status.PROPOSED,
    follow_up: dt.date | None = None,
    note: str = "",
    user=None,
) -> Commitment:
    """Record a patron's commitment with its first piece of evidence (its status that day)."""
    _same_village(patron, village, "patron")
    _same_village(contact, village, "contact")
    if meeting is not None and meeting.forum.village_id != village.pk:
        raise ValidationError({"meeting": _("Not of this village.")})
    if kind not in Commitment.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of commitment.")})
    if kind == Commitment.Kind.OTHER and not text.strip():
        raise ValidationError({"text": _("Say in words what was agreed.")})
    c = Commitment.objects.create(
        village=village,
        patron=patron,
        kind=kind,
        text=text,
        lever=lever,
        meeting=meeting,
        contact=contact,
        made_on=made_on,
        status=status,
        follow_up=follow_up,
    )
    CommitmentEvent.objects.create(
        commitment=c,
        date=made_on,
        status=status,
        note=note,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
        recorded_by_name=_user_name(user),
    )
    return c


@transaction.atomic
def record_status(
    commitment: Commitment,
    *,
    status: str,
    date: dt.date,
    note: str = "",
    follow_up: dt.date | None = None,
    user=None,
) -> CommitmentEvent:
    """Add dated evidence; the commitment's status becomes that of its latest evidence."""
    if status not in Commitment.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if date < commitment.made_on:
        raise ValidationError({"date": _("Before the commitment was made.")})
    event = CommitmentEvent.objects.create(
        commitment=commitment,
        date=date,
        status=status,
        note=note,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
        recorded_by_name=_user_name(user),
    )
    latest = commitment.events.order_by("-date", "-created_at").first()
    commitment.status = latest.status
    if status in (Commitment.Status.DONE, Commitment.Status.BROKEN):
        commitment.follow_up = None
    if follow_up is not None:
        commitment.follow_up = follow_up
    commitment.save(update_fields=["status", "follow_up", "updated_at"])
    return event


def settings_of(village: Village) -> ChangeSettings:
    obj = ChangeSettings.objects.filter(village=village).first()
    return obj or ChangeSettings(village=village)


@transaction.atomic
def update_settings(
    village: Village, *, every_days: int | None, at_meetings: bool
) -> ChangeSettings:
    if every_days is not None and not 1 <= every_days <= 366:
        raise ValidationError({"every_days": _("Between 1 and 366 days.")})
    obj, _created = ChangeSettings.objects.update_or_create(
        village=village, defaults={"every_days": every_days, "at_meetings": at_meetings}
    )
    return obj


def snapshot_due(village: Village, now: dt.datetime | None = None) -> bool:
    """Whether the schedule asks for a snapshot now (the last one is ``every_days`` old)."""
    from jejaring.analysis.models import Snapshot

    s = ChangeSettings.objects.filter(village=village).first()
    if s is None or not s.every_days:
        return False
    now = now or timezone.now()
    last = Snapshot.objects.filter(village=village).order_by("-taken_at").values("taken_at").first()
    return last is None or now - last["taken_at"] >= dt.timedelta(days=s.every_days)


def take_due_snapshot(village: Village, now: dt.datetime | None = None):
    """Take the scheduled snapshot if one is due; returns it, or None."""

    if not snapshot_due(village, now):
        return None
    with transaction.atomic():
        # Two pages opened at the same moment take one snapshot: the second waits for the
        # lock, then finds the first one's snapshot and is no longer due.
        ChangeSettings.objects.select_for_update().filter(village=village).first()
        if not snapshot_due(village, now):
            return None
        return _take_scheduled(village)


def _take_scheduled(village: Village):
    from jejaring.analysis.snapshots import take_snapshot

    today = timezone.localdate()
    return take_snapshot(
        village,
        _("Scheduled %(date)s") % {"date": today.isoformat()},
        note=_("Taken by the schedule of the Change page."),
    )


def take_due_snapshots(now: dt.datetime | None = None) -> list:
    """Every village's due snapshot (for ``jejaring snapshot --due`` and a cron job)."""
    taken = []
    for village in Village.objects.filter(change_settings__every_days__isnull=False):
        snap = take_due_snapshot(village, now)
        if snap is not None:
            taken.append(snap)
    return taken


def snapshot_at_meeting(meeting) -> None:
    """When the village asks for it, freeze the network as the meeting is logged."""
    from jejaring.analysis.snapshots import take_snapshot

    village = meeting.forum.village
    s = ChangeSettings.objects.filter(village=village).first()
    if s is None or not s.at_meetings or meeting.state != "held":
        return
    take_snapshot(
        village,
        _("Meeting %(date)s") % {"date": meeting.date.isoformat()},
        note=_("Taken when the meeting “%(title)s” was logged.")
        % {"title": meeting.title or meeting.forum.name},
    )
