"""The positive side of each interest network: what a patron could contribute, and why.

For each patron: what it controls (the dependency forms of its clients), how many poor
households depend on it and how captive they are, its stance and influence, and concrete
*levers* – contributions that follow from the form of the dependency (fairer credit terms,
sharecropping shares, buying prices, joining the forum as a sponsor). The levers come from a
documented, editable list, :file:`levers.json` beside this module (see ``docs/levers.md``); a
village may override or extend it (:func:`load_levers`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jejaring.graph.recommend.context import Context
from jejaring.graph.recommend.facts import actor_facts, patron_facts, route_facts
from jejaring.graph.recommend.paths import Routes

__all__ = [
    "CONDITIONS",
    "DEFAULT_LEVERS_PATH",
    "form_alternative",
    "load_levers",
    "patron_levers",
    "select_levers",
]

DEFAULT_LEVERS_PATH = Path(__file__).with_name("levers.json")
#: Conditions a lever may set in ``when``, read against the patron's facts.
CONDITIONS = (
    "clients_min",
    "poor_clients_min",
    "captive_clients_min",
    "stance_min",
    "stance_max",
)
#: Distinct clients that make an actor a patron here (one suffices when that client is captive).
PATRON_MIN_CLIENTS = 2
_TEXT_KEYS = ("en", "id", "text")


@cache
def _defaults() -> dict:
    return json.loads(DEFAULT_LEVERS_PATH.read_text(encoding="utf-8"))


def _check_entry(entry: Any, where: str, kind: str) -> None:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: each {kind} must be an object with a 'code'")
    code = entry.get("code")
    if not isinstance(code, str) or not code.strip():
        raise ValueError(f"{where}: a {kind} without a 'code'")
    if entry.get("disabled"):
        return
    if not any(isinstance(entry.get(k), str) and entry[k].strip() for k in _TEXT_KEYS):
        raise ValueError(f"{where}: {kind} {code!r} needs a text in 'id' or 'en'")
    when = entry.get("when") or {}
    if not isinstance(when, Mapping):
        raise ValueError(f"{where}: 'when' of {code!r} must be an object")
    for key, value in when.items():
        if key not in CONDITIONS:
            raise ValueError(
                f"{where}: unknown condition {key!r} in {code!r}; expected one of: "
                + ", ".join(CONDITIONS)
            )
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValueError(f"{where}: condition {key!r} of {code!r} must be a number")


def _merge_list(base: list, extra: Any, where: str, kind: str) -> list:
    if not isinstance(extra, list):
        raise ValueError(f"{where}: expected a list of {kind}s")
    out = {e["code"]: e for e in base}
    for entry in extra:
        _check_entry(entry, where, kind)
        if entry.get("disabled"):
            out.pop(entry["code"], None)
        else:
            merged = {**out.get(entry["code"], {}), **entry}
            # A village that writes only its own language replaces the other text too.
            for k in _TEXT_KEYS:
                if k not in entry and any(t in entry for t in _TEXT_KEYS):
                    merged.pop(k, None)
            out[entry["code"]] = merged
    return list(out.values())


def load_levers(overrides: Mapping[str, Any] | None = None) -> dict:
    """The lever list: the shipped defaults, with a village's ``overrides`` merged in.

    ``overrides`` has the shape of :file:`levers.json` (any part of it): entries with the code
    of a default replace it field by field, new codes are added, ``"disabled": true`` removes
    one. New dependency forms may be added under ``forms``.

    Raises
    ------
    ValueError
        On a malformed override (naming where).

    Examples
    --------
    >>> table = load_levers({"forms": {"credit": {"levers": [
    ...     {"code": "written_loan_terms", "disabled": True},
    ...     {"code": "zakat_fund", "id": "Menyalurkan zakat lewat kelompok"}]}}})
    >>> [lv["code"] for lv in table["forms"]["credit"]["levers"]][-2:]
    ['seed_rolling_fund', 'zakat_fund']
    """
    table = copy.deepcopy(_defaults())
    if not overrides:
        return table
    if not isinstance(overrides, Mapping):
        raise ValueError("levers: expected an object like levers.json")
    for form, part in (overrides.get("forms") or {}).items():
        if not isinstance(part, Mapping):
            raise ValueError(f"levers.forms.{form}: expected an object")
        slot = table["forms"].setdefault(form, {"levers": [], "interests": []})
        if "alternative" in part:
            alt = part["alternative"]
            if not isinstance(alt, Mapping) or not any(
                isinstance(alt.get(k), str) and alt[k].strip() for k in _TEXT_KEYS
            ):
                raise ValueError(f"levers.forms.{form}.alternative: needs a text in 'id' or 'en'")
            slot["alternative"] = dict(alt)
        for kind in ("levers", "interests"):
            if kind in part:
                slot[kind] = _merge_list(
                    slot.get(kind, []), part[kind], f"levers.forms.{form}.{kind}", kind[:-1]
                )
    if "any" in overrides:
        part = overrides["any"]
        if not isinstance(part, Mapping):
            raise ValueError("levers.any: expected an object")
        for kind in ("levers", "interests"):
            if kind in part:
                table["any"][kind] = _merge_list(
                    table["any"].get(kind, []), part[kind], f"levers.any.{kind}", kind[:-1]
                )
    for category, entries in (overrides.get("categories") or {}).items():
        table["categories"][category] = _merge_list(
            table["categories"].get(category, []),
            entries,
            f"levers.categories.{category}",
            "interest",
        )
    return table


def _applies(when: Mapping[str, float], facts: Mapping[str, Any]) -> dict[str, Any] | None:
    """The facts that satisfy ``when`` (empty when unconditional), or None when one fails.

    An unknown stance satisfies ``stance_min`` (the facilitator has not judged it yet) but not
    ``stance_max``.
    """
    used: dict[str, Any] = {}
    for key, bound in when.items():
        if key == "stance_min":
            value = facts.get("stance")
            if value is not None and value < bound:
                return None
            used["stance"] = value
        elif key == "stance_max":
            value = facts.get("stance")
            if value is None or value > bound:
                return None
            used["stance"] = value
        else:
            name = key[: -len("_min")]
            value = facts.get(name) or 0
            if value < bound:
                return None
            used[name] = value
    return used


def _text(entry: Mapping[str, Any]) -> dict[str, str]:
    return {k: entry[k] for k in _TEXT_KEYS if isinstance(entry.get(k), str)}


def select_levers(table: Mapping[str, Any], facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The levers that apply to a patron with these facts, its main forms first.

    Each: ``code``, ``form`` (``"any"`` for levers of every form), ``triggered_by`` (the facts
    that met its conditions) and ``text`` (``{"id": …, "en": …}``).
    """
    out = []
    for form in [*facts.get("forms", {}), "any"]:
        part = table["any"] if form == "any" else table["forms"].get(form)
        for entry in (part or {}).get("levers", []):
            used = _applies(entry.get("when") or {}, facts)
            if used is None:
                continue
            out.append(
                {"code": entry["code"], "form": form, "triggered_by": used, "text": _text(entry)}
            )
    return out


