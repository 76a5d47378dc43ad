"""The data of the village map, for the map page and its JSON twin in the API.

Column-oriented (one list per attribute, ties as actor indices) so that 5,000 actors and
50,000 ties travel in well under a megabyte and the browser builds its graph in one pass.
"""

from __future__ import annotations

import uuid

from django.db import connection
from django.utils.translation import gettext

from jejaring.actors.models import Actor, Assessment, Category, Tie, TieType
from jejaring.actors.vocabulary import available
from jejaring.analysis.layout import map_positions
from jejaring.analysis.results import MEASURES, current_analysis, number, role_label
from jejaring.villages.models import Village


def _towers(village: Village) -> dict[str, float]:
    """Each actor's influence for the Net-Map towers: every rater's latest rating, averaged.

    The same reading as the analysis adapter's (so the map agrees with the measures), done on
    raw rows: a village may hold thousands of assessments.
    """
    rows = raw_rows(
        Assessment.objects.filter(actor__village=village, influence__isnull=False)
        .order_by("date", "created_at")
        .values_list("actor_id", "rater_id", "rater_name", "influence")
    )
    latest: dict = {}
    for actor_id, rater_id, rater_name, influence in rows:
        latest[(actor_id, rater_id or rater_name)] = influence
    sums: dict = {}
    for (actor_id, _), value in latest.items():
        total, n = sums.get(actor_id, (0.0, 0))
        sums[actor_id] = (total + value, n + 1)
    return {_canonical(a): round(total / n, 2) for a, (total, n) in sums.items()}


def _stances(village: Village) -> dict[str, float]:
    """Each actor's stance: every rater's latest view, averaged (as for the towers)."""
    rows = raw_rows(
        Assessment.objects.filter(actor__village=village, stance__isnull=False)
        .order_by("date", "created_at")
        .values_list("actor_id", "rater_id", "rater_name", "stance")
    )
    latest: dict = {}
    for actor_id, rater_id, rater_name, stance in rows:
        latest[(actor_id, rater_id or rater_name)] = stance
    sums: dict = {}
    for (actor_id, _), value in latest.items():
        total, n = sums.get(actor_id, (0.0, 0))
        sums[actor_id] = (total + value, n + 1)
    return {_canonical(a): round(total / n, 2) for a, (total, n) in sums.items()}


def raw_rows(qs) -> list[tuple]:
    """The rows of a ``values_list`` query without Django's per-value converters.

    The SQL is Django's own (portable); only the conversion of each UUID column into a
    ``uuid.UUID`` object is skipped – at 50,000 ties that conversion alone takes most of a
    second. Values come back as the database driver gives them (a hex string on SQLite, a UUID
    on PostgreSQL), so ids from two raw queries of the same database compare equal.
    """
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _canonical(value) -> str:
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def map_data(village: Village) -> dict:
    """Everything the map draws: actors with positions, current ties, vocabularies, measures,
    patron clusters. See docs in :mod:`jejaring.analysis.views` for the page."""
    positions = map_positions(village)
    rows = raw_rows(
        Actor.objects.filter(village=village)
        .order_by("name", "pk")
        .values_list(
            "pk",
            "name",
            "code",
            "kind",
            "category_id",
            "hamlet__name",
            "welfare",
            "is_facilitator",
            "engagement__status",
        )
    )
    categories = list(available(Category, village))
    # Category ids as the raw actor rows carry them.
    by_pk = {str(c.pk): i for i, c in enumerate(categories)}
    cat_index = {
        raw: by_pk[_canonical(raw)]
        for (raw,) in raw_rows(available(Category, village).values_list("pk"))
    }
    hamlets = list(village.hamlets.order_by("name").values_list("name", flat=True))
    ham_index = {h: i for i, h in enumerate(hamlets)}
    towers = _towers(village)
    stances = _stances(village)
    analysis = current_analysis(village) or {}
    by_id = {str(a["id"]): a for a in analysis.get("actors", [])}

    ids: list = []
    actors: dict[str, list] = {
        k: []
        for k in (
            "id",
            "name",
            "code",
            "x",
            "y",
            "kind",
            "category",
            "hamlet",
            "welfare",
            "influence",
            "stance",
            "status",
            "community",
            "roles",
        )
    }
    measures: dict[str, list] = {m.key: [] for m in MEASURES}
    for pk, name, code, kind, category_id, hamlet, welfare, _facil, status in rows:
        key = _canonical(pk)
        ids.append(pk)
        x, y = positions.get(key, (0.0, 0.0))
        m = by_id.get(key, {})
        actors["id"].append(key)
        actors["name"].append(name)
        actors["code"].append(code)
        actors["x"].append(x)
        actors["y"].append(y)
        actors["kind"].append(kind)
        actors["category"].append(cat_index.get(category_id, -1))
        actors["hamlet"].append(ham_index.get(hamlet, -1))
        actors["welfare"].append(welfare)
        actors["influence"].append(towers.get(key))
        actors["stance"].append(stances.get(key))
        actors["status"].append(status or "not_approached")
        actors["community"].append(m.get("community"))
        actors["roles"].append(list(m.get("roles") or []))
        for measure in MEASURES:
            measures[measure.key].append(number(m.get(measure.key)))
    index = {pk: i for i, pk in enumerate(ids)}

    types = list(available(TieType, village))
    type_pk = {str(t.pk): i for i, t in enumerate(types)}
    type_index = {
        raw: type_pk[_canonical(raw)]
        for (raw,) in raw_rows(available(TieType, village).values_list("pk"))
    }
    rows = raw_rows(
        Tie.objects.filter(village=village, is_current=True).values_list(
            "source_id", "target_id", "type_id", "directed"
        )
    )
    get = index.get
    # Ties whose ends are both in the village (always, unless data was edited by hand).
    rows = [(get(s), get(t), ty, d) for s, t, ty, d in rows]
    rows = [r for r in rows if r[0] is not None and r[1] is not None]
    ties = {
        "source": [r[0] for r in rows],
        "target": [r[1] for r in rows],
        "type": [type_index[r[2]] for r in rows],
        "directed": [1 if r[3] else 0 for r in rows],
    }

    index = {actors["id"][i]: i for i in range(len(ids))}
    clusters = []
    for c in analysis.get("clusters", []):
        patron = index.get(str(c.get("patron")))
        if patron is None:
            continue
        members = [index[str(m)] for m in c.get("members", []) if str(m) in index]
        clusters.append(
            {
                "patron": patron,
                "members": members,
                "brokers": [index[str(b)] for b in c.get("brokers", []) if str(b) in index],
                "size": len(members) + 1,
            }
        )

    actors["key"] = key_actors(actors, categories, analysis)
    actors["key_rank"] = key_ranks(actors, categories, analysis)
    roles_seen = sorted({r for rs in actors["roles"] for r in rs})
    return {
        "village": village.slug,
        "version": village.data_version,
        "actors": actors,
        "measures": measures,
        "ties": ties,
        "categories": [{"code": c.code, "label": c.label} for c in categories],
        "hamlets": hamlets,
        "types": [
            {
                "code": t.code,
                "label": t.label,
                "phrase": t.phrase_label,
                "directed": t.directed,
                "dependency": t.is_dependency,
            }
            for t in types
        ],
        "measure_labels": [{"key": m.key, "label": str(m.label)} for m in MEASURES],
        "roles": [{"code": r, "label": role_label(r)} for r in roles_seen],
        "clusters": clusters,
        "has_analysis": bool(by_id),
        "welfare_labels": _welfare_labels(),
    }


