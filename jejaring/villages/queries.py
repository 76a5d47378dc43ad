"""Read-side queries about villages, shared by pages, the API and the CLI."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from jejaring.villages.models import Village


def with_counts(villages: QuerySet[Village]) -> list[Village]:
    """The villages with ``actor_count`` and ``tie_count`` (current ties) set.

    Two grouped queries rather than a double join: joining actors and ties at once would
    multiply rows (5,000 actors x 50,000 ties).
    """
    from jejaring.actors.models import Actor, Tie

    villages = list(villages)
    ids = [v.pk for v in villages]
    actors = dict(
        Actor.objects.filter(village__in=ids)
        .values("village")
        .annotate(n=Count("id"))
        .values_list("village", "n")
    )
    ties = dict(
        Tie.objects.filter(village__in=ids, is_current=True)
        .values("village")
        .annotate(n=Count("id"))
        .values_list("village", "n")
    )
    for v in villages:
        v.actor_count = actors.get(v.pk, 0)
        v.tie_count = ties.get(v.pk, 0)
    return villages


def for_user(user) -> QuerySet[Village]:
    """Villages ``user`` is a member of."""
    return Village.objects.filter(memberships__user=user).select_related("area").order_by("name")


def home_summary(village: Village, *, today: dt.date | None = None) -> dict:
    """Counts, recent activity, key figures from the engine and what needs attention, for the
    village home page (and its JSON twin)."""
    from jejaring.actors.models import Actor, Discussion, Evidence, Tie

    today = today or dt.date.today()
    counts = {
        "actors": Actor.objects.filter(village=village).count(),
        "ties": Tie.objects.filter(village=village, is_current=True).count(),
        "hamlets": village.hamlets.count(),
        "discussions": Discussion.objects.filter(village=village).count(),
        "evidence": Evidence.objects.filter(tie__village=village).count(),
    }
    recent = Discussion.objects.filter(village=village).order_by("-date", "-created_at")[:5]
    return {
        "village": village,
        "counts": counts,
        "next_steps": next_steps(village, counts),
        "recent_discussions": recent,
        **recent_contacts(village, today=today),
        "attention": needs_attention(village, today=today),
        "figures": key_figures(village),
    }


def next_steps(village: Village, counts: dict) -> list[dict] | None:
    """The first week's path for a new village, each step with ``done``: add actors, record
    ties, look at the analysis (it runs by itself on what is recorded), plan approaches.
    None once every step is done, so an established village's home page stays short."""
    from jejaring.actors.models import Actor
    from jejaring.engagement.models import Contact

    others = Actor.objects.filter(village=village, is_facilitator=False).count()
    steps = [
        {"code": "actors", "done": others >= 2},
        {"code": "ties", "done": counts["ties"] > 0},
        {"code": "analysis", "done": counts["ties"] > 0},
        {"code": "approach", "done": Contact.objects.filter(village=village).exists()},
    ]
    if all(step["done"] for step in steps):
        return None
    return steps


def recent_contacts(village: Village, *, today: dt.date, limit: int = 5) -> dict:
    """The last contacts held and the next ones planned."""
    from jejaring.engagement.models import Contact

    qs = Contact.objects.filter(village=village).select_related("actor")
    held = qs.filter(state="held").order_by("-held_date", "-created_at")[:limit]
    planned = (
        qs.filter(state="planned")
        .filter(Q(planned_date__gte=today) | Q(planned_date__isnull=True))
        .order_by(F("planned_date").asc(nulls_last=True), "created_at")[:limit]
    )
    return {"recent_contacts": list(held), "planned_contacts": list(planned)}


