"""Read-side queries of the actors app, shared by the pages, their JSON twins and the CLI.

Every function takes the village first and never returns a row of another village. Query
counts are constant in the number of actors and ties (no N+1): the register and the actor page
are tested with ``django_assert_max_num_queries`` and benchmarked on a 5,000-actor village.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from jejaring import vocab
from jejaring.actors.models import (
    Actor,
    Assessment,
    Category,
    Discussion,
    Evidence,
    Fact,
    Field,
    Tie,
    TieType,
)
from jejaring.actors.services import REPORTED
from jejaring.actors.vocabulary import available
from jejaring.analysis.results import MEASURE_BY_KEY, actor_index, current_analysis, number
from jejaring.villages.models import Village

PAGE_SIZE = 50
#: An assessment older than this needs redoing (the village home lists them).
STALE_AFTER = dt.timedelta(days=90)

# Columns sorted in the database: sort key -> ORM ordering.
DB_SORTS = {
    "name": "name",
    "code": "code",
    "category": "category__order",
    "hamlet": "hamlet__name",
    "welfare": "welfare_rank",
    "influence": "latest_influence",
    "interest": "latest_interest",
    "stance": "latest_stance",
    "status": "status_rank",
    "assessed": "latest_assessed",
}
SCOPES = ("stakeholders", "households", "facilitators")


def latest(field_name: str) -> Subquery:
    """The actor's most recent non-empty ``field_name`` among its assessments."""
    rows = Assessment.objects.filter(actor=OuterRef("pk"), **{f"{field_name}__isnull": False})
    return Subquery(rows.order_by("-date", "-created_at").values(field_name)[:1])


def with_latest_assessment(qs: QuerySet[Actor]) -> QuerySet[Actor]:
    """Actors annotated with ``latest_influence``, ``latest_interest``, ``latest_stance`` and
    ``latest_assessed`` (the date of the newest assessment)."""
    return qs.annotate(
        latest_influence=latest("influence"),
        latest_interest=latest("interest"),
        latest_stance=latest("stance"),
        latest_assessed=Subquery(
            Assessment.objects.filter(actor=OuterRef("pk")).order_by("-date").values("date")[:1]
        ),
    )


def _rank(field_name: str, codes: tuple[str, ...]) -> Case:
    return Case(
        *[When(**{field_name: c}, then=Value(i)) for i, c in enumerate(codes)],
        default=Value(None),
        output_field=IntegerField(),
    )


@dataclass
class RegisterQuery:
    """What the register shows: search, filters, sort and page (all optional)."""

    q: str = ""
    category: str = ""
    field: str = ""
    hamlet: str = ""
    welfare: str = ""
    stance: str = ""
    status: str = ""
    scope: str = ""
    assessed: str = ""
    sort: str = "name"
    desc: bool = False
    page: int = 1

    @property
    def sort_param(self) -> str:
        return ("-" if self.desc else "") + self.sort


@dataclass
class RegisterPage:
    rows: list[Actor]
    count: int
    page: int
    num_pages: int
    query: RegisterQuery
    has_measures: bool
    start: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def register_queryset(village: Village, query: RegisterQuery, *, today: dt.date | None = None):
    """Actors of ``village`` matching ``query``'s search and filters (not sorted or paged)."""
    qs = with_latest_assessment(Actor.objects.filter(village=village)).annotate(
        welfare_rank=_rank("welfare", vocab.codes(vocab.WELFARE_RANKS)),
        status_rank=_rank("engagement__status", vocab.codes(vocab.ENGAGEMENT_STATUSES)),
    )
    if query.q:
        words = query.q.split()
        for w in words:
            qs = qs.filter(Q(name__icontains=w) | Q(code__icontains=w) | Q(position__icontains=w))
    if query.category:
        qs = qs.filter(category__code=query.category)
    if query.field:
        qs = qs.filter(fields__code=query.field)
    if query.hamlet:
        qs = (
            qs.filter(hamlet__isnull=True)
            if query.hamlet == "-"
            else qs.filter(hamlet__name=query.hamlet)
        )
    if query.welfare:
        qs = qs.filter(welfare=query.welfare)
    if query.stance:
        if query.stance == "unknown":
            qs = qs.filter(latest_stance__isnull=True)
        else:
            qs = qs.filter(latest_stance=int(query.stance))
    if query.status:
        status = Q(engagement__status=query.status)
        if query.status == "not_approached":
            status |= Q(engagement__isnull=True)
        qs = qs.filter(status)
    if query.scope == "stakeholders":
        qs = stakeholders(qs)
    elif query.scope == "households":
        qs = qs.filter(Q(kind="household") | Q(category__code="household"))
    elif query.scope == "facilitators":
        qs = qs.filter(is_facilitator=True)
    if query.assessed:
        cutoff = (today or dt.date.today()) - STALE_AFTER
        if query.assessed == "never":
            qs = qs.filter(latest_assessed__isnull=True)
        elif query.assessed == "stale":
            qs = qs.filter(latest_assessed__lt=cutoff)
        elif query.assessed == "recent":
            qs = qs.filter(latest_assessed__gte=cutoff)
    return qs


