"""Circles of critical awareness (*lingkar penyadaran kritis*) proposed from the interest network.

The field guide's aim: clients who share a situation – the same patron, or the same form of
dependency across patrons – meet, compare the terms they get and learn the alternatives. This
module proposes such circles from the village's ties, each explained in the style of the
recommendations (codes, ids, numbers; the web app writes the sentences):

``members``
    The clients in the situation, poor and captive first.
``venues``
    Gatherings the members already attend (groups they are members of – arisan, pengajian,
    kelompok tani, PKK, work groups – and forums), most members first; a gathering the patron
    or its brokers attend is listed last with a warning.
``peer_leaders``
    Members or near members trusted by members (kinship, marriage, communication, advice or
    influence ties from members), not dependent on the same patron as those who trust them,
    never the patron, its brokers or its own patron.
``do_not_invite``
    The patron(s), their brokers and their own patrons, each with the reason.

Pure Python, no Django; the same input always gives the same output (ties are broken by name,
then id). The rules and hand-worked examples are in ``docs/recommendations.md`` (section 6).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from jejaring import vocab

__all__ = [
    "CIRCLE_FORMS",
    "TRUST_TYPES",
    "propose_circles",
]

#: Tie types that carry trust from one party to the other (the trusted route of the
#: recommendations, plus *influence*). Undirected types count both ways; for directed ones the
#: target is the one trusted ("asks advice from", "is influenced by").
TRUST_TYPES = frozenset({"kinship", "marriage", "communication", "advice", "influence"})
#: Forms that make a circle across patrons (the vital forms and farm inputs).
CIRCLE_FORMS = frozenset(vocab.VITAL_FORMS | {"inputs"})
#: Tie type of a membership in a group (member → group).
MEMBERSHIP = "membership"


def _name(actors: Mapping[str, Mapping[str, Any]], a: str) -> str:
    return str((actors.get(a) or {}).get("name") or "")


def _poor(actors: Mapping[str, Mapping[str, Any]], a: str) -> bool:
    info = actors.get(a) or {}
    if "poor" in info:
        return bool(info["poor"])
    kind = info.get("kind") or ""
    return kind in vocab.POOR_HOUSEHOLD_KINDS and info.get("welfare") in vocab.POOR_WELFARE


def propose_circles(
    actors: Mapping[str, Mapping[str, Any]],
    ties: Iterable[Mapping[str, Any]],
    *,
    captive: Mapping[str, Iterable[Any]] | None = None,
    forums: Mapping[str, Mapping[str, Any]] | None = None,
    min_size: int = 2,
    split_at: int = 12,
    venue_count: int = 5,
    peer_count: int = 3,
    forms: Iterable[str] | None = None,
    min_patrons: int = 2,
) -> list[dict[str, Any]]:
    """Circles of clients who share a situation, explained.

    Parameters
    ----------
    actors : mapping
        ``{id: {...}}`` with ``name``, ``hamlet``, ``category``, ``kind``, ``welfare`` (or a
        ready ``poor`` flag) and ``is_facilitator``; ids are strings.
    ties : iterable of mappings
        Current ties: ``source``, ``target``, ``type`` (code), ``form`` (the dependency form,
        ``""`` when none), ``dependency`` (client → patron), ``directed``, and optionally
        ``exclusive``.
    captive : mapping, optional
        ``{client: [(patron, form), …]}`` from the engine's clients list (``captive_forms``).
        Without it a client is captive towards a patron when a tie to it is exclusive.
    forums : mapping, optional
        ``{forum id: {"name": ..., "members": [actor ids]}}``.
    min_size : int
        Fewest members of a circle.
    split_at : int
        A circle with more members is split by hamlet (parts smaller than ``min_size`` are
        gathered into one part without a hamlet).
    venue_count, peer_count : int
        Longest lists of venues and peer leaders per circle.
    forms : iterable of str, optional
        Forms that make circles across patrons (default :data:`CIRCLE_FORMS`).
    min_patrons : int
        Fewest patrons providing a form for a circle across patrons.

    Returns
    -------
    list of dict
        Each circle: ``key``, ``basis`` (``patron`` or ``form``), ``patron`` (id or None),
        ``patrons`` (all patrons of the situation), ``form``, ``hamlet``, ``members`` (each
        ``actor``, ``poor``, ``captive``, ``forms``, ``patrons``, ``hamlet``), ``size``,
        ``poor_count``, ``captive_count``, ``venues``, ``peer_leaders``, ``do_not_invite``,
        ``rank``. Ordered by poor captive members, poor members, size, then key.

    Examples
    --------
    >>> actors = {"P": {"name": "Haji P"}, "a": {"name": "A", "welfare": "poor"},
    ...           "b": {"name": "B"}, "t": {"name": "T"}}
    >>> ties = [{"source": "a", "target": "P", "type": "credit", "form": "credit",
    ...          "dependency": True, "directed": True},
    ...         {"source": "b", "target": "P", "type": "credit", "form": "credit",
    ...          "dependency": True, "directed": True},
    ...         {"source": "a", "target": "t", "type": "kinship", "form": "",
    ...          "dependency": False, "directed": False}]
    >>> c = propose_circles(actors, ties)[0]
    >>> c["key"], [m["actor"] for m in c["members"]], c["peer_leaders"][0]["actor"]
    ('patron:P', ['a', 'b'], 't')
    >>> [(d["actor"], d["reason_codes"]) for d in c["do_not_invite"]]
    [('P', ['patron'])]
    """
    ties = list(ties)
    circle_forms = CIRCLE_FORMS if forms is None else frozenset(forms)
    # client → patron → forms; the patron's clients.
    deps: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    exclusive: dict[str, set[tuple[str, str]]] = defaultdict(set)
    member_of: dict[str, set[str]] = defaultdict(set)
    # trust_out[m][x]: the types of the ties over which m trusts x.
    trust_out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for t in ties:
        s, d, typ = str(t["source"]), str(t["target"]), str(t.get("type") or "")
        if s == d:
            continue
        if t.get("dependency"):
            form = str(t.get("form") or "") or "unspecified"
            deps[s][d].add(form)
            if t.get("exclusive"):
                exclusive[s].add((d, form))
        elif typ == MEMBERSHIP:
            member_of[s].add(d)
        elif typ in TRUST_TYPES:
            trust_out[s][d].add(typ)
            if not t.get("directed", True):
                trust_out[d][s].add(typ)
    members_of_group: dict[str, set[str]] = defaultdict(set)
    for a, gs in member_of.items():
        for g in gs:
            members_of_group[g].add(a)
    clients_of: dict[str, set[str]] = defaultdict(set)
    for c, ps in deps.items():
        for p in ps:
            clients_of[p].add(c)
    if captive is None:
        captive_of = {c: set(v) for c, v in exclusive.items()}
    else:
        captive_of = {str(c): {(str(p), str(f)) for p, f in v} for c, v in captive.items()}
    forum_members: dict[str, set[str]] = {}
    for fid, f in (forums or {}).items():
        forum_members[str(fid)] = {str(a) for a in f.get("members") or ()}
    forum_names = {str(fid): str(f.get("name") or "") for fid, f in (forums or {}).items()}
    facilitator = {a for a, info in actors.items() if info.get("is_facilitator")}

    def brokers_of(p: str) -> set[str]:
        """Clients of ``p`` who have clients of their own (its intermediaries)."""
        return {c for c in clients_of.get(p, ()) if clients_of.get(c)}

    def key_name(a: str) -> tuple[str, str]:
        return (_name(actors, a).casefold(), a)

    raw: list[dict[str, Any]] = []
    # (a) the same patron
    for p in sorted(clients_of, key=key_name):
        brokers = brokers_of(p)
        members = sorted(clients_of[p] - brokers - {p})
        if len(members) >= min_size:
            raw.append({"basis": "patron", "patron": p, "patrons": [p], "form": "", "m": members})
    # (b) the same form across patrons
    by_form: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c, ps in deps.items():
        for p, forms in ps.items():
            for f in forms:
                if f in circle_forms:
                    by_form[f][c].add(p)
    for f in sorted(by_form):
        patrons = sorted({p for ps in by_form[f].values() for p in ps}, key=key_name)
        if len(patrons) < min_patrons:
            continue
        brokers = set().union(*(brokers_of(p) for p in patrons))
        members = sorted(set(by_form[f]) - brokers - set(patrons))
        if len(members) >= min_size:
            raw.append(
                {"basis": "form", "patron": None, "patrons": patrons, "form": f, "m": members}
            )

    circles: list[dict[str, Any]] = []
    for spec in raw:
        for hamlet, part in _split(spec["m"], actors, min_size, split_at):
            circles.append(
                _explain(
                    spec,
                    hamlet,
                    part,
                    actors=actors,
                    deps=deps,
                    captive_of=captive_of,
                    member_of=member_of,
                    members_of_group=members_of_group,
                    forum_members=forum_members,
                    forum_names=forum_names,
                    trust_out=trust_out,
                    brokers_of=brokers_of,
                    facilitator=facilitator,
                    venue_count=venue_count,
                    peer_count=peer_count,
                )
            )
    circles.sort(
        key=lambda c: (
            -c["poor_captive_count"],
            -c["poor_count"],
            -c["size"],
            c["key"],
        )
    )
    for rank, c in enumerate(circles, 1):
        c["rank"] = rank
    return circles


def _split(
    members: list[str], actors: Mapping[str, Mapping[str, Any]], min_size: int, split_at: int
) -> list[tuple[str, list[str]]]:
    if len(members) <= split_at:
        return [("", members)]
    by_hamlet: dict[str, list[str]] = defaultdict(list)
    for m in members:
        by_hamlet[str((actors.get(m) or {}).get("hamlet") or "")].append(m)
    parts: list[tuple[str, list[str]]] = []
    rest: list[str] = []
    for hamlet in sorted(by_hamlet):
        group = by_hamlet[hamlet]
        if hamlet and len(group) >= min_size:
            parts.append((hamlet, group))
        else:
            rest.extend(group)
    if rest:
        parts.append(("", sorted(rest)))
    return parts


def _explain(
    spec: Mapping[str, Any],
    hamlet: str,
    members: list[str],
    *,
    actors: Mapping[str, Mapping[str, Any]],
    deps: Mapping[str, Mapping[str, set[str]]],
    captive_of: Mapping[str, set[tuple[str, str]]],
    member_of: Mapping[str, set[str]],
    members_of_group: Mapping[str, set[str]],
    forum_members: Mapping[str, set[str]],
    forum_names: Mapping[str, str],
    trust_out: Mapping[str, Mapping[str, set[str]]],
    brokers_of,
    facilitator: set[str],
    venue_count: int,
    peer_count: int,
) -> dict[str, Any]:
    patrons: list[str] = list(spec["patrons"])
    form: str = spec["form"]
    pset = set(patrons)

    def situation(m: str) -> tuple[list[str], list[str]]:
        """The member's patrons and forms in this circle's situation."""
        ps = deps.get(m, {})
        if spec["basis"] == "patron":
            return [spec["patron"]], sorted(ps.get(spec["patron"], ()))
        mine = sorted(
            (p for p in ps if form in ps[p] and p in pset),
            key=lambda a: (_name(actors, a).casefold(), a),
        )
        return mine, [form]

    rows = []
    for m in members:
        mp, mf = situation(m)
        cap = sorted(
            f
            for p, f in captive_of.get(m, ())
            if p in mp and (spec["basis"] == "patron" or f == form)
        )
        poor = _poor(actors, m)
        rows.append(
            {
                "actor": m,
                "poor": poor,
                "captive": bool(cap),
                "captive_forms": cap,
                "patrons": mp,
                "forms": mf,
                "hamlet": str((actors.get(m) or {}).get("hamlet") or ""),
            }
        )
    rows.sort(
        key=lambda r: (
            not (r["poor"] and r["captive"]),
            not r["poor"],
            not r["captive"],
            _name(actors, r["actor"]).casefold(),
            r["actor"],
        )
    )
    ordered = [r["actor"] for r in rows]
    mset = set(ordered)

    # Whom not to invite: the patrons, their brokers and their own patrons.
    dni: dict[str, dict[str, Any]] = {}

    def flag(a: str, code: str, **facts: Any) -> None:
        item = dni.setdefault(a, {"actor": a, "reason_codes": [], "facts": {}})
        if code not in item["reason_codes"]:
            item["reason_codes"].append(code)
        for k, v in facts.items():
            item["facts"].setdefault(k, [])
            if v not in item["facts"][k]:
                item["facts"][k].append(v)

    for p in patrons:
        n_dep = sum(1 for r in rows if p in r["patrons"])
        flag(p, "patron", clients=n_dep)
    for p in patrons:
        for b in sorted(brokers_of(p)):
            if b in pset:
                continue
            flag(b, "broker", of=p)
        for sup in sorted(deps.get(p, {})):
            if sup not in pset:
                flag(sup, "patron_of_patron", of=p)
    for item in dni.values():
        if item["reason_codes"] == ["patron"]:
            item["facts"] = {"clients": item["facts"]["clients"][0]}
    do_not_invite = sorted(
        dni.values(),
        key=lambda d: (
            0 if "patron" in d["reason_codes"] else 1 if "broker" in d["reason_codes"] else 2,
            _name(actors, d["actor"]).casefold(),
            d["actor"],
        ),
    )
    excluded = set(dni)

    # Natural venues: gatherings members already attend.
    attending: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in ordered:
        for g in member_of.get(m, ()):
            attending[("group", g)].add(m)
    for fid, fm in forum_members.items():
        hit = fm & mset
        if hit:
            attending[("forum", fid)] = set(hit)
    venues = []
    present_at: dict[str, set[str]] = {}
    for (kind, vid), who in attending.items():
        present = (
            forum_members.get(vid, set()) if kind == "forum" else members_of_group.get(vid, set())
        )
        present_at[vid] = present
        unsafe = sorted(present & excluded, key=lambda a: (_name(actors, a).casefold(), a))
        venues.append(
            {
                "kind": kind,
                "id": vid,
                "name": forum_names.get(vid, "") if kind == "forum" else _name(actors, vid),
                "attending": [a for a in ordered if a in who],
                "count": len(who),
                "reason_codes": ["members_attend"] + (["patron_attends"] if unsafe else []),
                "facts": {"unsafe": unsafe} if unsafe else {},
            }
        )
    venues.sort(
        key=lambda v: (bool(v["facts"]), -v["count"], v["name"].casefold(), v["kind"], v["id"])
    )
    venues = venues[:venue_count]
    top_venue_id = venues[0]["id"] if venues else None
    top_present = present_at.get(top_venue_id, set()) if venues else set()

    # Peer leaders.
    empty: Mapping[str, set[str]] = {}

    def own_patrons(a: str):
        return deps.get(a, empty).keys()

    member_hamlets = {r["hamlet"] for r in rows}
    candidates: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for m in ordered:
        for x, types in trust_out.get(m, {}).items():
            candidates[x][m] = types
    leaders = []
    for x, by in candidates.items():
        if x in excluded or x in facilitator:
            continue
        mine = own_patrons(x)
        trusted_by = [
            m
            for m in by  # in member order
            if m != x and x not in own_patrons(m) and not (own_patrons(m) & mine)
        ]
        if not trusted_by:
            continue
        types = sorted({t for m in trusted_by for t in by[m]})
        codes = ["trusted_by", "member" if x in mset else "near_member", "independent"]
        facts: dict[str, Any] = {
            "trusted_by": trusted_by,
            "count": len(trusted_by),
            "tie_types": types,
            "own_patrons": sorted(mine, key=lambda a: (_name(actors, a).casefold(), a)),
        }
        if _poor(actors, x):
            codes.append("poor_peer")
        if x in top_present:
            codes.append("attends_venue")
            facts["venue"] = top_venue_id
        hamlet_x = str((actors.get(x) or {}).get("hamlet") or "")
        if x not in mset and hamlet_x and hamlet_x in member_hamlets:
            codes.append("same_hamlet")
            facts["hamlet"] = hamlet_x
        leaders.append({"actor": x, "reason_codes": codes, "facts": facts})
    leaders.sort(
        key=lambda it: (
            -it["facts"]["count"],
            "member" not in it["reason_codes"],
            "poor_peer" not in it["reason_codes"],
            _name(actors, it["actor"]).casefold(),
            it["actor"],
        )
    )
    leaders = leaders[:peer_count]
    for rank, item in enumerate(leaders, 1):
        item["rank"] = rank

    key = f"patron:{spec['patron']}" if spec["basis"] == "patron" else f"form:{form}"
    if hamlet:
        key += f":hamlet:{hamlet}"
    forms_count: dict[str, int] = defaultdict(int)
    for r in rows:
        for f in r["forms"]:
            forms_count[f] += 1
    return {
        "key": key,
        "basis": spec["basis"],
        "patron": spec["patron"],
        "patrons": patrons,
        "form": form,
        "hamlet": hamlet,
        "members": rows,
        "size": len(rows),
        "poor_count": sum(r["poor"] for r in rows),
        "captive_count": sum(r["captive"] for r in rows),
        "poor_captive_count": sum(r["poor"] and r["captive"] for r in rows),
        "forms": dict(sorted(forms_count.items(), key=lambda kv: (-kv[1], kv[0]))),
        "venues": venues,
        "peer_leaders": leaders,
        "do_not_invite": do_not_invite,
    }
