"""Read-side queries about villages, shared by pages, the API and the CLI."""

from __future__ import annotations

from django.db.models import Count, QuerySet

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


def home_summary(village: Village) -> dict:
    """Counts and recent activity for the village home page (and its JSON twin)."""
    from jejaring.actors.models import Actor, Discussion, Evidence, Tie

    counts = {
        "actors": Actor.objects.filter(village=village).count(),
        "ties": Tie.objects.filter(village=village, is_current=True).count(),
        "hamlets": village.hamlets.count(),
        "discussions": Discussion.objects.filter(village=village).count(),
        "evidence": Evidence.objects.filter(tie__village=village).count(),
    }
    recent = Discussion.objects.filter(village=village).order_by("-date", "-created_at")[:5]
    return {"village": village, "counts": counts, "recent_discussions": recent}