def form_alternative(table: Mapping[str, Any], form: str) -> dict[str, str]:
    """The alternative source of ``form`` to offer its captive clients (``{"id", "en"}``),
    empty when the lever list names none for that form."""
    return _text((table["forms"].get(form) or {}).get("alternative") or {})


def select_interests(
    table: Mapping[str, Any], forms: list[str], category: str
) -> list[dict[str, Any]]:
    """Interests of an actor the program can serve: by the forms it controls and its category."""
    seen: dict[str, dict[str, Any]] = {}
    for form in forms:
        for entry in (table["forms"].get(form) or {}).get("interests", []):
            seen.setdefault(
                entry["code"], {"code": entry["code"], "from": form, "text": _text(entry)}
            )
    for entry in table["categories"].get(category, []):
        seen.setdefault(
            entry["code"], {"code": entry["code"], "from": category, "text": _text(entry)}
        )
    return list(seen.values())


def commitment_facts(
    commitments: Iterable[Mapping[str, Any]] | None, patron: str
) -> dict[str, Any]:
    """What a patron's recorded commitments say: counts per status, the lever codes of the
    kept ones (``used``) and of the broken ones (``broken_levers``).

    ``commitments`` are plain rows ``{"patron": id, "lever": code or "", "status":
    "proposed" | "agreed" | "done" | "broken", "kind": …}``.

    >>> commitment_facts([{"patron": "p", "lever": "fair_price", "status": "done"},
    ...                   {"patron": "p", "lever": "", "status": "broken"}], "p")["used"]
    ['fair_price']
    """
    counts = {"proposed": 0, "agreed": 0, "done": 0, "broken": 0}
    used: list[str] = []
    broken: list[str] = []
    for c in commitments or ():
        if str(c.get("patron")) != patron:
            continue
        status = c.get("status") or "proposed"
        counts[status] = counts.get(status, 0) + 1
        lever = c.get("lever") or ""
        if status == "done" and lever and lever not in used:
            used.append(lever)
        if status == "broken" and lever not in broken:
            broken.append(lever)
    return {"counts": counts, "used": used, "broken_levers": broken}


