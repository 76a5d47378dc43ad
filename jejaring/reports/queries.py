"""Read side of the reports app, shared by the pages, their JSON twins and the CLI.

:func:`recommendations` runs :func:`jejaring.graph.recommend.recommend` on the village (with a
what-if that is never saved); :func:`report` gathers every section of the village network
report; :func:`supervisor_rows` compares the villages a user may see. Results are plain dicts
(ids as strings), with the sentences of :mod:`.sentences` added for people to read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jejaring import vocab
from jejaring.analysis.households import count_poor_households, is_poor_household
from jejaring.reports import sentences as say
from jejaring.reports.services import lever_changes
from jejaring.villages.models import Village

#: Seats of the suggested forum when the user does not choose.
DEFAULT_FORUM_SIZE = 15
#: Shortest list of each recommendation family shown in the report.
REPORT_ITEMS = 5


# --------------------------------------------------------------------------- engine input


def village_network(village: Village):
    """The village as the engine's Network (an empty one for a village without actors)."""
    if not village.actors.exists():
        import numpy as np

        from jejaring.graph.network import Network

        none = np.zeros(0, dtype=np.int64)
        return Network(
            ids=[],
            src=none,
            dst=none,
            directed=np.zeros(0, bool),
            dependency=np.zeros(0, bool),
            type=np.zeros(0, object),
            weight=np.zeros(0),
        )
    from jejaring.analysis.services import village_network as build

    return build(village)


def village_analysis(village: Village) -> dict | None:
    """The engine's cached result, or None while the engine's ``analyze`` is unavailable (the
    recommendations then compute the patron–client measures themselves) or the village is
    empty."""
    if not village.actors.exists():
        return None
    try:
        from jejaring.analysis.services import village_analysis as analysis
    except ImportError:
        return None
    try:
        return analysis(village)
    except ImportError:
        return None


def current_forum(village: Village):
    """The village's active forum (the most recently established), or None."""
    from jejaring.engagement.models import Forum

    return (
        Forum.objects.filter(village=village, active=True)
        .order_by("-established", "-created_at")
        .first()
    )


def forum_member_ids(forum) -> list[str]:
    if forum is None:
        return []
    from jejaring.engagement.models import ForumMember

    return [
        str(pk)
        for pk in ForumMember.objects.filter(forum=forum, left__isnull=True)
        .order_by("created_at")
        .values_list("actor_id", flat=True)
    ]


# --------------------------------------------------------------------------- names


def pseudonym(actor_id: str, category_label: str, number: int) -> str:
    return f"{category_label or _('Actor')} {number}"


def directory(village: Village, *, pseudonymize: bool = False) -> dict[str, dict[str, Any]]:
    """Every actor by id: ``name`` (or a pseudonym), ``code``, ``category``, ``hamlet``,
    ``welfare``, ``gender``, ``kind``, ``url`` (its page, None when pseudonymised).

    Pseudonyms are the category and a number; the numbering follows a hash of the id, so it
    reveals neither the input order nor the actor's code.
    """
    from jejaring.actors.models import Actor, Category
    from jejaring.actors.vocabulary import available

    category_labels = {c.pk: c.label for c in available(Category, village)}
    rows = list(
        Actor.objects.filter(village=village).values(
            "id",
            "code",
            "name",
            "kind",
            "category_id",
            "category__code",
            "hamlet__name",
            "welfare",
            "gender",
            "position",
            "is_facilitator",
        )
    )
    out: dict[str, dict[str, Any]] = {}
    counters: Counter[str] = Counter()
    if pseudonymize:
        rows.sort(key=lambda r: hashlib.sha256(str(r["id"]).encode()).hexdigest())
    for r in rows:
        pk = str(r["id"])
        category_label = category_labels.get(r["category_id"], "")
        if pseudonymize:
            counters[category_label] += 1
            name = pseudonym(pk, category_label, counters[category_label])
        else:
            name = r["name"]
        out[pk] = {
            "id": pk,
            "name": name,
            "code": "" if pseudonymize else r["code"],
            "kind": r["kind"],
            "category": r["category__code"] or "",
            "category_label": category_label,
            "hamlet": r["hamlet__name"] or "",
            "welfare": r["welfare"],
            "gender": r["gender"],
            "position": "" if pseudonymize else r["position"],
            "is_facilitator": r["is_facilitator"],
            "url": None if pseudonymize else _actor_url(village, pk),
        }
    return out