def stakeholders(qs: QuerySet[Actor]) -> QuerySet[Actor]:
    """Actors the facilitator approaches: not households, not program staff."""
    return (
        qs.exclude(kind="household")
        .exclude(category__code="household")
        .exclude(is_facilitator=True)
    )


def register_page(
    village: Village,
    query: RegisterQuery,
    *,
    page_size: int = PAGE_SIZE,
    today: dt.date | None = None,
) -> RegisterPage:
    """One page of the register; measure columns come from the cached engine result.

    Sorting by a measure is done in Python over the matching ids (a few thousand at most),
    then only the page's rows are fetched, so the cost does not grow with the page count.
    """
    qs = register_queryset(village, query, today=today)
    analysis = current_analysis(village)
    index = actor_index(analysis)
    sort = query.sort if (query.sort in DB_SORTS or query.sort in MEASURE_BY_KEY) else "name"
    if sort in MEASURE_BY_KEY and not index:
        sort = "name"
    query.sort = sort
    rows_qs = qs.select_related("category", "hamlet", "engagement").prefetch_related(
        Prefetch("fields", queryset=Field.objects.order_by("order", "code"))
    )
    if sort in MEASURE_BY_KEY:
        ids = list(qs.values_list("pk", flat=True))
        count = len(ids)
        ids.sort(key=lambda pk: _measure_key(index.get(str(pk)), sort, query.desc))
        num_pages = max(1, math.ceil(count / page_size))
        page = min(max(query.page, 1), num_pages)
        page_ids = ids[(page - 1) * page_size : page * page_size]
        by_pk = {a.pk: a for a in rows_qs.filter(pk__in=page_ids)}
        rows = [by_pk[pk] for pk in page_ids if pk in by_pk]
    else:
        count = qs.count()
        num_pages = max(1, math.ceil(count / page_size))
        page = min(max(query.page, 1), num_pages)
        order = DB_SORTS[sort]
        ordering = [f"-{order}" if query.desc else order, "name", "pk"]
        if sort in ("influence", "interest", "stance", "welfare", "status", "assessed", "hamlet"):
            # Empty values last whichever the direction.
            expr = F(order).desc(nulls_last=True) if query.desc else F(order).asc(nulls_last=True)
            ordering = [expr, "name", "pk"]
        rows = list(rows_qs.order_by(*ordering)[(page - 1) * page_size : page * page_size])
    for row in rows:
        row.measures = index.get(str(row.pk), {})
        row.status = engagement_status(row)
    query.page = page
    return RegisterPage(
        rows=rows,
        count=count,
        page=page,
        num_pages=num_pages,
        query=query,
        has_measures=bool(index),
        start=(page - 1) * page_size,
    )


def engagement_status(actor: Actor) -> str:
    """The actor's engagement status code (``not_approached`` when no plan exists yet)."""
    try:
        return actor.engagement.status
    except ObjectDoesNotExist:
        return "not_approached"


def _measure_key(row: dict | None, key: str, desc: bool) -> tuple:
    value = number(row.get(key)) if row else None
    if value is None:
        return (1, 0.0)
    return (0, -value if desc else value)


