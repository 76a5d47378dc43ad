"""Every write of the engagement app: one function per user action, one transaction each.

Pages, the API and the CLI call these; they check that every object they are given belongs to
the village (an id from another village is refused, never silently linked) and raise
:class:`django.core.exceptions.ValidationError` with messages in the user's language, keyed by
the form field concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jejaring import vocab
from jejaring.actors.models import Actor, Field
from jejaring.audit.models import Change
from jejaring.audit.tracked import record_rows, tracked_update
from jejaring.core.locks import lock_row
from jejaring.engagement.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Contact,
    Decision,
    Engagement,
    Forum,
    ForumMember,
    Meeting,
    StatusChange,
)
from jejaring.villages.models import Village

STATUS_CODES = frozenset(vocab.codes(vocab.ENGAGEMENT_STATUSES))
STAGE_CODES = frozenset(vocab.codes(vocab.ENGAGEMENT_STAGES))
CHANNEL_CODES = frozenset(vocab.codes(vocab.CONTACT_CHANNELS))


def _today() -> dt.date:
    return timezone.localdate()


def _require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationError({field: [message]})


def _same_village(obj, village: Village, field: str) -> None:
    """Refuse an actor (or field term) from another village."""
    if obj is None:
        return
    owner = getattr(obj, "village_id", None)
    # Built-in vocabulary terms (no village) belong to every village.
    ok = owner == village.pk or (isinstance(obj, Field) and owner is None)
    _require(ok, field, _("This choice does not belong to this village."))


def _check_channel(channel: str) -> None:
    _require(not channel or channel in CHANNEL_CODES, "channel", _("Unknown channel."))


def _check_status(status: str, field: str = "status") -> None:
    _require(status in STATUS_CODES, field, _("Unknown status."))


# --- Approach: engagement, contacts, status -------------------------------------------------


def engagement_for(actor: Actor) -> Engagement:
    """The actor's engagement row, created (not approached, following their way) if missing."""
    engagement, _created = Engagement.objects.get_or_create(actor=actor)
    return engagement


def _lock_actor(actor: Actor) -> Engagement:
    """Serialise changes to one actor's engagement and status history (see core.locks): two
    status changes at once would otherwise each chain to the status before both."""
    lock_row(Actor, actor.pk)
    return engagement_for(actor)


def _rechain(actor: Actor) -> Engagement:
    """Make the status history consistent after a change was added.

    Changes are read in date order (recording order within a day): each one's ``from_status``
    is the status before it and the engagement's status is the last one's, so a contact
    recorded late, with an earlier date, slots into the history instead of overriding it.
    """
    engagement = engagement_for(actor)
    previous = "not_approached"
    for change in StatusChange.objects.filter(actor=actor).order_by("date", "created_at"):
        if change.from_status != previous:
            change.from_status = previous
            change.save(update_fields=["from_status", "updated_at"])
        previous = change.to_status
    if engagement.status != previous:
        engagement.status = previous
        engagement.save(update_fields=["status", "updated_at"])
    return engagement


def _status_before(actor: Actor, date: dt.date) -> str:
    last = (
        StatusChange.objects.filter(actor=actor, date__lte=date)
        .order_by("-date", "-created_at")
        .first()
    )
    return last.to_status if last else "not_approached"


@transaction.atomic
def change_status(
    actor: Actor,
    to_status: str,
    *,
    date: dt.date | None = None,
    note: str = "",
    contact: Contact | None = None,
    user=None,
) -> StatusChange | None:
    """Record that ``actor``'s status became ``to_status`` on ``date`` (default today).

    Nothing is recorded when the status on that date is already ``to_status``. Returns the
    change (or None).
    """
    _check_status(to_status)
    _lock_actor(actor)
    date = date or _today()
    _require(date <= _today(), "date", _("The date of a status change cannot be in the future."))
    if _status_before(actor, date) == to_status:
        return None
    change = StatusChange.objects.create(
        actor=actor,
        date=date,
        from_status="",
        to_status=to_status,
        contact=contact,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        note=note,
    )
    _rechain(actor)
    change.refresh_from_db()
    return change


def _check_contact_fields(village: Village, actor: Actor, via: Actor | None) -> None:
    _same_village(actor, village, "actor")
    _same_village(via, village, "via")
    _require(
        via is None or via.pk != actor.pk, "via", _("The intermediary cannot be the stakeholder.")
    )