def _actor_url(village: Village, pk: str) -> str | None:
    try:
        return reverse("actors:actor", kwargs={"village": village.slug, "actor": pk})
    except NoReverseMatch:
        return None


def names_of(people: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    return {pk: p["name"] for pk, p in people.items()}


# --------------------------------------------------------------------------- recommendations


def parse_what_if(
    village: Village, approached: Iterable[str], supportive: Iterable[str]
) -> dict[str, list[str]]:
    """The what-if marks, keeping only actors of this village (an id from elsewhere is dropped)."""
    from jejaring.actors.models import Actor

    wanted = {str(x) for x in [*approached, *supportive] if x}
    known = {
        str(pk)
        for pk in Actor.objects.filter(village=village, pk__in=_uuids(wanted)).values_list(
            "id", flat=True
        )
    }
    sup = [x for x in dict.fromkeys(str(s) for s in supportive) if x in known]
    app = [x for x in dict.fromkeys(str(a) for a in approached) if x in known and x not in sup]
    return {"approached": app, "supportive": sup}


def _uuids(values: Iterable[str]) -> list[str]:
    import uuid

    out = []
    for v in values:
        try:
            out.append(str(uuid.UUID(str(v))))
        except ValueError:
            continue
    return out


def recommendations(
    village: Village,
    *,
    what_if: Mapping[str, list[str]] | None = None,
    forum_size: int = DEFAULT_FORUM_SIZE,
    seed: int = 0,
    net: Any = None,
    analysis: dict | None = None,
) -> dict[str, Any]:
    """The four recommendation lists for the village, and what the what-if marks changed.

    ``net`` and ``analysis`` may be passed when the caller has them already. Returns
    ``{"result": recommend(...) output, "diff": compare(...) or None, "forum": the current
    Forum or None}``.
    """
    from jejaring.change.queries import village_commitments
    from jejaring.graph.recommend import compare, recommend

    if net is None:
        net = village_network(village)
        analysis = village_analysis(village)
    forum = current_forum(village)
    options = {
        "forum_size": forum_size,
        "current_forum": forum_member_ids(forum) if forum else None,
        "levers": lever_changes(village),
        "commitments": village_commitments(village),
        "seed": seed,
    }
    marks = what_if or {}
    result = recommend(net, analysis, what_if=marks, **options)
    diff = None
    if any(marks.values()):
        diff = compare(recommend(net, analysis, **options), result)
    return {"result": result, "diff": diff, "forum": forum}


def explained(
    data: Mapping[str, Any],
    people: Mapping[str, Mapping[str, Any]],
    *,
    fields: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The recommendation lists with names and sentences added, for pages and reports."""
    result = data["result"]
    names = names_of(people)

    def person(actor_id: str) -> dict[str, Any]:
        p = people.get(actor_id, {})
        return {
            "id": actor_id,
            "name": names.get(actor_id) or _("(unknown actor)"),
            "url": p.get("url"),
            "hamlet": p.get("hamlet", ""),
            "category_label": p.get("category_label", ""),
        }

    marks = result.get("what_if") or {}
    entry = []
    for item in result["entry_points"]:
        entry.append(
            {
                **item,
                **say.entry_point(item, names),
                "person": person(item["actor"]),
                "via_people": [person(v) for v in item["facts"].get("via", [])],
                "marked": _mark_of(marks, item["actor"]),
            }
        )
    patrons = []
    for item in result["patron_levers"]:
        patrons.append(
            {
                **item,
                **say.patron(item, names),
                "person": person(item["actor"]),
                "lever_rows": [
                    {
                        "code": lv["code"],
                        "form": lv["form"],
                        "form_label": _("any form")
                        if lv["form"] == "any"
                        else say.form_label(lv["form"]),
                        "text": say.lever_text(lv),
                        "why": say.lever_reason(lv),
                        "used": bool(lv.get("used")),
                    }
                    for lv in item["levers"]
                ],
                "interest_texts": [say.lever_text(x) for x in item.get("interests", [])],
                "marked": _mark_of(marks, item["actor"]),
            }
        )
    blockers = []
    for item in result["blockers"]:
        blockers.append(
            {
                **item,
                **say.blocker(item, names),
                "person": person(item["actor"]),
                "marked": _mark_of(marks, item["actor"]),
            }
        )
    forum = result["forum"]
    members = [
        {**m, **say.forum_member(m, names, fields), "person": person(m["actor"])}
        for m in forum["members"]
    ]
    missing = [say.requirement(r, names, fields) for r in forum["coverage"]["missing"]]
    current = None
    if forum.get("current") is not None:
        cur = forum["current"]
        current = {
            "members": [person(a) for a in cur["members"]],
            "coverage": cur["coverage"],
            "missing": [say.requirement(r, names, fields) for r in cur["coverage"]["missing"]],
            "warnings": [say.forum_warning(w, names) for w in cur["warnings"]],
        }
    comparison = None
    if forum.get("comparison") is not None:
        comparison = {k: [person(a) for a in v] for k, v in forum["comparison"].items()}
    diff = data.get("diff")
    changes = None
    if diff:
        changes = {
            "coverage": {
                k: [None if x is None else round(x * 100) for x in pair]
                for k, pair in diff["coverage"].items()
            },
            "lists": {
                key: {
                    "added": [person(a) for a in diff[key]["added"]],
                    "removed": [person(a) for a in diff[key]["removed"]],
                }
                for key in ("entry_points", "patron_levers", "blockers", "forum")
            },
        }
    return {
        "entry_points": entry,
        "patron_levers": patrons,
        "blockers": blockers,
        "forum": {
            "size": forum["size"],
            "members": members,
            "coverage": forum["coverage"],
            "missing": missing,
            "warnings": [say.forum_warning(w, names) for w in forum["warnings"]],
            "current": current,
            "comparison": comparison,
        },
        "coverage": result["coverage"],
        "what_if": {k: [person(a) for a in v] for k, v in marks.items()},
        "changes": changes,
    }


def _mark_of(marks: Mapping[str, list[str]], actor_id: str) -> str:
    for mark in ("supportive", "approached"):
        if actor_id in marks.get(mark, []):
            return mark
    return ""


def field_labels(village: Village) -> dict[str, str]:
    from jejaring.actors.models import Field
    from jejaring.actors.vocabulary import available

    return {f.code: f.label for f in available(Field, village)}


def what_if_choices(people: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Actors who can be marked in the what-if: everyone but the facilitators, by name."""
    rows = [
        (pk, f"{p['name']}" + (f" ({p['hamlet']})" if p.get("hamlet") else ""))
        for pk, p in people.items()
        if not p.get("is_facilitator")
    ]
    return sorted(rows, key=lambda r: r[1].lower())


def recommendations_json(village: Village, data: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON twin of the page: the engine's lists with ids, plus names and sentences."""
    people = directory(village)
    page = explained(data, people, fields=field_labels(village))
    return {
        "village": village.slug,
        "result": data["result"],
        "diff": data["diff"],
        "names": {pk: p["name"] for pk, p in people.items()},
        "sentences": {
            "entry_points": [
                {"actor": x["actor"], "sentence": x["sentence"], "details": x["details"]}
                for x in page["entry_points"]
            ],
            "patron_levers": [
                {"actor": x["actor"], "sentence": x["sentence"], "details": x["details"]}
                for x in page["patron_levers"]
            ],
            "blockers": [
                {"actor": x["actor"], "sentence": x["sentence"], "mitigations": x["mitigations"]}
                for x in page["blockers"]
            ],
            "forum": [
                {"actor": x["actor"], "sentence": x["sentence"], "speaks_for": x["speaks_for"]}
                for x in page["forum"]["members"]
            ],
        },
    }


# --------------------------------------------------------------------------- report


def _counts(village: Village) -> dict[str, int]:
    from jejaring.actors.models import Actor, Tie

    actors = Actor.objects.filter(village=village)
    by_kind = Counter(actors.values_list("kind", flat=True))
    return {
        "actors": sum(by_kind.values()),
        "households": by_kind.get("household", 0),
        "poor_households": actors.filter(
            kind__in=sorted(vocab.POOR_HOUSEHOLD_KINDS), welfare__in=sorted(vocab.POOR_WELFARE)
        ).count(),
        "ties": Tie.objects.filter(village=village, is_current=True).count(),
        "dependency_ties": Tie.objects.filter(
            village=village, is_current=True, type__is_dependency=True
        ).count(),
        "hamlets": village.hamlets.count(),
    }


def _patronage_lists(net, analysis: dict | None) -> dict[str, Any]:
    """``patrons``, ``clients``, ``clusters`` and per-actor roles, from the analysis or computed."""
    if analysis and "clients" in analysis:
        roles = {a["id"]: list(a.get("roles") or []) for a in analysis.get("actors", [])}
        return {
            "patrons": analysis.get("patrons") or [],
            "clients": analysis.get("clients") or [],
            "clusters": analysis.get("clusters") or [],
            "roles": roles,
            "actors": {a["id"]: a for a in analysis.get("actors", [])},
        }
    from jejaring.graph.patronage import compute_patronage
    from jejaring.graph.roles import assign_roles

    res = compute_patronage(net)
    held = assign_roles(net, {}, res)
    return {
        "patrons": res.patrons,
        "clients": res.clients,
        "clusters": res.clusters,
        "roles": {net.ids[i]: [r["role"] for r in rs] for i, rs in enumerate(held)},
        "actors": {},
    }


def dependency_summary(lists: Mapping[str, Any], people: Mapping[str, Mapping]) -> dict[str, Any]:
    """Concentration of dependency and exposure of poor households (overall and by hamlet);
    the poor households counted as everywhere else (:mod:`jejaring.analysis.households`)."""
    clients = lists["clients"]
    hhi = [
        c["dependency_concentration"]
        for c in clients
        if c.get("dependency_concentration") is not None
    ]
    poor = count_poor_households(people, clients)
    rows = poor["by_hamlet"]
    poor_by_hamlet = {h: r["total"] for h, r in rows.items()}
    client_poor = {h: r["dependent"] for h, r in rows.items() if r["dependent"]}
    captive_poor = {h: r["captive"] for h, r in rows.items()}
    # Share of all dependency held by the three strongest patrons.
    received = sorted((p.get("dependency_received") or 0 for p in lists["patrons"]), reverse=True)
    total = sum(received)
    hamlet_rows = [
        {
            "hamlet": h or _("Outside the hamlets"),
            "poor_households": poor_by_hamlet[h],
            "poor_clients": client_poor.get(h, 0),
            "captive_poor": captive_poor[h],
        }
        for h in sorted(poor_by_hamlet, key=lambda h: (h == "", h))
    ]
    return {
        "mean_concentration": round(sum(hhi) / len(hhi), 3) if hhi else None,
        "top3_share": round(sum(received[:3]) / total, 3) if total else None,
        "clients": len(clients),
        "captive_clients": sum(1 for c in clients if c.get("captive")),
        "poor_households": poor["total"],
        "poor_clients": poor["dependent"],
        "captive_poor": poor["captive"],
        "by_hamlet": hamlet_rows,
    }


def _clusters(lists, people, names) -> list[dict[str, Any]]:
    captive = {c["id"] for c in lists["clients"] if c.get("captive")}
    patrons = {p["id"]: p for p in lists["patrons"]}
    out = []
    for cl in lists["clusters"][:10]:
        members = cl.get("members") or []
        p = patrons.get(cl["patron"], {})
        out.append(
            {
                "patron": cl["patron"],
                "patron_name": names.get(cl["patron"], _("(unknown actor)")),
                "size": cl.get("size", len(members) + 1),
                "poor_members": cl.get("poor_members", 0),
                "captive_poor": sum(
                    1
                    for m in members
                    if m in captive
                    and is_poor_household(
                        people.get(m, {}).get("kind"), people.get(m, {}).get("welfare")
                    )
                ),
                "forms": say.join_words(say.form_label(f) for f in (p.get("forms") or {})),
                "brokers": say.join_words(names.get(b, "") for b in (cl.get("brokers") or [])[:5]),
            }
        )
    return out


def _key_actors(lists, people, names, limit: int = 15) -> list[dict[str, Any]]:
    from jejaring.analysis.results import role_label

    measures = lists["actors"]
    patron_score = {p["id"]: p.get("patron_score") or 0 for p in lists["patrons"]}

    def weight(pk: str) -> tuple:
        m = measures.get(pk, {})
        return (
            -(patron_score.get(pk, 0) + (m.get("betweenness_normalized") or 0)),
            names.get(pk, ""),
        )

    interesting = [
        pk
        for pk, roles in lists["roles"].items()
        if pk in people
        and not people[pk].get("is_facilitator")
        and set(roles) & {"patron", "broker", "gatekeeper", "liaison", "multiplex_patron"}
    ]
    out = []
    for pk in sorted(interesting, key=weight)[:limit]:
        roles = [r for r in lists["roles"][pk] if r not in ("client", "poor_household")]
        out.append(
            {
                "id": pk,
                "name": names.get(pk, ""),
                "category_label": people[pk]["category_label"],
                "hamlet": people[pk]["hamlet"],
                "roles": say.join_words(role_label(r) for r in roles),
                "patron_score": round(patron_score.get(pk, 0), 3),
                "betweenness": round(measures.get(pk, {}).get("betweenness_normalized") or 0, 3),
            }
        )
    return out


def _brokers(data, names, people) -> list[dict[str, Any]]:
    """Brokers between groups suggested for the forum and blockers' bridges, with who they link."""
    rows: dict[str, dict[str, Any]] = {}
    for m in data["result"]["forum"]["members"]:
        if "broker_between_groups" in m["reason_codes"]:
            rows[m["actor"]] = {"between": m["facts"].get("between", [])}
    for item in data["result"]["entry_points"]:
        if "broker_between_groups" in item["reason_codes"]:
            rows.setdefault(item["actor"], {"between": item["facts"].get("between", [])})
    for item in data["result"]["blockers"]:
        if {"sole_bridge", "gatekeeper"} & set(item["reason_codes"]):
            rows.setdefault(item["actor"], {"between": item["facts"].get("between", [])})
    return [
        {
            "id": pk,
            "name": names.get(pk, ""),
            "category_label": people.get(pk, {}).get("category_label", ""),
            "between": say.hamlets(r["between"]),
        }
        for pk, r in rows.items()
    ]


def _grid(village: Village, names: Mapping[str, str]) -> list[dict[str, Any]]:
    from jejaring.actors.queries import QUADRANTS, grid_points

    points = grid_points(village)
    by_quadrant: dict[str, list] = defaultdict(list)
    for p in points:
        by_quadrant[p["quadrant"]].append(p)
    out = []
    for code, label, help_text in QUADRANTS:
        members = sorted(by_quadrant.get(code, []), key=lambda p: (-p["influence"], -p["interest"]))
        out.append(
            {
                "code": code,
                "label": str(label),
                "help": str(help_text),
                "count": len(members),
                "actors": [
                    {
                        "name": names.get(p["id"], p["name"]),
                        "influence": p["influence"],
                        "interest": p["interest"],
                        "stance": say.stance_phrase(p["stance"]),
                    }
                    for p in members[:12]
                ],
            }
        )
    return out


def _picture(village, net, lists, people, page, seed: int) -> dict[str, Any]:
    """What the map picture needs: positions, a colour key per actor, the names to show."""
    from jejaring.reports import mapdraw

    xy = mapdraw.positions_for(village, net, seed=seed)
    captive = {c["id"] for c in lists["clients"] if c.get("captive")}
    poor = {pk for pk, p in people.items() if is_poor_household(p["kind"], p["welfare"])}
    facilitator = {pk for pk, p in people.items() if p.get("is_facilitator")}
    kinds = mapdraw.classify(net.n, list(net.ids), lists["roles"], facilitator, captive, poor)
    # The same key actors as the on-screen map: village head and officials, the top patrons
    # and brokers; then the actors the recommendations name.
    from jejaring.analysis.mapdata import KEY_CATEGORIES

    def reach(pk: str) -> float:
        return (lists["actors"].get(pk) or {}).get("betweenness_normalized") or 0

    officials = [pk for pk, p in people.items() if p.get("category") in KEY_CATEGORIES]
    named: list[str] = sorted(officials, key=lambda pk: -reach(pk))[:5]
    patrons = [
        str(p["id"]) for p in lists["patrons"] if "patron" in lists["roles"].get(p["id"], ())
    ]
    brokers = sorted(
        (pk for pk, roles in lists["roles"].items() if "broker" in roles),
        key=lambda pk: -reach(pk),
    )
    for pk in patrons[:4] + brokers[:3]:
        if pk not in named:
            named.append(pk)
    recs = page
    for key in ("entry_points", "patron_levers", "blockers"):
        for item in recs[key][:6]:
            if item["actor"] not in named:
                named.append(item["actor"])
    index = {a: i for i, a in enumerate(net.ids)}
    labels = {
        index[a]: people[a]["name"]
        for a in named[: mapdraw.MAX_LABELS]
        if a in index and a in people
    }
    svg = mapdraw.to_svg(mapdraw.drawing(net, xy, kinds, labels))
    return {"xy": xy, "kinds": kinds, "labels": labels, "net": net, "svg": svg}


def forum_practice(forum, names: Mapping[str, str]) -> dict[str, Any] | None:
    """How the current forum works, from the engagement app's coverage rules: captive clients
    who came only alongside their own patron, and who led the agenda meeting by meeting."""
    if forum is None:
        return None
    try:
        from jejaring.engagement.queries import forum_coverage
    except ImportError:
        return None
    coverage = forum_coverage(forum)
    captives = coverage.get("captives") or []
    return {
        # Named through ``names`` so that a pseudonymised report stays pseudonymised.
        "only_with_patron": [
            names.get(c["client"], _("(unknown actor)"))
            for c in captives
            if c.get("only_with_patron")
        ],
        "meetings": [
            {
                "date": m["date"],
                "title": m.get("title", ""),
                "items": m["items"],
                "community": m["community"],
                "facilitator": m["facilitator"],
                "community_share": m["community_share"],
            }
            for m in coverage.get("speaking") or []
        ],
    }


def engagement_progress(village: Village) -> dict[str, Any]:
    """Approach progress overall and by first-approach group (the engagement app's rules)."""
    from jejaring.engagement import progress
    from jejaring.engagement.queries import actor_rows

    rows = [r for r in actor_rows(village) if progress.in_scope(r)]
    overall = progress.tally(r["status"] for r in rows)
    groups = progress.progress_by(rows, "group") if rows and "group" in rows[0] else []
    for g in groups:
        g["label"] = say.label(vocab.APPROACH_GROUPS, g["key"]) or _("Other stakeholders")
    statuses = [
        {"code": t.code, "label": _(t.label), "count": overall["counts"].get(t.code, 0)}
        for t in vocab.ENGAGEMENT_STATUSES
    ]
    return {"overall": overall, "statuses": statuses, "groups": groups}


def report(
    village: Village,
    *,
    pseudonymize: bool = False,
    seed: int = 0,
    forum_size: int = DEFAULT_FORUM_SIZE,
    include_map: bool = True,
) -> dict[str, Any]:
    """Every section of the village network report, ready for HTML or PDF."""
    people = directory(village, pseudonymize=pseudonymize)
    names = names_of(people)
    net = village_network(village)
    analysis = village_analysis(village)
    data = recommendations(village, forum_size=forum_size, seed=seed, net=net, analysis=analysis)
    page = explained(data, people, fields=field_labels(village))
    lists = _patronage_lists(net, analysis)
    counts = _counts(village)
    forum = data["forum"]
    dependency = dependency_summary(lists, people)
    engagement = engagement_progress(village)
    network = (analysis or {}).get("network") or {}
    cov = page["coverage"]
    return {
        "village": village,
        "generated": timezone.localtime()
        if timezone.is_aware(timezone.now())
        else dt.datetime.now(),
        "pseudonymized": pseudonymize,
        "counts": counts,
        "network": network,
        "dependency": dependency,
        "summary": summary_rows(counts, dependency, engagement["overall"], network),
        "picture": _picture(village, net, lists, people, page, seed)
        if include_map and net.n
        else None,
        "grid": _grid(village, names),
        "key_actors": _key_actors(lists, people, names),
        "clusters": _clusters(lists, people, names),
        "brokers": _brokers(data, names, people),
        "engagement": engagement,
        "forum": forum,
        "forum_coverage": page["forum"],
        "forum_practice": forum_practice(forum, names),
        "change": change_charts(village),
        "recommendations": {
            "entry_points": page["entry_points"][:REPORT_ITEMS],
            "patron_levers": page["patron_levers"][:REPORT_ITEMS],
            "blockers": page["blockers"][:REPORT_ITEMS],
            "coverage": cov,
            "reach": {
                "before": round(cov["before"]["weighted"] * 100),
                "after": round(cov["after"]["weighted"] * 100),
            },
        },
    }


def change_charts(village: Village) -> list[dict[str, Any]]:
    """The indicators over time (snapshots + now), one small chart each (the Change page's)."""
    from jejaring.change.charts import charts
    from jejaring.change.queries import indicator_series

    return charts(indicator_series(village), str(_("now")))


def _share(x: Any) -> str:
    return "–" if x is None else f"{round(float(x) * 100)}%"


def summary_rows(counts, dependency, progress_row, network) -> list[tuple[str, str]]:
    """The summary's label–value pairs (HTML and PDF)."""
    from django.utils import formats

    c, d = counts, dependency
    concentration = d["mean_concentration"]
    rows = [
        (_("Actors"), c["actors"]),
        (_("Households"), c["households"]),
        (_("Poor households"), d["poor_households"]),
        (_("Ties (current)"), c["ties"]),
        (_("Dependency ties"), c["dependency_ties"]),
        (_("Hamlets"), c["hamlets"]),
        (_("Clients of a patron"), d["clients"]),
        (_("Captive clients"), d["captive_clients"]),
        (_("Poor households depending on a patron"), d["poor_clients"]),
        (_("Captive poor households"), d["captive_poor"]),
        (
            _("Mean dependency concentration (1 = a single patron)"),
            "–" if concentration is None else formats.number_format(concentration, 2),
        ),
        (_("Share of all dependency held by the 3 strongest patrons"), _share(d["top3_share"])),
        (_("Stakeholders approached"), _share(progress_row["approached_share"])),
    ]
    if isinstance(network.get("density"), int | float):
        rows.append((_("Density"), formats.number_format(network["density"], 4)))
    return [(str(a), str(b)) for a, b in rows]


# --------------------------------------------------------------------------- supervisor


def village_overview(village: Village) -> dict[str, Any]:
    """One row of the supervisor's table: size, dependency, captive poor, progress, forum."""
    from jejaring.graph.recommend.context import build_context
    from jejaring.graph.recommend.forum import forum_composition

    counts = _counts(village)
    row: dict[str, Any] = {"village": village, "slug": village.slug, "name": village.name, **counts}
    if not counts["actors"]:
        row.update(
            mean_concentration=None, captive_poor=0, approached_share=None, forum_coverage=None
        )
        row["trend_values"] = {}
        return row
    net = village_network(village)
    analysis = village_analysis(village)
    people = directory(village)
    dep = dependency_summary(_patronage_lists(net, analysis), people)
    progress_row = engagement_progress(village)["overall"]
    forum = current_forum(village)
    coverage = None
    if forum is not None:
        ctx = build_context(net, analysis)
        current = forum_composition(ctx, size=3, current=forum_member_ids(forum))["current"]
        coverage = current["coverage"]["share"]
    row.update(
        {
            "mean_concentration": dep["mean_concentration"],
            "top3_share": dep["top3_share"],
            "poor_households": dep["poor_households"],
            "captive_poor": dep["captive_poor"],
            "poor_clients": dep["poor_clients"],
            "approached_share": progress_row["approached_share"],
            "engaged_share": progress_row["engaged_share"],
            "forum": forum.name if forum else "",
            "forum_coverage": coverage,
        }
    )
    from jejaring.change.charts import trend_of

    row["trend_values"] = _change_values(village)
    row["trend"] = trend_of(row["trend_values"])
    return row


def _change_values(village: Village) -> dict[str, list]:
    """A few indicators from the first of the last twelve snapshots to now (the Change page)."""
    from jejaring.change.charts import trend_values
    from jejaring.change.queries import indicator_series

    return trend_values(indicator_series(village, limit=12))


def supervisor_rows(user) -> list[dict[str, Any]]:
    """The villages ``user`` is a member of, each as :func:`village_overview` (from the stored
    roll-up: :mod:`jejaring.reports.rollup`)."""
    from jejaring.reports.rollup import rows_for

    return rows_for(user)


def overview_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """A supervisor row without the Village object (for JSON)."""
    out = {
        k: v
        for k, v in row.items()
        if k not in ("village", "trend", "trend_values", "kecamatan", "computed_at")
    }
    # Where the roll-up stands (jejaring.reports.rollup): added keys, the others unchanged.
    if "kecamatan" in row:
        out["kecamatan"] = row["kecamatan"].name if row["kecamatan"] else None
    if row.get("computed_at"):
        out["computed_at"] = row["computed_at"].isoformat()
    if row.get("trend") is not None:
        out["trend"] = [
            {
                k: str(t[k]) if k == "label" else t[k]
                for k in ("key", "label", "first", "last", "points", "direction")
            }
            for t in row["trend"]
        ]
    return out


def report_json(data: Mapping[str, Any]) -> dict[str, Any]:
    """The report's sections as JSON-ready data (no drawing, ids kept, sentences included)."""
    village = data["village"]
    forum = data["forum"]
    return {
        "village": {"slug": village.slug, "name": village.name},
        "generated": data["generated"].isoformat(),
        "pseudonymized": data["pseudonymized"],
        "summary": [{"label": a, "value": b} for a, b in data["summary"]],
        "counts": data["counts"],
        "network": data["network"],
        "dependency": data["dependency"],
        "grid": data["grid"],
        "key_actors": data["key_actors"],
        "clusters": data["clusters"],
        "brokers": data["brokers"],
        "engagement": {
            "overall": data["engagement"]["overall"],
            "groups": data["engagement"]["groups"],
        },
        "forum": {"id": str(forum.pk), "name": forum.name} if forum else None,
        "forum_coverage": _jsonable(data["forum_coverage"]),
        "forum_practice": _jsonable(data["forum_practice"]),
        "recommendations": _jsonable(data["recommendations"]),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
