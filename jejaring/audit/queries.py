"""Reading a village's history: always filtered by the village first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from jejaring.audit.models import Change
from jejaring.audit.tracked import tracked_models

ACTION_LABELS = {
    Change.Action.CREATE: gettext_lazy("created"),
    Change.Action.UPDATE: gettext_lazy("changed"),
    Change.Action.DELETE: gettext_lazy("deleted"),
}


def village_changes(village, kind: str = "") -> models.QuerySet[Change]:
    """The village's entries, newest first; ``kind`` (``actors.actor``…) narrows to one model."""
    qs = Change.objects.filter(village=village)
    if kind:
        model = kinds().get(kind)
        qs = (
            qs.filter(content_type=ContentType.objects.get_for_model(model)) if model else qs.none()
        )
    return qs.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def record_changes(village, record: models.Model) -> models.QuerySet[Change]:
    """The entries of one record of ``village`` (also once the record is deleted) and of the
    records that belong to it (a tie's accounts, an actor's assessments, a forum's meetings)."""
    ct = ContentType.objects.get_for_model(type(record))
    return village_changes(village).filter(
        Q(content_type=ct, object_pk=str(record.pk)) | Q(parent_pk=str(record.pk))
    )


def kinds() -> dict[str, type[models.Model]]:
    """Tracked models by ``app_label.model`` (the filter of the village's history page)."""
    return {m._meta.label_lower: m for m in tracked_models()}


@dataclass
class Line:
    """One change shown on a history page."""

    entry: Change
    what: str
    action: str
    rows: list[tuple[str, Any, Any]]
    imported: dict | None

    @property
    def repr(self) -> str:
        """The record's description as stored, with a stage or state label in it (kept as its
        English msgid, e.g. "Karyadi: Receptive") in the reader's language."""
        import re

        text = self.entry.object_repr or ""
        head, sep, tail = text.rpartition(": ")
        if sep and tail:
            return head + sep + gettext(tail)
        found = re.fullmatch(r"(.*) \(([^()]+)\)", text)
        if found:
            return f"{found.group(1)} ({gettext(found.group(2))})"
        return text


#: Labels of fields that carry no translated verbose name (Django derives them from the field
#: name): listed so the catalogue holds them and the history speaks the user's language.
FIELD_LABELS = [
    gettext_noop("actor"),
    gettext_noop("agenda item"),
    gettext_noop("changed by"),
    gettext_noop("contact"),
    gettext_noop("created at"),
    gettext_noop("created by"),
    gettext_noop("data"),
    gettext_noop("data version"),
    gettext_noop("decided by"),
    gettext_noop("discussion"),
    gettext_noop("external id"),
    gettext_noop("forum"),
    gettext_noop("from status"),
    gettext_noop("id"),
    gettext_noop("meeting"),
    gettext_noop("order"),
    gettext_noop("recorded by"),
    gettext_noop("tie"),
    gettext_noop("to status"),
    gettext_noop("updated at"),
    gettext_noop("updated by"),
    gettext_noop("user"),
    gettext_noop("village"),
]


def lines(entries) -> list[Line]:
    out = []
    for e in entries:
        model = e.content_type.model_class()
        what = str(model._meta.verbose_name) if model else e.content_type.model
        extra = (e.additional_data or {}).get("import")
        if extra:
            out.append(Line(e, what, _("imported"), [], extra))
            continue
        rows = []
        try:
            display = e.changes_display_dict
        except Exception:  # an entry written by an older version of a model: show it raw
            display = e.changes_dict
        for name, values in display.items():
            if isinstance(values, list | tuple) and len(values) == 2:
                before, after = values
            else:
                before, after = "", values
            rows.append((gettext(str(name)), _said(before), _said(after)))
        out.append(Line(e, what, str(ACTION_LABELS.get(e.action, e.action)), rows, None))
    return out


def _none(value: Any) -> Any:
    return "—" if value in (None, "", "None") else value


def _said(value: Any) -> Any:
    """A value as the reader reads it: the vocabularies' choice labels (stored as their English
    msgids, e.g. an engagement stage) in the reader's language."""
    value = _none(value)
    return gettext(value) if isinstance(value, str) and value != "—" else value