def filter_choices(village: Village) -> dict[str, list[tuple[Any, str]]]:
    """The options of the register's filters (codes and labels), for forms and the API;
    ``category_pk`` and ``hamlet_pk`` hold the same terms by primary key (bulk changes)."""
    categories = list(available(Category, village))
    hamlets = list(village.hamlets.all())
    return {
        "category": [(c.code, c.label) for c in categories],
        "field": [(f.code, f.label) for f in available(Field, village)],
        "hamlet": [(h.name, h.name) for h in hamlets],
        "category_pk": [(c.pk, c.label) for c in categories],
        "hamlet_pk": [(h.pk, h.name) for h in hamlets],
    }


# --------------------------------------------------------------------------- actor page


#: Ties listed per type on the actor page before "show all" (a big patron has thousands).
TIES_SHOWN = 25


@dataclass
class TieGroup:
    """The ties of one type around an actor: those going out, those coming in.

    ``outgoing`` and ``incoming`` hold the ties shown; ``total`` counts them all, ``hidden``
    how many are not listed (the page offers to show them).
    """

    type: TieType
    outgoing: list[Tie]
    incoming: list[Tie]
    total: int = 0
    hidden: int = 0

    @property
    def count(self) -> int:
        return self.total or len(self.outgoing) + len(self.incoming)


def _uuid_text(value: Any) -> str:
    """A raw id (hex string or UUID) as the canonical UUID text."""
    import uuid

    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


@dataclass(frozen=True)
class TieRef:
    """A tie in brief (ids only): enough to count, group and draw an actor's ties."""

    pk: Any
    type_id: Any
    source_id: Any
    target_id: Any
    directed: bool
    is_current: bool
    me: Any = None

    def other(self) -> Any:
        """The id of the other end (ids are raw: compare with ``me``)."""
        return self.target_id if self.source_id == self.me else self.source_id


def tie_refs(actor: Actor) -> list[TieRef]:
    """Every tie in and out of ``actor`` in brief, in display order (type, current first).

    Ids are as the database driver returns them (raw rows: a hub's thousands of ties would
    otherwise spend most of the page's time turning ids into UUID objects); compare them with
    ``TieRef.me``, the actor's own id in the same form, and pass them back to queries as they
    are.
    """
    from jejaring.analysis.mapdata import raw_rows

    # No village filter: the actor is the village's, and a filter on village makes SQLite scan
    # the village index instead of using the source and target indexes.
    rows = raw_rows(
        Tie.objects.filter(Q(source=actor) | Q(target=actor))
        .order_by("type__order", "type__code", "-is_current", "created_at")
        .values_list("pk", "type_id", "source_id", "target_id", "directed", "is_current")
    )
    me = None
    if rows:
        # The actor's own id in raw form: whichever end of its first tie it is.
        first = rows[0]
        me = first[2] if _uuid_text(first[2]) == str(actor.pk) else first[3]
    return [TieRef(pk, ty, s, t, bool(d), bool(c), me) for pk, ty, s, t, d, c in rows]


def ties_of(actor: Actor, *, pks=None) -> list[Tie]:
    """Ties of ``actor`` (all, or those in ``pks``) with type, both ends and their evidence."""
    qs = Tie.objects.filter(Q(source=actor) | Q(target=actor))
    if pks is not None:
        qs = Tie.objects.filter(pk__in=list(pks))
    return list(
        qs.select_related("type", "source", "target", "source__hamlet", "target__hamlet")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("informant", "discussion"),
            )
        )
        .order_by("type__order", "type__code", "-is_current", "created_at")
    )


def group_ties(
    actor: Actor,
    refs: list[TieRef],
    *,
    limit: int | None = TIES_SHOWN,
    expand: set[str] = frozenset(),
    types: dict | None = None,
) -> list[TieGroup]:
    """The actor's ties grouped by type, each split into outgoing and incoming.

    An undirected tie counts as outgoing from whichever end is ``actor``. At most ``limit``
    ties are listed per type (current ones first) unless the type's code is in ``expand``;
    only the listed ties are loaded in full, with their evidence (a patron may have thousands).
    """
    types = types or {str(t.pk): t for t in available(TieType, actor.village)}
    kept: list[Any] = []
    counts: dict[Any, int] = defaultdict(int)
    for ref in refs:
        key = _uuid_text(ref.type_id)
        counts[key] += 1
        code = types[key].code if key in types else ""
        if limit is None or code in expand or counts[key] <= limit:
            kept.append(ref.pk)
    groups: dict[Any, TieGroup] = {}
    for ref in refs:
        key = _uuid_text(ref.type_id)
        if key not in groups:
            groups[key] = TieGroup(types.get(key), [], [], total=counts[key])
    for tie in ties_of(actor, pks=kept):
        tie.other = tie.target if tie.source_id == actor.pk else tie.source
        tie.accounts = conflicting_attributes(tie)
        group = groups[str(tie.type_id)]
        if group.type is None:
            group.type = tie.type
        if tie.source_id == actor.pk or not tie.directed:
            group.outgoing.append(tie)
        else:
            group.incoming.append(tie)
    for group in groups.values():
        group.hidden = group.total - len(group.outgoing) - len(group.incoming)
    return list(groups.values())


