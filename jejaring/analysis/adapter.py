"""From a village in the database to the analysis engine's input tables.

The engine (:mod:`jejaring.graph`) never sees Django: it gets plain rows, with actor ids being
the actors' UUIDs as strings so results map straight back to database rows.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

from jejaring.actors.models import Actor, Assessment, Tie
from jejaring.villages.models import Village


def latest_assessments(village: Village) -> dict[str, dict[str, float | None]]:
    """Each actor's current influence, interest and stance.

    Per rater, the most recent assessment counts; the raters' latest views are then averaged, so
    two facilitators who disagree both weigh in and an old rating does not hide a new one.
    Returns ``{actor uuid: {"influence", "interest", "stance", "assessed_on"}}``.
    """
    latest: dict[tuple, tuple] = {}
    rows = (
        Assessment.objects.filter(actor__village=village)
        .order_by("date", "created_at")
        .values_list(
            "actor_id", "rater_id", "rater_name", "date", "influence", "interest", "stance"
        )
    )
    for actor_id, rater_id, rater_name, date, influence, interest, stance in rows:
        latest[(actor_id, rater_id or rater_name)] = (date, influence, interest, stance)
    per_actor: dict = defaultdict(list)
    for (actor_id, _), values in latest.items():
        per_actor[actor_id].append(values)
    out = {}
    for actor_id, views in per_actor.items():

        def avg(i, views=views):
            vals = [v[i] for v in views if v[i] is not None]
            return round(mean(vals), 2) if vals else None

        out[str(actor_id)] = {
            "influence": avg(1),
            "interest": avg(2),
            "stance": avg(3),
            "assessed_on": max(v[0] for v in views).isoformat(),
        }
    return out


def actor_rows(village: Village) -> list[dict]:
    """One row per actor in the engine's actor-table shape (DESIGN.md file contract)."""
    assessed = latest_assessments(village)
    fields = defaultdict(list)
    for actor_id, code in Actor.fields.through.objects.filter(actor__village=village).values_list(
        "actor_id", "field__code"
    ):
        fields[str(actor_id)].append(code)
    rows = []
    qs = Actor.objects.filter(village=village).values_list(
        "id",
        "code",
        "name",
        "kind",
        "category__code",
        "hamlet__name",
        "gender",
        "welfare",
        "position",
        "is_facilitator",
        "engagement__status",
    )
    for pk, code, name, kind, category, hamlet, gender, welfare, position, facil, status in qs:
        key = str(pk)
        a = assessed.get(key, {})
        rows.append(
            {
                "id": key,
                "code": code,
                "name": name,
                "kind": kind,
                "category": category or "",
                "hamlet": hamlet or "",
                "gender": gender,
                "welfare": welfare,
                "position": position,
                "field": ";".join(sorted(fields.get(key, []))),
                "influence": a.get("influence"),
                "interest": a.get("interest"),
                "stance": a.get("stance"),
                "is_facilitator": facil,
                "engagement": status or "not_approached",
            }
        )
    return rows


def tie_rows(village: Village, *, current_only: bool = True) -> list[dict]:
    """One row per tie in the engine's tie-table shape."""
    qs = Tie.objects.filter(village=village)
    if current_only:
        qs = qs.filter(is_current=True)
    rows = []
    for r in qs.values(
        "id",
        "source_id",
        "target_id",
        "type__code",
        "type__is_dependency",
        "directed",
        "weight",
        "strength",
        "form",
        "frequency",
        "attachment",
        "exclusive",
        "balance",
        "terms_set_by",
        "confidence",
    ):
        weight = r["weight"] if r["weight"] is not None else (r["strength"] or 1)
        rows.append(
            {
                "id": str(r["id"]),
                "source": str(r["source_id"]),
                "target": str(r["target_id"]),
                "type": r["type__code"],
                "directed": r["directed"],
                "dependency": r["type__is_dependency"],
                "weight": float(weight),
                "strength": r["strength"],
                "form": r["form"],
                "frequency": r["frequency"],
                "attachment": r["attachment"],
                "exclusive": r["exclusive"],
                "balance": r["balance"],
                "terms_set_by": r["terms_set_by"],
                "confidence": r["confidence"],
            }
        )
    return rows


def tie_type_table(village: Village) -> dict[str, dict[str, bool]]:
    """The village's tie types as the engine's override table (custom types included)."""
    from jejaring.actors.models import TieType
    from jejaring.actors.vocabulary import available

    return {
        t.code: {"directed": t.directed, "dependency": t.is_dependency}
        for t in available(TieType, village)
    }