#: Categories whose actors the map always names (the village head and officials, the camat).
KEY_CATEGORIES = frozenset({"village_official", "village_council", "district_head"})
#: How many of the top patrons and of the brokers the map always names.
KEY_TOP = 8


def key_actors(actors: dict, categories: list, analysis: dict) -> list[int]:
    """1 for each actor the map (and the report map) always labels: officials, the top
    patrons by clients and the top brokers by betweenness; clients are named on zoom or hover.
    """
    key = [0] * len(actors["id"])
    index = {pk: i for i, pk in enumerate(actors["id"])}
    for i, c in enumerate(actors["category"]):
        if c >= 0 and categories[c].code in KEY_CATEGORIES:
            key[i] = 1
    patrons = [str(p.get("id")) for p in analysis.get("patrons", []) if p.get("id")]
    for pk in patrons[:KEY_TOP]:
        if pk in index:
            key[index[pk]] = 1
    brokers = sorted(
        (a for a in analysis.get("actors", []) if "broker" in (a.get("roles") or [])),
        key=lambda a: -(number(a.get("betweenness_normalized")) or 0.0),
    )
    for a in brokers[:KEY_TOP]:
        if str(a["id"]) in index:
            key[index[str(a["id"])]] = 1
    return key


def key_ranks(actors: dict, categories: list, analysis: dict) -> list[int]:
    """For each key actor its place when not every name fits (a phone): 1 is named first.

    The top patron and the top broker come first, then the officials, then the other patrons
    and brokers in turn; 0 for actors that are not key actors."""
    index = {pk: i for i, pk in enumerate(actors["id"])}
    patrons = [str(p.get("id")) for p in analysis.get("patrons", []) if p.get("id")][:KEY_TOP]
    brokers = [
        str(a["id"])
        for a in sorted(
            (a for a in analysis.get("actors", []) if "broker" in (a.get("roles") or [])),
            key=lambda a: -(number(a.get("betweenness_normalized")) or 0.0),
        )
    ][:KEY_TOP]
    officials = [
        actors["id"][i]
        for i, c in enumerate(actors["category"])
        if c >= 0 and categories[c].code in KEY_CATEGORIES
    ]
    order = patrons[:1] + brokers[:1] + officials
    for k in range(1, KEY_TOP):
        order += patrons[k : k + 1] + brokers[k : k + 1]
    rank = [0] * len(actors["id"])
    place = 0
    for pk in order:
        i = index.get(pk)
        if i is not None and not rank[i]:
            place += 1
            rank[i] = place
    return rank


def _welfare_labels() -> dict[str, str]:
    from jejaring import vocab

    return {t.code: gettext(t.label) for t in vocab.WELFARE_RANKS}
