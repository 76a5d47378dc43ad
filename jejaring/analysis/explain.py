"""Plain-language explanations of an actor's roles, written from the engine's rule facts.

The engine (:func:`jejaring.graph.roles.assign_roles`) gives each role the rule that fired and
its ``facts`` (ids, forms, groups, counts). The sentences are built here, in Django, from
translatable templates – "perantara antara Dusun Krajan dan Dusun Ngasem", "tanpa pilihan selain Haji
Slamet untuk pinjaman uang" – so that they read naturally in the user's language; the engine's English
``rule`` text is never shown to facilitators.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from jejaring import vocab
from jejaring.analysis.results import number, role_label

FORM_LABELS = {t.code: t.label for t in vocab.DEPENDENCY_FORMS}
WELFARE_LABELS = {t.code: t.label for t in vocab.WELFARE_RANKS}


def form_label(code: str) -> str:
    if code in FORM_LABELS:
        return _(FORM_LABELS[code]).lower()
    if code in ("", "unspecified", None):
        return _("unspecified dependency")
    return str(code)


def join_words(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c" in the active language."""
    items = [str(i) for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def referenced_ids(roles: list[dict]) -> set[str]:
    """Every actor id mentioned in the facts of ``roles`` (to fetch their names at once)."""
    ids: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in _ID_KEYS:
            ids.add(value)

    for role in roles or []:
        walk(role.get("facts", {}))
    return ids


_ID_KEYS = {"patron", "superior", "cluster", "top_patron", "client", "patrons", "main_patron"}


def explain_roles(roles: list[dict], names: dict[str, str]) -> list[dict]:
    """``[{"role", "label", "sentences": [str]}]`` for an actor's ``roles`` (engine order).

    ``names`` maps actor ids to names; an id without a name is shown as "(unknown actor)".
    """
    out = []
    for role in roles or []:
        code = role.get("role", "")
        facts = role.get("facts") or {}
        writer = _WRITERS.get(code)
        sentences = writer(facts, _Names(names)) if writer else []
        out.append({"role": code, "label": role_label(code), "sentences": sentences})
    return out


class _Names:
    def __init__(self, names: dict[str, str]):
        self.names = names

    def __call__(self, actor_id: Any) -> str:
        if not actor_id:
            return _("(unknown actor)")
        return self.names.get(str(actor_id), _("(unknown actor)"))


def _forms_phrase(forms: dict | list) -> str:
    if isinstance(forms, dict):
        ordered = sorted(forms, key=lambda f: (-int(forms[f] or 0), str(f)))
        return join_words(form_label(f) for f in ordered)
    return join_words(form_label(f) for f in forms)


def _patron(f: dict, name: _Names) -> list[str]:
    clients = int(f.get("clients") or 0)
    poor = int(f.get("poor_clients") or 0)
    # Sentences avoid plural forms: "Clients: 3" reads well in both languages for any number.
    out = [
        _("Clients depending on them for %(forms)s: %(n)s, of whom %(poor)s poor households.")
        % {"n": clients, "forms": _forms_phrase(f.get("forms") or {}) or "—", "poor": poor}
    ]
    captive = int(f.get("captive_clients") or 0)
    if captive:
        out.append(_("%(n)s of them cannot turn to anyone else.") % {"n": captive})
    if f.get("reach_poor_2"):
        out.append(
            _("Reaches %(one)s poor households directly and %(two)s within two steps.")
            % {"one": int(f.get("reach_poor_1") or 0), "two": int(f.get("reach_poor_2") or 0)}
        )
    if not f.get("top") and f.get("superior"):
        out.append(_("Itself depends on %(patron)s.") % {"patron": name(f["superior"])})
    elif f.get("top") and int(f.get("cluster_size") or 0) > 1:
        out.append(_("Heads a patron cluster of %(n)s actors.") % {"n": int(f["cluster_size"])})
    return out


def _multiplex(f: dict, name: _Names) -> list[str]:
    n = int(f.get("multiplex_clients") or 0)
    out = [_("Tied in several ways at once to %(n)s of their clients.") % {"n": n}]
    examples = f.get("examples") or []
    if examples:
        ex = examples[0]
        out.append(
            _("For example %(client)s: %(strands)s.")
            % {
                "client": name(ex.get("client")),
                "strands": join_words(_strand(s) for s in ex.get("strands") or []),
            }
        )
    return out


def _strand(code: str) -> str:
    if code in FORM_LABELS:
        return form_label(code)
    spec = vocab.TIE_TYPE_BY_CODE.get(code)
    return _(spec.label).lower() if spec else str(code)


def _group_name(group_by: str, value: Any) -> str:
    if group_by == "hamlet":
        return _("hamlet %(name)s") % {"name": value}
    if group_by == "community":
        return _("group %(name)s") % {"name": value}
    return f"{group_by} {value}"


def _broker(f: dict, name: _Names) -> list[str]:
    if f.get("via") == "pyramid":
        clients = int(f.get("clients") or 0)
        out = [
            _("Broker between %(patron)s and %(n)s clients of their own.")
            % {"patron": name(f.get("patron")), "n": clients}
        ]
        forms = f.get("forms_from_patron") or []
        if forms:
            out.append(
                _("Depends on %(patron)s for %(forms)s and passes it on to their clients.")
                % {"patron": name(f.get("patron")), "forms": _forms_phrase(forms)}
            )
        if f.get("top_patron") and f.get("top_patron") != f.get("patron"):
            out.append(_("Part of the pyramid under %(top)s.") % {"top": name(f.get("top_patron"))})
        return out
    between = f.get("between") or []
    group_by = f.get("group_by") or "hamlet"
    if len(between) >= 2:
        out = [
            _("Broker between %(a)s and %(b)s.")
            % {"a": _group_name(group_by, between[0]), "b": _group_name(group_by, between[1])}
        ]
    else:
        out = [_("Broker between groups.")]
    bet = number(f.get("betweenness_normalized"))
    if bet is not None:
        out.append(
            _("Lies on %(share)s of the shortest paths between other actors.")
            % {"share": f"{bet:.1%}"}
        )
    return out


def _gatekeeper(f: dict, name: _Names) -> list[str]:
    own = f.get("own_group")
    if own:
        return [
            _("Gatekeeper: controls what reaches %(group)s from outside.")
            % {"group": _group_name(f.get("group_by") or "hamlet", own)}
        ]
    return [_("Gatekeeper: controls what reaches their own group from outside.")]


def _liaison(f: dict, name: _Names) -> list[str]:
    return [_("Liaison: links groups neither of which is their own.")]


def _client(f: dict, name: _Names) -> list[str]:
    out = [
        _("Client of %(patron)s for %(forms)s.")
        % {
            "patron": name(f.get("main_patron")),
            "forms": _forms_phrase(f.get("main_forms") or []) or form_label(""),
        }
    ]
    others = int(f.get("patrons_count") or 0) - 1
    if others > 0:
        out.append(_("Other patrons they also depend on: %(n)s.") % {"n": others})
    hhi = number(f.get("dependency_concentration"))
    if hhi is not None and hhi >= 0.5 and others > 0:
        out.append(_("Most of their dependency is on one patron."))
    return out


def captive_why(form: str, reason: str) -> str:
    """Why a client is captive for ``form``, naming the alternative that is missing.

    "recorded as unable to switch" for a tie recorded exclusive; otherwise "no other source of
    credit within two steps" (see docs/measures.md, *Captive client*).
    """
    if reason == "exclusive":
        return _("recorded as unable to switch to another source of %(form)s") % {
            "form": form_label(form)
        }
    return _("no other source of %(form)s within two steps") % {"form": form_label(form)}


def _captive(f: dict, name: _Names) -> list[str]:
    out = []
    for rec in f.get("captive") or []:
        params = {"patron": name(rec.get("patron")), "form": form_label(rec.get("form", ""))}
        if rec.get("reason") == "exclusive":
            out.append(_("Bound to %(patron)s for %(form)s: cannot switch.") % params)
        else:
            out.append(
                _("Bound to %(patron)s for %(form)s: no other provider within reach.") % params
            )
    return out


def _poor(f: dict, name: _Names) -> list[str]:
    welfare = f.get("welfare") or ""
    label = WELFARE_LABELS.get(welfare)
    return [_("Poor household (%(rank)s).") % {"rank": _(label).lower() if label else welfare}]


def _isolate(f: dict, name: _Names) -> list[str]:
    return [_("No tie with anyone is recorded yet.")]


_WRITERS = {
    "patron": _patron,
    "multiplex_patron": _multiplex,
    "broker": _broker,
    "gatekeeper": _gatekeeper,
    "liaison": _liaison,
    "client": _client,
    "captive_client": _captive,
    "poor_household": _poor,
    "isolate": _isolate,
}
