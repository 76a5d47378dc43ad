"""What the awareness pages, the API and the report read: the engine's circle proposals over the
village's current network, the adopted circles with their sessions and members' progress, and
the counts the change indicators use.

The proposals explain themselves with codes and ids (:mod:`jejaring.graph.circles`); the
sentences are written here, in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jejaring import vocab
from jejaring.actors.models import Actor, Tie
from jejaring.awareness.models import Circle, CircleMember, MemberProgress, Session, Topic
from jejaring.graph.circles import propose_circles
from jejaring.villages.models import Village

#: The topics every village starts with (editable afterwards).
DEFAULT_TOPICS = (
    "Syarat kredit dan bunga sebenarnya",
    "Harga di pasar lain",
    "Hak atas tanah",
    "Alternatif dari program",
)


def today() -> dt.date:
    return timezone.localdate()


def form_labels() -> dict[str, str]:
    out = {t.code: _(t.label) for t in vocab.DEPENDENCY_FORMS}
    out["unspecified"] = _("unspecified form")
    return out


def topics(village: Village):
    """The village's topics, seeded with :data:`DEFAULT_TOPICS` the first time."""
    qs = Topic.objects.filter(village=village)
    if not qs.exists():
        Topic.objects.bulk_create(
            [Topic(village=village, name=name, order=i) for i, name in enumerate(DEFAULT_TOPICS)],
            ignore_conflicts=True,
        )
    return Topic.objects.filter(village=village)


def topic_rows(village: Village) -> list[dict[str, Any]]:
    """Each topic with how many sessions discussed it."""
    from django.db.models import Count

    used = dict(
        Session.topics.through.objects.filter(topic__village=village)
        .values("topic_id")
        .annotate(n=Count("id"))
        .values_list("topic_id", "n")
    )
    return [{"topic": t, "sessions": used.get(t.pk, 0)} for t in topics(village)]


# --- the engine's input -------------------------------------------------------------------


def engine_input(village: Village, *, with_analysis: bool = True) -> dict[str, Any]:
    """``actors``, ``ties``, ``captive`` and ``forums`` for :func:`propose_circles`; the
    captive clients come from the engine's current analysis (``with_analysis=False``: from
    the exclusive ties, without running the engine)."""
    from jejaring.analysis.results import current_analysis
    from jejaring.engagement.models import ForumMember

    actors = {
        str(pk): {
            "name": name,
            "hamlet": hamlet or "",
            "category": category or "",
            "kind": kind or "",
            "welfare": welfare or "",
            "is_facilitator": bool(fac),
        }
        for pk, name, hamlet, category, kind, welfare, fac in Actor.objects.filter(
            village=village
        ).values_list(
            "pk", "name", "hamlet__name", "category__code", "kind", "welfare", "is_facilitator"
        )
    }
    ties = [
        {
            "source": str(s),
            "target": str(t),
            "type": typ,
            "form": vocab.current_form(typ, form or "") or default_form or "",
            "dependency": bool(dep),
            "directed": bool(directed),
            "exclusive": bool(exclusive),
        }
        for s, t, typ, dep, directed, form, default_form, exclusive in Tie.objects.filter(
            village=village, is_current=True
        ).values_list(
            "source_id",
            "target_id",
            "type__code",
            "type__is_dependency",
            "directed",
            "form",
            "type__default_form",
            "exclusive",
        )
    ]
    result = (current_analysis(village) or {}) if with_analysis else {}
    captive = None
    if result.get("clients") is not None:
        captive = {
            str(c["id"]): [
                (str(cf["patron"]), str(cf["form"])) for cf in c.get("captive_forms") or []
            ]
            for c in result["clients"]
        }
    forums: dict[str, dict] = {}
    for fid, fname, aid in (
        ForumMember.objects.filter(forum__village=village, forum__active=True, left__isnull=True)
        .order_by("forum__name")
        .values_list("forum_id", "forum__name", "actor_id")
    ):
        forums.setdefault(str(fid), {"name": fname, "members": []})["members"].append(str(aid))
    return {"actors": actors, "ties": ties, "captive": captive, "forums": forums}


def _actor_map(village: Village, ids) -> dict[str, Actor]:
    return {
        str(a.pk): a
        for a in Actor.objects.filter(village=village, pk__in=list(ids)).select_related(
            "hamlet", "category"
        )
    }