@transaction.atomic
def plan_contact(
    village: Village,
    actor: Actor,
    *,
    planned_date: dt.date,
    purpose: str = "",
    who_goes: str = "",
    via: Actor | None = None,
    channel: str = "",
    user=None,
) -> Contact:
    """Plan a contact: who goes, when, through whom and what for."""
    _check_contact_fields(village, actor, via)
    _check_channel(channel)
    _require(planned_date is not None, "planned_date", _("Give the date of the planned contact."))
    engagement_for(actor)
    return Contact.objects.create(
        village=village,
        actor=actor,
        state=Contact.State.PLANNED,
        planned_date=planned_date,
        purpose=purpose.strip(),
        who_goes=who_goes.strip(),
        via=via,
        channel=channel,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


@dataclass
class HeldContact:
    """What the facilitator writes down after a contact took place."""

    held_date: dt.date
    channel: str = ""
    who_goes: str = ""
    outcome: str = ""
    next_step: str = ""
    next_step_due: dt.date | None = None
    new_status: str | None = None
    status_note: str = ""
    # The contact was the follow-up earlier contacts asked for: close their next steps.
    closes_earlier_steps: bool = True


def _apply_held(contact: Contact, held: HeldContact, user) -> Contact:
    _check_channel(held.channel)
    _require(held.held_date is not None, "held_date", _("Give the date the contact took place."))
    _require(
        held.held_date <= _today(),
        "held_date",
        _("A contact cannot have taken place in the future."),
    )
    _require(
        held.next_step_due is None or held.next_step_due >= held.held_date,
        "next_step_due",
        _("The next step cannot be due before the contact."),
    )
    if held.new_status:
        _check_status(held.new_status, "new_status")
    contact.state = Contact.State.HELD
    contact.held_date = held.held_date
    contact.channel = held.channel or contact.channel
    contact.who_goes = held.who_goes.strip() or contact.who_goes
    contact.outcome = held.outcome.strip()
    contact.next_step = held.next_step.strip()
    contact.next_step_due = held.next_step_due
    contact.next_step_done = False
    contact.save()
    if held.closes_earlier_steps:
        earlier = (
            Contact.objects.filter(
                actor=contact.actor,
                state=Contact.State.HELD,
                next_step_done=False,
                held_date__lte=held.held_date,
            )
            .exclude(pk=contact.pk)
            .exclude(next_step="", next_step_due=None)
        )
        tracked_update(earlier, next_step_done=True, updated_at=timezone.now())
    target = held.new_status
    # Meeting someone who had not been approached approaches them, whatever else happened.
    if not target and _status_before(contact.actor, held.held_date) == "not_approached":
        target = "approached"
    if target:
        change_status(
            contact.actor,
            target,
            date=held.held_date,
            note=held.status_note or contact.outcome,
            contact=contact,
            user=user,
        )
    else:
        engagement_for(contact.actor)
    return contact


@transaction.atomic
def record_contact(contact: Contact, held: HeldContact, *, user=None) -> Contact:
    """A planned contact took place: its outcome, next step and, if it moved, the new status."""
    _require(
        contact.state != Contact.State.CANCELLED,
        "held_date",
        _("This contact was cancelled; plan a new one."),
    )
    return _apply_held(contact, held, user)


@transaction.atomic
def log_contact(
    village: Village,
    actor: Actor,
    held: HeldContact,
    *,
    purpose: str = "",
    via: Actor | None = None,
    user=None,
) -> Contact:
    """Record a contact that took place without having been planned."""
    _check_contact_fields(village, actor, via)
    contact = Contact(
        village=village,
        actor=actor,
        purpose=purpose.strip(),
        via=via,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return _apply_held(contact, held, user)


@transaction.atomic
def cancel_contact(contact: Contact, *, reason: str = "") -> Contact:
    """Cancel a planned contact (it stays in the log, marked cancelled)."""
    _require(
        contact.state == Contact.State.PLANNED,
        "state",
        _("Only a planned contact can be cancelled."),
    )
    contact.state = Contact.State.CANCELLED
    if reason.strip():
        contact.outcome = reason.strip()
    contact.save()
    return contact


@transaction.atomic
def set_next_step_done(contact: Contact, done: bool = True) -> Contact:
    """Tick off (or reopen) the next step agreed at a held contact."""
    _require(
        contact.state == Contact.State.HELD,
        "next_step_done",
        _("Only a contact that took place has a next step."),
    )
    contact.next_step_done = done
    contact.save(update_fields=["next_step_done", "updated_at"])
    return contact


@transaction.atomic
def record_their_way(
    actor: Actor, *, gatherings: str = "", channels: str = "", decision_making: str = ""
) -> Engagement:
    """Record how the party works on its own: its gatherings, channels and way of deciding."""
    engagement = _lock_actor(actor)
    engagement.gatherings = gatherings.strip()
    engagement.channels = channels.strip()
    engagement.decision_making = decision_making.strip()
    engagement.save()
    return engagement


@transaction.atomic
def change_stage(
    actor: Actor, stage: str, *, date: dt.date | None = None, note: str = ""
) -> Engagement:
    """Move the work with a party to the program's way (with the date and how), or back.

    Moving to the program's way needs a note on how the move happened: that is what a
    supervisor reads later. Going back to their way keeps the note and clears the date.
    """
    _require(stage in STAGE_CODES, "stage", _("Unknown stage."))
    engagement = _lock_actor(actor)
    if stage == "steer_program_way":
        date = date or _today()
        _require(date <= _today(), "date", _("The date cannot be in the future."))
        _require(
            bool(note.strip()),
            "note",
            _("Say how the work moved to the program's way."),
        )
        engagement.steered_on = date
        engagement.steer_note = note.strip()
    else:
        engagement.steered_on = None
        if note.strip():
            engagement.steer_note = note.strip()
    engagement.stage = stage
    engagement.save()
    return engagement


# --- Forums -----------------------------------------------------------------------------------


def _check_member_fields(forum: Forum, actor: Actor, field: Field | None, role: str) -> None:
    _same_village(actor, forum.village, "actor")
    _same_village(field, forum.village, "field")
    _require(role in ForumMember.Role.values, "role", _("Unknown role."))


@transaction.atomic
def create_forum(
    village: Village,
    *,
    name: str,
    purpose: str = "",
    established: dt.date | None = None,
    members: Sequence[tuple[Actor, Field | None, str]] = (),
) -> Forum:
    """A new forum with its first members, each with the field they speak for."""
    _require(bool(name.strip()), "name", _("Give the forum a name."))
    lock_row(Village, village.pk)  # two forums of the same name created at once
    _require(
        not Forum.objects.filter(village=village, name__iexact=name.strip()).exists(),
        "name",
        _("This village already has a forum with this name."),
    )
    forum = Forum.objects.create(
        village=village, name=name.strip(), purpose=purpose.strip(), established=established
    )
    seen = set()
    for actor, field, role in members:
        if actor.pk in seen:
            continue
        seen.add(actor.pk)
        _check_member_fields(forum, actor, field, role)
        ForumMember.objects.create(
            forum=forum, actor=actor, field=field, role=role, joined=established
        )
    return forum


@transaction.atomic
def update_forum(
    forum: Forum, *, name: str, purpose: str = "", established=None, active: bool = True
) -> Forum:
    _require(bool(name.strip()), "name", _("Give the forum a name."))
    _require(
        not Forum.objects.filter(village=forum.village, name__iexact=name.strip())
        .exclude(pk=forum.pk)
        .exists(),
        "name",
        _("This village already has a forum with this name."),
    )
    forum.name, forum.purpose = name.strip(), purpose.strip()
    forum.established, forum.active = established, active
    forum.save()
    return forum


def default_field(actor: Actor) -> Field | None:
    """The field an actor most likely speaks for: the first recorded on them."""
    return actor.fields.order_by("order", "code").first()


@transaction.atomic
def add_member(
    forum: Forum,
    actor: Actor,
    *,
    field: Field | None = None,
    role: str = ForumMember.Role.MEMBER,
    joined: dt.date | None = None,
) -> ForumMember:
    """Seat ``actor`` in the forum; a former member who left is seated again."""
    _check_member_fields(forum, actor, field, role)
    lock_row(Forum, forum.pk)  # the same actor seated twice at once: one seat, one refusal
    member = ForumMember.objects.filter(forum=forum, actor=actor).first()
    if member is not None:
        _require(member.left is not None, "actor", _("This stakeholder is already a member."))
        member.left = None
    else:
        member = ForumMember(forum=forum, actor=actor)
    member.field, member.role = field, role
    member.joined = joined or member.joined or _today()
    member.save()
    return member


@transaction.atomic
def update_member(member: ForumMember, *, field: Field | None, role: str) -> ForumMember:
    """Change the field a member speaks for, or their role."""
    _check_member_fields(member.forum, member.actor, field, role)
    member.field, member.role = field, role
    member.save()
    return member


@transaction.atomic
def remove_member(member: ForumMember, *, left: dt.date | None = None) -> ForumMember:
    """A member leaves: the seat is closed with a date, their attendance history stays."""
    _require(member.left is None, "left", _("This member has already left."))
    left = left or _today()
    _require(
        member.joined is None or left >= member.joined,
        "left",
        _("A member cannot leave before joining."),
    )
    member.left = left
    member.save(update_fields=["left", "updated_at"])
    return member


# --- Meetings ---------------------------------------------------------------------------------


@dataclass
class AgendaEntry:
    title: str
    field: Field | None = None
    lead: Actor | None = None
    notes: str = ""


def _check_agenda(meeting_village: Village, entry: AgendaEntry, prefix: str = "") -> None:
    _require(bool(entry.title.strip()), f"{prefix}title", _("Give the agenda item a title."))
    _same_village(entry.lead, meeting_village, f"{prefix}lead")
    _same_village(entry.field, meeting_village, f"{prefix}field")


def _check_meeting(state: str, date: dt.date | None) -> None:
    _require(date is not None, "date", _("Give the date of the meeting."))
    _require(state in Meeting.State.values, "state", _("Unknown state."))
    _require(
        state != Meeting.State.HELD or date <= _today(),
        "date",
        _("A meeting in the future cannot have been held yet."),
    )


@transaction.atomic
def create_meeting(
    forum: Forum,
    *,
    date: dt.date,
    title: str = "",
    place: str = "",
    state: str = Meeting.State.HELD,
    minutes: str = "",
    agenda: Sequence[AgendaEntry] = (),
    present: Iterable[Actor] = (),
) -> Meeting:
    """A meeting with its agenda (in order) and who was there.

    For a held meeting, every current member not listed as present is recorded absent, so the
    attendance record is complete.
    """
    _check_meeting(state, date)
    for i, entry in enumerate(agenda):
        _check_agenda(forum.village, entry, prefix=f"agenda-{i}-")
    meeting = Meeting.objects.create(
        forum=forum,
        date=date,
        title=title.strip(),
        place=place.strip(),
        state=state,
        minutes=minutes.strip(),
    )
    for i, entry in enumerate(agenda):
        AgendaItem.objects.create(
            meeting=meeting,
            order=i + 1,
            title=entry.title.strip(),
            field=entry.field,
            lead=entry.lead,
            notes=entry.notes.strip(),
        )
    if state == Meeting.State.HELD or present:
        _write_attendance(meeting, present)
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    *,
    date: dt.date,
    title: str = "",
    place: str = "",
    state: str,
    minutes: str = "",
) -> Meeting:
    """Change a meeting's date, title, place, state or minutes."""
    _check_meeting(state, date)
    meeting.date, meeting.title, meeting.place = date, title.strip(), place.strip()
    meeting.state, meeting.minutes = state, minutes.strip()
    meeting.save()
    return meeting


def _write_attendance(meeting: Meeting, present: Iterable[Actor]) -> list[Attendance]:
    # Two saves of the attendance at once: the second waits and replaces the first's rows.
    lock_row(Meeting, meeting.pk)
    village = meeting.forum.village
    present = list(present)
    for actor in present:
        _same_village(actor, village, "present")
    here = {a.pk for a in present}
    seated = set(
        ForumMember.objects.filter(forum=meeting.forum)
        .filter(_seated_on(meeting.date))
        .values_list("actor_id", flat=True)
    )
    Attendance.objects.filter(meeting=meeting).delete()
    rows = [
        Attendance(meeting=meeting, actor_id=pk, present=pk in here) for pk in sorted(here | seated)
    ]
    created = Attendance.objects.bulk_create(rows)
    record_rows(created, Change.Action.CREATE)
    return created


def _seated_on(date: dt.date):
    from django.db.models import Q

    return (Q(joined__isnull=True) | Q(joined__lte=date)) & (
        Q(left__isnull=True) | Q(left__gt=date)
    )


@transaction.atomic
def set_attendance(meeting: Meeting, present: Iterable[Actor]) -> list[Attendance]:
    """Who was at the meeting. Members seated on that date and not listed are marked absent;
    anyone else listed is recorded as a guest who came."""
    return _write_attendance(meeting, present)


@transaction.atomic
def add_agenda_item(meeting: Meeting, entry: AgendaEntry) -> AgendaItem:
    """Add an item at the end of the meeting's agenda."""
    _check_agenda(meeting.forum.village, entry)
    last = meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        order=last + 1,
        title=entry.title.strip(),
        field=entry.field,
        lead=entry.lead,
        notes=entry.notes.strip(),
    )