def actor_profile(
    actor: Actor, *, expand: set[str] = frozenset(), limit: int | None = TIES_SHOWN
) -> dict:
    """Everything the actor page shows, for the page and its JSON twin.

    ``expand`` names tie types whose ties are all listed (others stop at ``limit``).
    """
    village = actor.village
    assessments = list(actor.assessments.select_related("rater").order_by("-date", "-created_at"))
    refs = tie_refs(actor)
    types = {str(t.pk): t for t in available(TieType, village)}
    groups = group_ties(actor, refs, limit=limit, expand=expand, types=types)
    discussions = discussions_with(actor)
    facts = list(actor.facts.select_related("discussion").order_by("-created_at"))
    analysis = current_analysis(village)
    measures = actor_index(analysis).get(str(actor.pk))
    return {
        "actor": actor,
        "assessments": assessments,
        "latest": latest_values(assessments),
        "tie_groups": groups,
        "tie_refs": refs,
        "tie_types": types,
        "tie_count": len(refs),
        "current_tie_count": sum(1 for r in refs if r.is_current),
        "discussions": discussions,
        "facts": facts,
        "measures": measures,
        "analysis": analysis,
    }


def discussions_with(actor: Actor) -> list[Discussion]:
    """Discussions the actor took part in, gave an account in, or that revealed a fact about
    them, newest first. Three indexed look-ups rather than one OR across three joins."""
    ids = set(
        Discussion.participants.through.objects.filter(actor=actor).values_list(
            "discussion_id", flat=True
        )
    )
    ids.update(
        Evidence.objects.filter(informant=actor, discussion__isnull=False).values_list(
            "discussion_id", flat=True
        )
    )
    ids.update(Fact.objects.filter(actor=actor).values_list("discussion_id", flat=True))
    return list(
        Discussion.objects.filter(village_id=actor.village_id, pk__in=ids).order_by(
            "-date", "-created_at"
        )
    )


def latest_values(assessments: list[Assessment]) -> dict[str, Any]:
    """The newest non-empty influence, interest and stance among ``assessments`` (newest
    first), each with the assessment it came from."""
    out: dict[str, Any] = {}
    for key in ("influence", "interest", "stance"):
        for a in assessments:
            value = getattr(a, key)
            if value is not None:
                out[key] = value
                out[f"{key}_from"] = a
                break
    return out


# --------------------------------------------------------------------------- tie accounts

#: Tie attributes an informant's account may report, in the order shown side by side.
ACCOUNT_FIELDS = (*REPORTED, "end_date")


def account_value_label(name: str, value: Any) -> str:
    """An attribute value as a reader sees it (vocabulary label, yes/no…)."""
    if value in (None, ""):
        return ""
    if name in ("start_date", "end_date"):
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        from django.utils.formats import date_format

        return date_format(day)
    if name == "exclusive":
        from django.utils.translation import gettext

        if isinstance(value, str):
            value = value.lower() in ("1", "true", "yes", "ya", "y")
        return gettext("Exclusive: cannot switch") if value else gettext("Can switch")
    choices = dict(Tie._meta.get_field(name).choices or []) if name in ACCOUNT_FIELDS else {}
    if value in choices:
        from django.utils.translation import gettext

        return gettext(str(choices[value]))
    return str(value)


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "ya"):
            return True
        if low in ("false", "no", "tidak"):
            return False
        return low
    return value