def needs_attention(village: Village, *, today: dt.date, limit: int = 6) -> dict:
    """Stakeholders never approached, ties with no evidence, assessments older than 3 months.

    Each item has a count and a few examples; the pages they link to list them all.
    """
    from jejaring.actors.models import Actor, Assessment, Evidence, Tie
    from jejaring.actors.queries import STALE_AFTER, stakeholders
    from jejaring.engagement.models import Contact

    held = Contact.objects.filter(village=village, state="held").values("actor_id")
    never = list(
        stakeholders(Actor.objects.filter(village=village))
        .filter(Q(engagement__isnull=True) | Q(engagement__status="not_approached"))
        .exclude(pk__in=held)
        .order_by("name")
        .values_list("pk", "name")
    )
    no_evidence = Tie.objects.filter(village=village, is_current=True).filter(
        ~Exists(Evidence.objects.filter(tie=OuterRef("pk")))
    )
    # Latest assessment per actor by one GROUP BY over the assessments, not a subquery per actor.
    stale = list(
        Assessment.objects.filter(actor__village=village)
        .values("actor_id")
        .annotate(last=Max("date"))
        .filter(last__lt=today - STALE_AFTER)
        .order_by("last", "actor__name")
        .values_list("actor_id", "last")
    )
    examples = {
        a.pk: a
        for a in Actor.objects.filter(
            pk__in=[pk for pk, _ in never[:limit]] + [pk for pk, _ in stale[:limit]]
        )
    }
    return {
        "never_approached": len(never),
        "never_approached_examples": [examples[pk] for pk, _ in never[:limit]],
        "ties_without_evidence": no_evidence.count(),
        "stale_assessments": len(stale),
        "stale_examples": [examples[pk] for pk, _ in stale[:limit]],
    }


def key_figures(village: Village, *, limit: int = 5) -> dict:
    """Top patrons, brokers and captive poor households, from the cached engine result."""
    from jejaring.actors.models import Actor
    from jejaring.analysis.households import poor_households
    from jejaring.analysis.results import current_analysis, number

    result = current_analysis(village)
    if not result:
        return {"available": False}
    rows = result.get("actors", [])
    patrons = [p for p in result.get("patrons", []) if p.get("id")]
    roles = {str(a["id"]): set(a.get("roles") or []) for a in rows}
    patrons = [p for p in patrons if "patron" in roles.get(str(p["id"]), ())][:limit]
    brokers = sorted(
        (a for a in rows if "broker" in (a.get("roles") or [])),
        key=lambda a: -(number(a.get("betweenness_normalized")) or 0.0),
    )
    captive_poor = [c for c in result.get("clients", []) if c.get("captive") and c.get("poor")]
    wanted = (
        [str(p["id"]) for p in patrons]
        + [str(a["id"]) for a in brokers[:limit]]
        + [str(c["id"]) for c in captive_poor[: limit * 2]]
        + [str(cf["patron"]) for c in captive_poor[: limit * 2] for cf in c["captive_forms"]]
    )
    names = {
        str(a.pk): a
        for a in Actor.objects.filter(village=village, pk__in=wanted).select_related("hamlet")
    }
    return {
        "available": True,
        "patrons": [
            {
                "actor": names[str(p["id"])],
                "clients": p.get("clients", 0),
                "poor_clients": p.get("poor_clients", 0),
                "score": number(p.get("patron_score")),
            }
            for p in patrons
            if str(p["id"]) in names
        ],
        "brokers": [
            {"actor": names[str(a["id"])], "betweenness": number(a.get("betweenness_normalized"))}
            for a in brokers[:limit]
            if str(a["id"]) in names
        ],
        "broker_count": len(brokers),
        "captive_poor": [
            {
                "actor": names[str(c["id"])],
                "bound_to": [
                    {
                        "patron": names.get(str(cf["patron"])),
                        "form": cf["form"],
                        "reason": cf.get("reason", ""),
                    }
                    for cf in c.get("captive_forms", [])
                ],
            }
            for c in captive_poor[: limit * 2]
            if str(c["id"]) in names
        ],
        "captive_poor_count": len(captive_poor),
        "poor_households": poor_households(village),
    }