@transaction.atomic
def update_agenda_item(item: AgendaItem, entry: AgendaEntry) -> AgendaItem:
    _check_agenda(item.meeting.forum.village, entry)
    item.title, item.field, item.lead = entry.title.strip(), entry.field, entry.lead
    item.notes = entry.notes.strip()
    item.save()
    return item


@transaction.atomic
def delete_agenda_item(item: AgendaItem) -> None:
    """Remove an item; the items after it move up. Decisions and actions keep their text."""
    meeting = item.meeting
    item.delete()
    for i, it in enumerate(meeting.agenda.order_by("order", "created_at"), start=1):
        if it.order != i:
            it.order = i
            it.save(update_fields=["order", "updated_at"])


def _check_item_of(meeting: Meeting, agenda_item: AgendaItem | None) -> None:
    _require(
        agenda_item is None or agenda_item.meeting_id == meeting.pk,
        "agenda_item",
        _("This agenda item belongs to another meeting."),
    )


@transaction.atomic
def add_decision(meeting: Meeting, text: str, *, agenda_item: AgendaItem | None = None) -> Decision:
    _require(bool(text.strip()), "text", _("Write the decision."))
    _check_item_of(meeting, agenda_item)
    return Decision.objects.create(meeting=meeting, agenda_item=agenda_item, text=text.strip())


