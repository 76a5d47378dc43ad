"""No lost updates: a record's version, checked when a form or an API call saves it.

Two people open the same actor (tie, forum, meeting…) and both save. Without a check the
second save silently overwrites the first. Each such record carries ``version``; the edit form
sends back the version it was opened at, and :func:`claim` bumps the version in the database
only if it is still that one — one conditional ``UPDATE``, so it holds across web processes and
on PostgreSQL and SQLite alike without a lock held between requests. When it is not, the
save is refused with :class:`StaleEdit` carrying the record as it is now; the page then shows
both versions side by side (:func:`differences`) and lets the user merge them and save again.

A save that does not pass through :func:`claim` (an import, a bulk edit) still moves the
version on (:class:`Versioned`), so a form opened before it is refused too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """The record changed since the form was opened; ``current`` is the record as saved now."""

    def __init__(self, current: models.Model):
        super().__init__(f"{type(current).__name__} {current.pk} changed since it was read")
        self.current = current


class Versioned(models.Model):
    """A record whose every save moves its ``version`` on (see the module's docstring)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and not getattr(self, "_version_claimed", False):
            self.version = (self.version or 0) + 1
            fields = kwargs.get("update_fields")
            if fields is not None and "version" not in fields:
                kwargs["update_fields"] = [*fields, "version"]
        self._version_claimed = False
        super().save(*args, **kwargs)


def posted_version(data: Mapping[str, Any] | None, name: str = "version") -> int | None:
    """The version a form or a JSON body was read at; None when it sent none."""
    if not data:
        return None
    raw = data.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if value >= 0 else None


@contextmanager
def claim(instance: Versioned, expected: int | None) -> Iterator[Versioned]:
    """Hold the right to save ``instance`` if it is still at version ``expected``.

    Opens a transaction and moves the version on with ``UPDATE … WHERE version = expected``:
    a concurrent claim on the same record waits for this transaction and then finds the
    version changed. Raises :class:`StaleEdit` (nothing written) when the record moved on
    since ``expected``; with ``expected`` None (a client that sends no version) the save is
    last-write-wins, as before versions existed. The caller saves inside the ``with`` block.
    """
    model = type(instance)
    with transaction.atomic():
        rows = model._default_manager.filter(pk=instance.pk)
        if expected is not None:
            rows = rows.filter(version=expected)
        if not rows.update(version=F("version") + 1):
            raise StaleEdit(model._default_manager.get(pk=instance.pk))
        instance.version = (
            model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).get()
        )
        instance._version_claimed = True
        try:
            yield instance
        finally:
            instance._version_claimed = False


class VersionField(forms.IntegerField):
    """The hidden field that carries the version a form was opened at."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


def _shown(field: forms.BoundField | None, value: Any) -> str:
    """A field value as the user reads it (the label of a choice, "—" for nothing)."""
    if value in (None, "", [], ()):
        return "—"
    if field is not None and hasattr(field.field, "choices"):
        labels = {str(k): str(v) for k, v in field.field.choices if not isinstance(v, list | tuple)}
        if isinstance(value, list | tuple):
            return ", ".join(labels.get(str(_plain(v)), str(v)) for v in value) or "—"
        return labels.get(str(_plain(value)), str(value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _plain(value: Any) -> Any:
    """A model instance as its id, so a posted id and a saved relation compare equal."""
    return getattr(value, "pk", value)


def _normal(value: Any) -> Any:
    if value in (None, "", [], ()):
        return ""
    if isinstance(value, list | tuple):
        return sorted(str(_plain(v)) for v in value)
    value = _plain(value)
    if isinstance(value, bool):
        return value
    return str(value).replace("\r\n", "\n").strip()


def differences(mine: forms.Form, saved: forms.Form) -> list[dict[str, Any]]:
    """The fields where the user's form ``mine`` (bound, as posted) and the record as saved now
    (``saved``, a form of the same class filled from the current record) differ.

    Each row: ``name``, ``label``, ``mine`` and ``saved`` as the user reads them."""
    rows = []
    for name, field in mine.fields.items():
        if name == "version" or isinstance(field.widget, forms.HiddenInput):
            continue
        a = mine[name].value()
        b = saved[name].value()
        if isinstance(field, forms.BooleanField):
            a, b = bool(a) and a not in ("false", "0", "off"), bool(b)
        if _normal(a) == _normal(b):
            continue
        rows.append(
            {
                "name": name,
                "label": field.label or name,
                "mine": _shown(mine[name], a),
                "saved": _shown(saved[name], b),
            }
        )
    return rows


def merged(posted, saved: forms.Form):
    """The posted data (a QueryDict) with the fields the user chose to take from the saved
    record: on the conflict page each differing field has ``take_<field>`` = ``mine`` or
    ``saved``."""
    data = posted.copy()
    for key in posted:
        if not key.startswith("take_") or posted.get(key) != "saved":
            continue
        name = key[len("take_") :]
        if name not in saved.fields:
            continue
        value = saved[name].value()
        if isinstance(value, list | tuple):
            data.setlist(name, [str(getattr(v, "pk", v)) for v in value])
        elif isinstance(saved.fields[name], forms.BooleanField):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        else:
            data[name] = "" if value is None else str(getattr(value, "pk", value))
    return data


def conflict_context(mine: forms.Form, saved: forms.Form, current: models.Model) -> dict:
    """What the conflict block shows: the differing fields, and who saved the record when."""
    from jejaring.audit.models import Change

    last = (
        Change.objects.get_for_object(current)
        .select_related("actor")
        .order_by("-timestamp")
        .first()
        if hasattr(Change.objects, "get_for_object")
        else None
    )
    return {
        "rows": differences(mine, saved),
        "by": last.actor.get_username() if last and last.actor else None,
        "at": getattr(current, "updated_at", None),
        "version": current.version,
    }


def save_claimed(instance: Versioned, posted, save) -> dict | None:
    """Run ``save()`` under :func:`claim` with the version in ``posted`` (a form's data).

    Returns None when saved, or — when someone saved the record in between — the current
    record (``"current"``) for the view to show the conflict. ``save`` may raise the
    service's own errors, which pass through."""
    try:
        with claim(instance, posted_version(posted)):
            save()
    except StaleEdit as stale:
        return {"current": stale.current}
    return None


def with_version(posted, version: int):
    """A copy of the posted data carrying ``version``: the form shown on the conflict page
    saves over the version the user has now seen."""
    data = posted.copy()
    data["version"] = str(version)
    return data


def _posted_value(value: Any) -> Any:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(_plain(v)) for v in value]
    return str(_plain(value))


def shown_data(form: forms.Form) -> dict[str, Any]:
    """What a browser would post for an unbound ``form`` as it is shown (its initial values):
    the base an API update (PATCH) lays its changed fields over."""
    data = {}
    for name, field in form.fields.items():
        value = _posted_value(form[name].value())
        if value == "" and getattr(field.widget, "input_type", "") == "checkbox":
            continue
        data[name] = value
    return data