def patron_levers(
    ctx: Context,
    routes: Routes,
    table: Mapping[str, Any],
    *,
    count: int = 10,
    commitments: Iterable[Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Patrons with the levers for their contribution, most poor households exposed first.

    A patron here has at least :data:`PATRON_MIN_CLIENTS` clients or one captive client. Each
    item: ``actor``, ``rank``, ``reason_codes``, ``facts`` (:func:`~.facts.patron_facts`, who
    the patron is and how to reach it), ``levers`` (:func:`select_levers`) and ``interests``.

    ``commitments`` (see :func:`commitment_facts`) mark the levers a patron already delivered
    as ``used`` (reason ``commitment_kept``) and warn of a broken one (``commitment_broken``);
    ``facts["commitments"]`` holds the counts.
    """
    commitments = list(commitments or ())
    rows = []
    for p, links in ctx.links_by_patron.items():
        if ctx.facilitator[p]:
            continue
        if len(links) < PATRON_MIN_CLIENTS and not any(link.captive_forms for link in links):
            continue
        facts = patron_facts(ctx, p)
        exposure = facts["poor_clients"] + facts["captive_poor"]
        score = facts["patron_score"] or 0.0
        rows.append((-exposure, -facts["captive_clients"], -score, ctx.ids[p], p, facts))
    rows.sort(key=lambda r: r[:4])
    items = []
    for rank, (*_, p, facts) in enumerate(rows[:count], start=1):
        facts.update(actor_facts(ctx, p))
        facts.update(route_facts(ctx, routes, p))
        codes = []
        if facts["poor_clients"]:
            codes.append("poor_depend")
        if facts["captive_clients"]:
            codes.append("captive_clients")
        if facts["multiplex_clients"]:
            codes.append("multiplex")
        if facts["brokers"]:
            codes.append("heads_pyramid")
        stance = facts["stance"]
        if stance is not None and stance >= 1:
            codes.append("open_to_program")
        elif ctx.opposed()[p]:
            codes.append("approach_with_care")
        kept = commitment_facts(commitments, ctx.ids[p])
        levers = select_levers(table, facts)
        if any(kept["counts"].values()):
            facts["commitments"] = kept["counts"]
            if kept["counts"]["done"]:
                codes.append("commitment_kept")
            if kept["counts"]["broken"]:
                codes.append("commitment_broken")
                facts["broken_levers"] = kept["broken_levers"]
            for lever in levers:
                lever["used"] = lever["code"] in kept["used"]
        items.append(
            {
                "actor": ctx.ids[p],
                "rank": rank,
                "reason_codes": codes,
                "facts": facts,
                "levers": levers,
                "interests": select_interests(table, list(facts["forms"]), ctx.category[p]),
            }
        )
    return items