@transaction.atomic
def delete_decision(decision: Decision) -> None:
    decision.delete()


@transaction.atomic
def add_action_item(
    meeting: Meeting,
    *,
    text: str,
    owner: Actor | None,
    due: dt.date | None,
    agenda_item: AgendaItem | None = None,
) -> ActionItem:
    """An action agreed at the meeting: what, who (an actor of the village), by when."""
    _require(bool(text.strip()), "text", _("Write what has to be done."))
    _require(owner is not None, "owner", _("Say who will do it."))
    _same_village(owner, meeting.forum.village, "owner")
    _require(due is not None, "due", _("Give a due date."))
    _require(due >= meeting.date, "due", _("The due date cannot be before the meeting."))
    _check_item_of(meeting, agenda_item)
    return ActionItem.objects.create(
        forum=meeting.forum,
        meeting=meeting,
        agenda_item=agenda_item,
        text=text.strip(),
        owner=owner,
        due=due,
    )


@transaction.atomic
def update_action_item(
    action: ActionItem,
    *,
    status: str,
    done_on: dt.date | None = None,
    due: dt.date | None = None,
    owner: Actor | None = None,
) -> ActionItem:
    """Change an action item's status (and its due date or owner).

    Closing it (done or dropped) records the date, today by default; reopening clears it.
    """
    _require(status in ActionItem.Status.values, "status", _("Unknown status."))
    if owner is not None:
        _same_village(owner, action.forum.village, "owner")
        action.owner = owner
    if due is not None:
        _require(due >= action.meeting.date, "due", _("The due date cannot be before the meeting."))
        action.due = due
    if status in (ActionItem.Status.DONE, ActionItem.Status.DROPPED):
        done_on = done_on or action.done_on or _today()
        _require(done_on <= _today(), "done_on", _("The date cannot be in the future."))
        _require(
            done_on >= action.meeting.date,
            "done_on",
            _("An action cannot be closed before the meeting that agreed it."),
        )
        action.done_on = done_on
    else:
        action.done_on = None
    action.status = status
    action.save()
    return action