def circle_title(circle: dict, names: dict[str, str]) -> str:
    forms = form_labels()
    if circle["basis"] == "patron":
        title = _("Clients of %(patron)s") % {"patron": names.get(circle["patron"], "?")}
    else:
        title = _("Everyone depending on others for: %(form)s") % {
            "form": forms.get(circle["form"], circle["form"]).lower()
        }
    if circle.get("hamlet"):
        title += " · " + _("hamlet %(hamlet)s") % {"hamlet": circle["hamlet"]}
    return title


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _some(names: list[str], limit: int = 4) -> str:
    """At most ``limit`` names, then how many more ("A, B, C, D and 3 others")."""
    if len(names) <= limit:
        return _join(names)
    rest = len(names) - limit
    more = ngettext("%(count)d other", "%(count)d others", rest) % {"count": rest}
    return _join([*names[:limit], more])


def tie_type_labels() -> dict[str, str]:
    return {
        "kinship": _("kinship"),
        "marriage": _("marriage"),
        "communication": _("talks regularly"),
        "advice": _("asked for advice"),
        "influence": _("listened to"),
    }


def leader_sentences(item: dict, names: dict[str, str], venue_names: dict[str, str]) -> list[str]:
    """The reasons of a peer leader, one sentence each."""
    f = item["facts"]
    codes = item["reason_codes"]
    types = tie_type_labels()
    out = [
        ngettext(
            "Trusted by %(count)d member (%(who)s) through %(ties)s.",
            "Trusted by %(count)d members (%(who)s) through %(ties)s.",
            f["count"],
        )
        % {
            "count": f["count"],
            "who": _some([names.get(m, "?") for m in f["trusted_by"]]),
            "ties": _join([types.get(t, t) for t in f["tie_types"]]),
        }
    ]
    if "member" in codes:
        out.append(_("A member of the circle, with another patron than those who trust them."))
    else:
        out.append(_("Not a member, but close to the members."))
    if f.get("own_patrons"):
        out.append(
            _("Does not depend on the circle's patron (depends on %(who)s).")
            % {"who": _join([names.get(p, "?") for p in f["own_patrons"]])}
        )
    else:
        out.append(_("Depends on no patron."))
    if "poor_peer" in codes:
        out.append(_("A poor household: a peer of the members."))
    if "attends_venue" in codes:
        out.append(
            _("Already attends %(venue)s.") % {"venue": venue_names.get(f.get("venue"), "?")}
        )
    if "same_hamlet" in codes:
        out.append(_("Lives in the same hamlet (%(hamlet)s).") % {"hamlet": f["hamlet"]})
    return out


def dni_sentence(item: dict, names: dict[str, str]) -> str:
    f = item["facts"]
    codes = item["reason_codes"]
    if "patron" in codes:
        n = f.get("clients", 0)
        if isinstance(n, list):
            n = n[0] if n else 0
        return ngettext(
            "The patron: %(count)d member depends on them.",
            "The patron: %(count)d members depend on them.",
            n,
        ) % {"count": n}
    of = _join([names.get(p, "?") for p in f.get("of", [])])
    if "broker" in codes:
        return _("A broker of %(patron)s: what is said would reach the patron.") % {"patron": of}
    return _("The patron of %(patron)s: what is said would reach them.") % {"patron": of}


def proposals(village: Village) -> dict[str, Any]:
    """The engine's proposals for the village, with names and sentences, and which are adopted."""
    data = engine_input(village)
    circles = propose_circles(
        data["actors"], data["ties"], captive=data["captive"], forums=data["forums"]
    )
    names = {a: info["name"] for a, info in data["actors"].items()}
    venue_names = dict(names)
    venue_names.update({fid: f["name"] for fid, f in data["forums"].items()})
    adopted = dict(
        Circle.objects.filter(village=village)
        .exclude(proposal_key="")
        .values_list("proposal_key", "pk")
    )
    for c in circles:
        decorate(c, names, venue_names)
        c["adopted"] = adopted.get(c["key"])
    return {"circles": circles, "names": names}