def conflicting_attributes(tie: Tie) -> list[str]:
    """Attributes on which the tie's accounts disagree (among the accounts that report them).

    Reads the prefetched ``tie.evidence``; two accounts that both give a value and give
    different ones disagree, an account that is silent on an attribute does not.
    """
    seen: dict[str, set] = defaultdict(set)
    for ev in tie.evidence.all():
        for name, value in (ev.reported or {}).items():
            if value not in (None, ""):
                seen[name].add(_normal(value))
    return [name for name in ACCOUNT_FIELDS if len(seen.get(name, ())) > 1]


def accounts_side_by_side(tie: Tie) -> dict:
    """The tie's accounts as columns and its attributes as rows, disagreements marked.

    Returns ``{"accounts": [Evidence], "rows": [{"name", "label", "recorded", "values":
    [str], "conflict": bool}]}``; only attributes that the tie or an account has appear.
    """
    accounts = list(tie.evidence.all())
    conflicts = set(conflicting_attributes(tie))
    rows = []
    for name in ACCOUNT_FIELDS:
        recorded = getattr(tie, name)
        values = [(ev.reported or {}).get(name) for ev in accounts]
        if recorded in (None, "") and all(v in (None, "") for v in values):
            continue
        rows.append(
            {
                "name": name,
                "label": Tie._meta.get_field(name).verbose_name,
                "recorded": account_value_label(name, recorded),
                "values": [account_value_label(name, v) for v in values],
                "conflict": name in conflicts,
            }
        )
    return {"accounts": accounts, "rows": rows, "conflicts": sorted(conflicts)}


def tie_detail(village: Village, tie: Tie) -> dict:
    tie = (
        Tie.objects.filter(village=village, pk=tie.pk)
        .select_related("type", "source", "target")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("informant", "discussion", "recorded_by"),
            )
        )
        .get()
    )
    return {"tie": tie, **accounts_side_by_side(tie)}


def ties_list(village: Village, *, evidence: str = "", type_code: str = "", current: str = "1"):
    """Ties of the village for the ties list (filter: without evidence, by type, past)."""
    qs = Tie.objects.filter(village=village).select_related("type", "source", "target")
    if current == "1":
        qs = qs.filter(is_current=True)
    elif current == "0":
        qs = qs.filter(is_current=False)
    if type_code:
        qs = qs.filter(type__code=type_code)
    if evidence == "none":
        qs = qs.filter(~Exists(Evidence.objects.filter(tie=OuterRef("pk"))))
    elif evidence == "conflict":
        qs = qs.annotate(n_ev=Count("evidence")).filter(n_ev__gte=2)
    return qs.order_by("type__order", "source__name", "target__name")


# --------------------------------------------------------------------------- discussions


def discussions_of(village: Village, *, q: str = "") -> QuerySet[Discussion]:
    qs = Discussion.objects.filter(village=village).annotate(
        n_participants=Count("participants", distinct=True),
        n_evidence=Count("evidence", distinct=True),
        n_facts=Count("facts", distinct=True),
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(notes__icontains=q))
    return qs.order_by("-date", "-created_at")


def discussion_detail(discussion: Discussion) -> dict:
    evidence = list(
        discussion.evidence.select_related(
            "tie", "tie__type", "tie__source", "tie__target", "informant"
        ).order_by("created_at")
    )
    return {
        "discussion": discussion,
        "participants": list(discussion.participants.select_related("category", "hamlet")),
        "evidence": evidence,
        "facts": list(discussion.facts.select_related("actor")),
    }


# --------------------------------------------------------------------------- autocomplete


