"""Before and after between two snapshots, per patron and per client, in sentences."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jejaring.analysis.explain import join_words
from jejaring.graph.indicators import dependency_pairs, herfindahl


def _names(*datas: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for data in datas:
        for a in data.get("actors") or []:
            out[str(a.get("id"))] = a.get("name") or str(a.get("id"))
    return out


def compare_states(before: dict, after: dict) -> dict[str, list[dict[str, Any]]]:
    """``{"clients": [...], "patrons": [...]}`` of the actors whose dependency changed between
    two snapshot data dicts (``actors``, ``ties``); each with ``name`` and ``sentences``.
    """
    names = _names(before, after)
    b = dependency_pairs(before.get("ties") or [])
    a = dependency_pairs(after.get("ties") or [])

    def who(ids) -> str:
        return join_words(sorted(names.get(i, i) for i in ids))

    clients = []
    for c in sorted(b.keys() | a.keys(), key=lambda i: names.get(i, i)):
        then, now = b.get(c, {}), a.get(c, {})
        ended = then.keys() - now.keys()
        new = now.keys() - then.keys()
        h0, h1 = herfindahl(then.values()), herfindahl(now.values())
        sentences = []
        if ended:
            sentences.append(_("No longer depends on %(names)s.") % {"names": who(ended)})
        if new and then:
            sentences.append(
                _("Now also turns to %(names)s (a new alternative).") % {"names": who(new)}
            )
        elif new:
            sentences.append(_("Newly depends on %(names)s.") % {"names": who(new)})
        if h0 is not None and h1 is not None and round(h0, 2) != round(h1, 2):
            sentences.append(
                _("Dependency concentration changed from %(a).2f to %(b).2f (%(how)s).")
                % {"a": h0, "b": h1, "how": _("looser") if h1 < h0 else _("tighter")}
            )
        elif h0 is not None and h1 is None:
            sentences.append(_("Depends on no patron any more."))
        if sentences:
            clients.append({"id": c, "name": names.get(c, c), "sentences": sentences})

    def clients_of(pairs):
        out: dict[str, set[str]] = {}
        for c, ps in pairs.items():
            for p in ps:
                out.setdefault(p, set()).add(c)
        return out

    pb, pa = clients_of(b), clients_of(a)
    patrons = []
    for p in sorted(pb.keys() | pa.keys(), key=lambda i: names.get(i, i)):
        then, now = pb.get(p, set()), pa.get(p, set())
        left, came = then - now, now - then
        sentences = []
        if left:
            sentences.append(
                ngettext(
                    "%(n)s client no longer depends on this patron: %(names)s.",
                    "%(n)s clients no longer depend on this patron: %(names)s.",
                    len(left),
                )
                % {"n": len(left), "names": who(left)}
            )
        if came:
            sentences.append(
                ngettext("%(n)s new client: %(names)s.", "%(n)s new clients: %(names)s.", len(came))
                % {"n": len(came), "names": who(came)}
            )
        if sentences:
            sentences.append(
                _("Clients: %(a)s before, %(b)s after.") % {"a": len(then), "b": len(now)}
            )
            patrons.append({"id": p, "name": names.get(p, p), "sentences": sentences})
    return {"clients": clients, "patrons": patrons}
