"""Writes of the reports app: a village's changes to the lever list. One transaction each.

Recommendations and reports themselves write nothing (the what-if is never saved).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jejaring.graph.recommend.levers import load_levers
from jejaring.reports.models import LeverList
from jejaring.villages.models import Village

#: Conditions offered when adding a lever, as the page shows them.
WHEN_CHOICES = {
    "always": {},
    "poor_clients": {"poor_clients_min": 1},
    "captive_clients": {"captive_clients_min": 1},
    "not_opposed": {"stance_min": 0},
    "opposed": {"stance_max": -1},
}


def lever_changes(village: Village) -> dict[str, Any]:
    """The village's changes to the lever list ({} when none)."""
    row = LeverList.objects.filter(village=village).values_list("data", flat=True).first()
    return row or {}


def _validated(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError(_("The lever list must be a JSON object like levers.json."))
    try:
        load_levers(data)
    except ValueError as exc:
        raise ValidationError(_("The lever list is not valid: %(error)s") % {"error": exc}) from exc
    return data


@transaction.atomic
def replace_lever_changes(village: Village, data: Any, *, user=None) -> LeverList:
    """Store ``data`` as the village's changes (validated against the lever-list rules)."""
    data = _validated(data)
    row, _created = LeverList.objects.select_for_update().get_or_create(village=village)
    row.data = data
    row.updated_by = user if getattr(user, "is_authenticated", False) else None
    row.save()
    return row


def _slot(data: dict, form: str) -> list:
    part = data["any"] if form == "any" else data.setdefault("forms", {}).setdefault(form, {})
    return part.setdefault("levers", [])


def _code_for(text: str, existing: set[str]) -> str:
    base = "village_" + (re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:30] or "lever")
    code, n = base, 2
    while code in existing:
        code, n = f"{base}_{n}", n + 1
    return code


@transaction.atomic
def add_lever(
    village: Village, *, form: str, text: str, when: str, language: str, user=None
) -> str:
    """Add a village lever for ``form`` (a dependency form or ``"any"``); returns its code."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what the patron could do.")})
    if when not in WHEN_CHOICES:
        raise ValidationError({"when": _("Choose when the lever applies.")})
    table = load_levers(lever_changes(village))
    if form != "any" and form not in table["forms"]:
        raise ValidationError({"form": _("Unknown dependency form.")})
    data = lever_changes(village)
    if form == "any":
        data.setdefault("any", {})
    existing = {
        lv["code"]
        for part in [table["any"], *table["forms"].values()]
        for lv in part.get("levers", [])
    }
    code = _code_for(text, existing)
    entry: dict[str, Any] = {"code": code, language if language in ("id", "en") else "id": text}
    if WHEN_CHOICES[when]:
        entry["when"] = WHEN_CHOICES[when]
    _slot(data, form).append(entry)
    replace_lever_changes(village, data, user=user)
    return code


@transaction.atomic
def set_lever_hidden(village: Village, *, form: str, code: str, hidden: bool, user=None) -> None:
    """Hide a lever from this village's recommendations (or show it again).

    A lever the village added itself is removed when hidden; a default one is marked
    ``disabled`` so that it can be restored.
    """
    data = lever_changes(village)
    if form != "any":
        data.setdefault("forms", {}).setdefault(form, {})
    else:
        data.setdefault("any", {})
    levers = _slot(data, form)
    own = [lv for lv in levers if lv.get("code") == code and not lv.get("disabled")]
    levers[:] = [lv for lv in levers if lv.get("code") != code]
    if hidden and not (own and code.startswith("village_")):
        levers.append({"code": code, "disabled": True})
    elif not hidden and own:
        levers.extend(own)
    replace_lever_changes(village, data, user=user)