def search_actors(village: Village, text: str, *, limit: int = 15) -> list[Actor]:
    """Actors whose name or id contains ``text``; names starting with it first."""
    text = text.strip()
    if not text:
        return []
    qs = Actor.objects.filter(village=village).filter(
        Q(name__icontains=text) | Q(code__icontains=text)
    )
    qs = qs.annotate(
        starts=Case(
            When(name__istartswith=text, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return list(qs.select_related("hamlet").order_by("starts", "name")[:limit])


# --------------------------------------------------------------------------- grid and Venn

#: Scale midpoint: at or above it influence / interest count as high on the grid.
GRID_HIGH = 3
QUADRANTS = (
    ("manage_closely", _("Manage closely"), _("High influence, high interest: involve fully.")),
    ("keep_satisfied", _("Keep satisfied"), _("High influence, low interest: keep them content.")),
    ("keep_informed", _("Keep informed"), _("Low influence, high interest: keep them informed.")),
    ("monitor", _("Monitor"), _("Low influence, low interest: watch, with little effort.")),
)


def quadrant(influence: int, interest: int) -> str:
    high_inf, high_int = influence >= GRID_HIGH, interest >= GRID_HIGH
    if high_inf and high_int:
        return "manage_closely"
    if high_inf:
        return "keep_satisfied"
    if high_int:
        return "keep_informed"
    return "monitor"


def grid_points(village: Village, *, category: str = "", hamlet: str = "") -> list[dict]:
    """Actors with a latest influence and interest, for the power–interest grid."""
    qs = with_latest_assessment(Actor.objects.filter(village=village)).filter(
        latest_influence__isnull=False, latest_interest__isnull=False
    )
    if category:
        qs = qs.filter(category__code=category)
    if hamlet:
        qs = qs.filter(hamlet__name=hamlet)
    points = []
    for a in qs.select_related("category", "hamlet").order_by("name"):
        points.append(
            {
                "actor": a,
                "id": str(a.pk),
                "name": a.name,
                "influence": a.latest_influence,
                "interest": a.latest_interest,
                "stance": a.latest_stance,
                "quadrant": quadrant(a.latest_influence, a.latest_interest),
                "assessed": a.latest_assessed,
            }
        )
    return points


def venn_institutions(village: Village) -> list[dict]:
    """Institutions and groups for the Venn (chapati) diagram.

    *Importance* is the latest influence assessment (0–5), or, when never assessed, the
    number of ties scaled to 0–5. *Closeness to the community* is the value recorded in the
    PRA session (attribute ``closeness``, 0–5) when present, else the number of households tied
    to the institution, scaled so that the institution reaching most households gets 5.
    """
    institutions = list(
        with_latest_assessment(
            Actor.objects.filter(village=village, kind__in=("institution", "group"))
        )
        .select_related("category")
        .order_by("name")
    )
    if not institutions:
        return []
    ids = [a.pk for a in institutions]
    households = Actor.objects.filter(village=village).filter(
        Q(kind="household") | Q(category__code="household")
    )
    ties = Tie.objects.filter(village=village, is_current=True).filter(
        Q(source__in=ids) | Q(target__in=ids)
    )
    wanted = set(ids)
    degree: dict[Any, int] = defaultdict(int)
    reached: dict[Any, set] = defaultdict(set)
    household_ids = set(households.values_list("pk", flat=True))
    for s, t in ties.values_list("source_id", "target_id"):
        for me, other in ((s, t), (t, s)):
            if me in wanted:
                degree[me] += 1
                if other in household_ids:
                    reached[me].add(other)
    max_degree = max([degree[i] for i in ids] or [0]) or 1
    max_reached = max([len(reached[i]) for i in ids] or [0]) or 1
    out = []
    for a in institutions:
        recorded = (a.attributes or {}).get("closeness")
        closeness = number(recorded)
        source = "recorded"
        if closeness is None:
            # Relative to the institution that reaches most households (which gets 5).
            closeness = round(5 * len(reached[a.pk]) / max_reached, 2)
            source = "ties"
        importance = a.latest_influence
        importance_source = "assessment"
        if importance is None:
            importance = round(5 * degree[a.pk] / max_degree, 2)
            importance_source = "ties"
        out.append(
            {
                "actor": a,
                "id": str(a.pk),
                "name": a.name,
                "importance": float(importance),
                "importance_source": importance_source,
                "closeness": max(0.0, min(5.0, float(closeness))),
                "closeness_source": source,
                "households_reached": len(reached[a.pk]),
                "stance": a.latest_stance,
            }
        )
    return out


def actors_by_ids(village: Village, ids) -> dict[str, Actor]:
    """``{str(pk): actor}`` for the ids (from an engine result) that belong to ``village``."""
    return {
        str(a.pk): a
        for a in Actor.objects.filter(village=village, pk__in=list(ids)).select_related(
            "hamlet", "category"
        )
    }