def decorate(c: dict, names: dict[str, str], venue_names: dict[str, str]) -> dict:
    """Add names and sentences to an engine circle (in place)."""
    forms = form_labels()
    c["title"] = circle_title(c, names)
    for m in c["members"]:
        m["name"] = names.get(m["actor"], "?")
        m["patron_names"] = [names.get(p, "?") for p in m["patrons"]]
        m["form_labels"] = [forms.get(f, f) for f in m["forms"]]
    for v in c["venues"]:
        v["attending_names"] = [names.get(a, "?") for a in v["attending"]]
        v["sentence"] = ngettext(
            "%(count)d member already attends.", "%(count)d members already attend.", v["count"]
        ) % {"count": v["count"]}
        if v["facts"].get("unsafe"):
            v["warning"] = _("%(who)s also attends: meeting there would expose the members.") % {
                "who": _join([names.get(a, "?") for a in v["facts"]["unsafe"]])
            }
    for p in c["peer_leaders"]:
        p["name"] = names.get(p["actor"], "?")
        p["sentences"] = leader_sentences(p, names, venue_names)
    for d in c["do_not_invite"]:
        d["name"] = names.get(d["actor"], "?")
        d["sentence"] = dni_sentence(d, names)
    c["patron_names"] = [names.get(p, "?") for p in c["patrons"]]
    return c


def proposal(village: Village, key: str) -> dict | None:
    for c in proposals(village)["circles"]:
        if c["key"] == key:
            return c
    return None


# --- adopted circles ----------------------------------------------------------------------


def circle_list(village: Village) -> list[dict]:
    rows = []
    circles = Circle.objects.filter(village=village).select_related("patron")
    members = defaultdict(int)
    for cid in CircleMember.objects.filter(circle__village=village).values_list(
        "circle_id", flat=True
    ):
        members[cid] += 1
    sessions: dict[Any, list] = defaultdict(list)
    for cid, date, held in Session.objects.filter(circle__village=village).values_list(
        "circle_id", "date", "held"
    ):
        sessions[cid].append((date, held))
    for c in circles:
        done = [d for d, held in sessions[c.pk] if held]
        planned = [d for d, held in sessions[c.pk] if not held and d >= today()]
        rows.append(
            {
                "circle": c,
                "members": members[c.pk],
                "sessions_held": len(done),
                "last_session": max(done) if done else None,
                "next_session": min(planned) if planned else None,
            }
        )
    return rows


def circle_detail(circle: Circle) -> dict[str, Any]:
    """Members (with their progress), the engine's reading of the circle today (venues, peer
    leaders, whom not to invite), and the sessions."""
    village = circle.village
    members = list(circle.members.select_related("actor", "actor__hamlet").order_by("actor__name"))
    progress = defaultdict(list)
    for p in circle.progress.select_related("actor", "recorded_by").order_by("date", "created_at"):
        progress[p.actor_id].append(p)
    sessions = list(
        circle.sessions.select_related(
            "venue_actor", "venue_forum", "facilitator"
        ).prefetch_related("topics", "attendees")
    )
    reading = current_reading(circle)
    return {
        "members": [{"member": m, "progress": progress.get(m.actor_id, [])} for m in members],
        "sessions": sessions,
        "reading": reading,
        "timeline": sorted(
            (p for rows in progress.values() for p in rows), key=lambda p: (p.date, p.created_at)
        ),
        "village": village,
    }


def current_reading(circle: Circle) -> dict[str, Any]:
    """Venues, peer leaders and whom not to invite for the circle's members as they are now.

    For a circle adopted from a proposal the engine's proposal of the same key is used when it
    still exists; otherwise (a circle made by hand, or the network changed) the patrons of the
    members are read from the ties and the engine explains the circle as a whole. Either way
    venues and peer leaders are counted over the circle's own members (members added or
    removed by hand count).
    """
    village = circle.village
    data = engine_input(village)
    names = {a: info["name"] for a, info in data["actors"].items()}
    venue_names = dict(names)
    venue_names.update({fid: f["name"] for fid, f in data["forums"].items()})
    member_ids = {str(a) for a in circle.members.values_list("actor_id", flat=True)}
    found = None
    if circle.proposal_key:
        for c in propose_circles(
            data["actors"],
            data["ties"],
            captive=data["captive"],
            forums=data["forums"],
            venue_count=50,
            peer_count=50,
        ):
            if c["key"] == circle.proposal_key:
                found = _narrow(c, member_ids)
                break
    if found is None:
        found = _explain_hand_circle(circle, data, member_ids)
    if found is None:
        return {"venues": [], "peer_leaders": [], "do_not_invite": []}
    decorate(found, names, venue_names)
    return found


def _explain_hand_circle(circle: Circle, data: dict, member_ids: set[str]) -> dict | None:
    """The engine's reading of a hand-made circle (or one whose proposal is gone).

    With a patron: the engine's circle of that patron, narrowed to these members (venues and
    peer leaders recounted over them; whom not to invite unchanged). Without one: every
    dependency tie of the members counts as one shared situation, so all their patrons, their
    brokers and their patrons' patrons are not to be invited.
    """
    if not member_ids:
        return None
    patron = str(circle.patron_id) if circle.patron_id else None
    if patron:
        ties = data["ties"]
        forms: set[str] = set()
        key = f"patron:{patron}"
    else:
        ties = [
            {**t, "form": "__circle__"} if t["dependency"] and t["source"] in member_ids else t
            for t in data["ties"]
        ]
        forms = {"__circle__"}
        key = "form:__circle__"
    found = propose_circles(
        data["actors"],
        ties,
        captive=data["captive"],
        forums=data["forums"],
        min_size=1,
        split_at=10**9,
        forms=forms,
        min_patrons=1,
        venue_count=50,
        peer_count=50,
    )
    c = next((c for c in found if c["key"] == key), None)
    return None if c is None else _narrow(c, member_ids)


def _narrow(c: dict, member_ids: set[str]) -> dict:
    """The engine's circle ``c`` read over ``member_ids`` only: members, the venues they attend
    (recounted, at most 5) and the peer leaders they trust (recounted, at most 3)."""
    c["members"] = [m for m in c["members"] if m["actor"] in member_ids]
    for d in c["do_not_invite"]:  # "N members depend on them" counts this circle's members
        if d["reason_codes"] == ["patron"]:
            d["facts"]["clients"] = sum(1 for m in c["members"] if d["actor"] in m["patrons"])
    venues = []
    for v in c["venues"]:
        v["attending"] = [a for a in v["attending"] if a in member_ids]
        v["count"] = len(v["attending"])
        if v["count"]:
            venues.append(v)
    venues.sort(key=lambda v: (bool(v["facts"]), -v["count"], v["name"].casefold(), v["id"]))
    c["venues"] = venues[:5]
    leaders = []
    for p in c["peer_leaders"]:
        p["facts"]["trusted_by"] = [m for m in p["facts"]["trusted_by"] if m in member_ids]
        p["facts"]["count"] = len(p["facts"]["trusted_by"])
        if p["facts"]["count"]:
            leaders.append(p)
    leaders.sort(key=lambda p: -p["facts"]["count"])  # stable: the engine's order among equals
    c["peer_leaders"] = leaders[:3]
    for rank, p in enumerate(c["peer_leaders"], 1):
        p["rank"] = rank
    return c


# --- progress ----------------------------------------------------------------------------


def progress_counts(village: Village, at: dt.date | None = None) -> dict[str, int]:
    """How many circle members (distinct actors) reached each progress kind by date ``at``
    (today when None): ``{kind: count}`` with every kind present."""
    at = at or today()
    out = dict.fromkeys(MemberProgress.Kind.values, 0)
    rows = (
        MemberProgress.objects.filter(circle__village=village, date__lte=at)
        .values_list("kind", "actor_id")
        .distinct()
    )
    seen: dict[str, set] = defaultdict(set)
    for kind, actor in rows:
        seen[kind].add(actor)
    for kind, actors in seen.items():
        out[kind] = len(actors)
    return out


# --- printing ----------------------------------------------------------------------------


def printable(village: Village, *, with_names: bool = False) -> list[dict[str, Any]]:
    """The adopted circles for a printed list. Pseudonymised unless ``with_names``: a circle is
    "Lingkar 1", a member "L1-01", and whom not to invite is said by role with a code ("P1"),
    so a lost sheet names nobody."""
    rows = []
    for i, circle in enumerate(Circle.objects.filter(village=village).order_by("name", "pk"), 1):
        members = list(circle.members.select_related("actor").order_by("actor__name", "pk"))
        reading = current_reading(circle)
        dni = reading.get("do_not_invite", [])
        rows.append(
            {
                "title": circle.name if with_names else _("Circle %(n)d") % {"n": i},
                "members": [
                    m.actor.name if with_names else f"L{i}-{k:02d}"
                    for k, m in enumerate(members, 1)
                ],
                "do_not_invite": [
                    {
                        "who": d["name"] if with_names else f"P{i}-{k}",
                        "sentence": d["sentence"]
                        if with_names
                        else _role_sentence(d["reason_codes"]),
                    }
                    for k, d in enumerate(dni, 1)
                ],
            }
        )
    return rows


def _role_sentence(codes: list[str]) -> str:
    if "patron" in codes:
        return _("The patron.")
    if "broker" in codes:
        return _("A broker of the patron.")
    return _("The patron's own patron.")
