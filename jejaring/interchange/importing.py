"""Importing checked actors and ties tables into a village: plan first, then write at once.

:meth:`TableImport.check` reads what the village holds (a handful of queries, never one per
row), matches every row to what it will create or update and reports problems; nothing is
written. :meth:`TableImport.apply` then writes everything with bulk operations inside the
caller's transaction, so a 100,000-tie file takes seconds and a failure leaves nothing behind.

Stable ids: an actor row is the actor with the same ``id`` (``Actor.code``, or an id it had
before a merge); a tie row is the tie with the same ``id`` (its code, or its UUID as exports
write it), else the current tie with the same source, target and type. Importing the same
file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from jejaring.actors.models import Actor, Assessment, Evidence, Tie, TieType
from jejaring.interchange import bulk, schema
from jejaring.interchange import progress as P
from jejaring.interchange.models import ActorAlias, NameReview
from jejaring.interchange.names import NameIndex
from jejaring.interchange.problems import Problems
from jejaring.interchange.records import ParsedTable, Record
from jejaring.interchange.terms import HamletIndex, TermIndex
from jejaring.villages.models import Village

NEW_TERM_MESSAGES = {
    "category": gettext_noop("new categories for this village: %(names)s"),
    "field": gettext_noop("new fields (bidang) for this village: %(names)s"),
    "type": gettext_noop("new tie types for this village: %(names)s"),
}

TIE_ATTNAMES = [f.attname for f in Tie._meta.concrete_fields]

#: Code of the tie type given to ties whose file says no type.
UNTYPED = "tie"
BATCH = 2000

ACTOR_TEXT_DEFAULTS = {
    "name": "",
    "rt": "",
    "rw": "",
    "gender": "",
    "welfare": "",
    "position": "",
    "contact": "",
    "notes": "",
    "kind": "person",
    "consent": "not_asked",
    "sensitive": False,
    "is_facilitator": False,
}
TIE_DEFAULTS = {
    "code": "",
    "form": "",
    "frequency": "",
    "attachment": "",
    "terms_set_by": "",
    "balance": "",
    "reciprocation": "",
    "confidence": "",
    "note": "",
    "is_current": True,
}


@dataclass
class Summary:
    """What an import did (or, before confirmation, will do)."""

    actors_created: int = 0
    actors_updated: int = 0
    actors_unchanged: int = 0
    ties_created: int = 0
    ties_updated: int = 0
    ties_unchanged: int = 0
    evidence_created: int = 0
    assessments_created: int = 0
    discussions_created: int = 0
    submissions_skipped: int = 0
    reviews_created: int = 0
    new_terms: dict[str, list[str]] = field(default_factory=dict)
    new_hamlets: list[str] = field(default_factory=list)
    name_matches: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class TableImport:
    """One import of an actors table and/or a ties table into ``village``."""

    def __init__(
        self,
        village: Village,
        actors: ParsedTable | None,
        ties: ParsedTable | None,
        problems: Problems,
        *,
        source: str = "",
        match_names: bool = True,
        user=None,
        today: dt.date | None = None,
        progress: P.ProgressFn = P.silent,
    ) -> None:
        self.village = village
        self.actors = actors
        self.ties = ties
        self.problems = problems
        self.source = source[:150]
        self.match_names = match_names
        self.user = user
        self.today = today or timezone.localdate()
        self.progress = progress
        self.summary = Summary()
        self.categories = TermIndex(village, "category")
        self.fields = TermIndex(village, "field")
        self.types = TermIndex(village, "type")
        self.hamlets = HamletIndex(village)
        # Filled by check():
        self.actor_id: dict[str, uuid.UUID] = {}
        self.new_actors: list[Actor] = []
        self.changed_actors: list[Actor] = []
        self.actor_changed_fields: set[str] = set()
        self.field_sets: dict[uuid.UUID, set[uuid.UUID]] = {}
        self.new_assessments: list[Assessment] = []
        self.new_ties: list[dict] = []
        self.changed_ties: list[Tie] = []
        self.tie_changed_fields: set[str] = set()
        self.new_evidence: list[Evidence] = []
        self.reviews: list[NameReview] = []
        self.checked = False

    # ------------------------------------------------------------------ check

    def check(self) -> Summary:
        """Plan the import and report problems; writes nothing."""
        self._load_actor_ids()
        if self.actors is not None:
            self._plan_actors()
        if self.ties is not None:
            self._plan_ties()
        if self.match_names and self.new_actors:
            self._plan_name_reviews()
        s = self.summary
        s.new_terms = {
            kind: [t.name for t in index.new.values()]
            for kind, index in (
                ("category", self.categories),
                ("field", self.fields),
                ("type", self.types),
            )
            if index.new
        }
        s.new_hamlets = [t.name for t in self.hamlets.new.values()]
        for kind, names in s.new_terms.items():
            self.problems.warn(
                NEW_TERM_MESSAGES[kind],
                names=", ".join(names[:10]) + (" …" if len(names) > 10 else ""),
            )
        self.checked = True
        return s

    def _load_actor_ids(self) -> None:
        rows = Actor.objects.filter(village=self.village).values_list("code", "id")
        aliases = ActorAlias.objects.filter(actor__village=self.village).exclude(code="")
        self.actor_id = dict(aliases.values_list("code", "actor_id"))
        self.actor_id.update(dict(rows))

    def _plan_actors(self) -> None:
        table = self.actors
        assert table is not None
        present = table.present
        # Whole-village queries rather than lists of ids: SQLite takes at most 32,766
        # parameters, and a village may have more actors than that.
        any_existing = any(r.code in self.actor_id for r in table.records)
        existing = (
            {a.pk: a for a in Actor.objects.filter(village=self.village)} if any_existing else {}
        )
        latest = (
            self._latest_assessments(existing)
            if present & {"influence", "interest", "stance"}
            else {}
        )
        current_fields = self._current_fields(existing) if "field" in present else {}
        total = len(table.records)
        done: set[str] = set()
        for n, record in enumerate(table.records, 1):
            if n % 500 == 0:
                self.progress(P.CHECKING, n, total)
            if not record.code or record.code in done:
                continue  # a repeated id is reported by the row check
            done.add(record.code)
            values = self._actor_values(record, present, table.label)
            pk = self.actor_id.get(record.code)
            if pk is None:
                actor = Actor(id=uuid.uuid4(), village=self.village, code=record.code)
                for name, default in ACTOR_TEXT_DEFAULTS.items():
                    setattr(actor, name, default)
                for name, value in values.items():
                    setattr(actor, name, value)
                actor.attributes = dict(record.attributes)
                self.actor_id[record.code] = actor.pk
                self.new_actors.append(actor)
                self.summary.actors_created += 1
                if "field" in present and record.values.get("field"):
                    self.field_sets[actor.pk] = self._field_ids(record, table.label)
                self._plan_assessment(actor.pk, record, None)
                continue
            actor = existing[pk]
            changed = {name for name, value in values.items() if getattr(actor, name) != value}
            attributes = {k: v for k, v in actor.attributes.items() if k not in record.cleared}
            attributes.update(record.attributes)
            if attributes != actor.attributes:
                changed.add("attributes")
                actor.attributes = attributes
            for name in changed - {"attributes"}:
                setattr(actor, name, values[name])
            other = False
            if "field" in present:
                wanted = self._field_ids(record, table.label)
                if wanted != current_fields.get(pk, set()):
                    self.field_sets[pk] = wanted
                    other = True
            other = self._plan_assessment(pk, record, latest.get(pk)) or other
            if changed:
                self.changed_actors.append(actor)
                self.actor_changed_fields |= changed
            if changed or other:
                self.summary.actors_updated += 1
            else:
                self.summary.actors_unchanged += 1

    def _actor_values(self, record: Record, present: set[str], label: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in present:
            col = schema.ACTOR_COL[name]
            if col.field is None or name == "id":
                continue
            value = record.values.get(name)
            if col.kind == schema.TERM:
                index = self.categories if name == "category" else self.hamlets
                values[f"{col.field}_id"] = (
                    index.resolve(value, record.row, label) if value else None
                )
            elif value is None:
                values[col.field] = ACTOR_TEXT_DEFAULTS.get(col.field)
            else:
                values[col.field] = value
        return values

    def _field_ids(self, record: Record, label: str) -> set[uuid.UUID]:
        return {self.fields.resolve(t, record.row, label) for t in record.values.get("field") or []}

    def _latest_assessments(self, actors: dict) -> dict[uuid.UUID, tuple]:
        latest: dict[uuid.UUID, tuple] = {}
        rows = (
            Assessment.objects.filter(actor__village=self.village)
            .order_by("actor_id", "-date", "-created_at")
            .values_list("actor_id", "influence", "interest", "stance")
        )
        for actor_id, *values in rows:
            latest.setdefault(actor_id, tuple(values))
        return latest

    def _current_fields(self, actors: dict) -> dict[uuid.UUID, set[uuid.UUID]]:
        through = Actor.fields.through
        out: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        for actor_id, field_id in through.objects.filter(actor__village=self.village).values_list(
            "actor_id", "field_id"
        ):
            out[actor_id].add(field_id)
        return out

    def _plan_assessment(self, actor_id, record: Record, latest: tuple | None) -> bool:
        values = tuple(record.values.get(k) for k in ("influence", "interest", "stance"))
        if all(v is None for v in values):
            return False
        if latest is not None and latest == values:
            return False
        self.new_assessments.append(
            Assessment(
                actor_id=actor_id,
                date=self.today,
                influence=values[0],
                interest=values[1],
                stance=values[2],
                rater=self.user,
                rater_name=self.source,
            )
        )
        self.summary.assessments_created += 1
        return True

    # ------------------------------------------------------------------ ties

    def _plan_ties(self) -> None:
        table = self.ties
        assert table is not None
        present = table.present
        existing = list(
            Tie.objects.filter(village=self.village).values_list(
                "id", "code", "source_id", "target_id", "type_id", "is_current"
            )
        )
        by_code = {code: pk for pk, code, *_ in existing if code}
        by_pk = {str(pk): pk for pk, *_ in existing}
        coded = {pk for pk, code, *_ in existing if code}
        type_directed = {
            t.pk: t.directed for t in TieType.objects.filter(pk__in={row[4] for row in existing})
        }
        by_key: dict[tuple, uuid.UUID] = {}
        past = [pk for pk, *_rest, current in existing if not current]
        for pk, _code, s, t, ty, current in existing:
            if current:
                by_key.setdefault((s, t, ty), pk)
                if not type_directed.get(ty, True):
                    by_key.setdefault((t, s, ty), pk)
        # A past tie is told apart from a current one of the same pair by its dates.
        past_ties = Tie.objects.filter(village=self.village, is_current=False)
        if not past:
            past_ties = past_ties.none()
        for pk, s, t, ty, start, end in past_ties.values_list(
            "id", "source_id", "target_id", "type_id", "start_date", "end_date"
        ):
            by_key.setdefault((s, t, ty, start, end), pk)
        planned = self._match_ties(table, by_code, by_pk, by_key, coded)
        self._build_ties(table, planned, present)

    def _match_ties(self, table, by_code, by_pk, by_key, coded) -> list[tuple]:
        """Per row: (record, source id, target id, type id, existing tie id or None, key)."""
        planned = []
        first_row_of: dict[tuple, int] = {}
        total = len(table.records)
        untyped = 0
        for n, record in enumerate(table.records, 1):
            if n % 2000 == 0:
                self.progress(P.CHECKING, n, total)
            v = record.values
            source = self._actor_ref(record, "source", table)
            target = self._actor_ref(record, "target", table)
            if source is None or target is None:
                continue
            type_text = v.get("type")
            if type_text:
                directed = v.get("directed")
                extra = {"directed": True if directed is None else directed}
                type_id = self.types.resolve(type_text, record.row, table.label, **extra)
            else:
                untyped += 1
                type_id = self.types.find(UNTYPED) or self.types.resolve(
                    UNTYPED, record.row, table.label, directed=True
                )
            match = None
            code = v.get("id")
            key: tuple = (source, target, type_id)
            if v.get("current") is False:
                key = (source, target, type_id, v.get("since"), v.get("until"))
            if code:
                match = by_code.get(code) or by_pk.get(code)
                if match is None:
                    candidate = by_key.get(key)
                    if candidate is not None and candidate not in coded:
                        match = candidate
            else:
                match = by_key.get(key)
                if key in first_row_of:
                    if v.get("informant"):
                        planned.append((record, source, target, type_id, ("row", key), key))
                    else:
                        self.problems.warn(
                            gettext_noop("the same tie as row %(first)s: this row is skipped"),
                            file=table.label,
                            row=record.row,
                            first=first_row_of[key],
                        )
                    continue
                first_row_of[key] = record.row
            planned.append((record, source, target, type_id, match, key))
        if untyped:
            self.problems.warn(
                gettext_noop("%(n)s ties have no type: they are recorded with the type '%(type)s'"),
                file=table.label,
                n=untyped,
                type=UNTYPED,
            )
        return planned

    def _actor_ref(self, record: Record, name: str, table: ParsedTable) -> uuid.UUID | None:
        code = record.values.get(name)
        if not code:
            return None
        pk = self.actor_id.get(code)
        if pk is None:
            self.problems.add(
                gettext_noop(
                    "unknown actor id %(value)s: it is neither in the actors table nor in "
                    "this village"
                ),
                file=table.label,
                row=record.row,
                column=table.headers.get(name, name),
                value=repr(code),
            )
        return pk

    def _build_ties(self, table: ParsedTable, planned: list[tuple], present: set[str]) -> None:
        matched_ids = {p[4] for p in planned if isinstance(p[4], uuid.UUID)}
        # Existing ties as plain rows: comparing 100,000 of them as model objects took 10 s.
        existing = (
            {r["id"]: r for r in Tie.objects.filter(village=self.village).values(*TIE_ATTNAMES)}
            if matched_ids
            else {}
        )
        known_evidence = (
            set(
                Evidence.objects.filter(tie__village=self.village).values_list(
                    "tie_id", "informant_name"
                )
            )
            if matched_ids and "informant" in present
            else set()
        )
        directed_of = {pk: t.directed for pk, t in self.types.terms.items()} | {
            t.id: t.extra.get("directed", True) for t in self.types.new.values()
        }
        tie_for_key: dict[tuple, uuid.UUID] = {}
        for record, source, target, type_id, match, key in planned:
            values = self._tie_values(record, present)
            if isinstance(match, tuple):  # a repeated row adding an informant's account
                tie_id = tie_for_key.get(match[1])
                if tie_id is not None:
                    self._plan_evidence(tie_id, record, known_evidence)
                continue
            if match is None:
                tie_id = uuid.uuid4()
                row = {
                    **TIE_DEFAULTS,
                    "id": tie_id,
                    "village_id": self.village.pk,
                    "source_id": source,
                    "target_id": target,
                    "type_id": type_id,
                    "directed": directed_of.get(type_id, True),
                    **values,
                    "attributes": dict(record.attributes),
                }
                self.new_ties.append(row)
                self.summary.ties_created += 1
            else:
                row = existing[match]
                values.update({"source_id": source, "target_id": target, "type_id": type_id})
                if "directed" not in present:
                    values.pop("directed", None)
                changed = {n for n, val in values.items() if row[n] != val}
                attributes = {k: v for k, v in row["attributes"].items() if k not in record.cleared}
                attributes.update(record.attributes)
                if attributes != row["attributes"]:
                    changed.add("attributes")
                if changed:
                    tie = Tie(**row)
                    for n in changed - {"attributes"}:
                        setattr(tie, n, values[n])
                    tie.attributes = attributes
                    self.changed_ties.append(tie)
                    self.tie_changed_fields |= changed
                    self.summary.ties_updated += 1
                else:
                    self.summary.ties_unchanged += 1
                tie_id = match
            tie_for_key.setdefault(key, tie_id)
            self._plan_evidence(tie_id, record, known_evidence)

    def _tie_values(self, record: Record, present: set[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in present:
            col = schema.TIE_COL[name]
            if col.field is None or col.kind == schema.TERM:
                continue
            value = record.values.get(name)
            if value is None:
                if name == "directed":
                    continue
                value = TIE_DEFAULTS.get(col.field)
            values[col.field] = value
        return values

    def _plan_evidence(self, tie_id, record: Record, known: set) -> None:
        informant = record.values.get("informant")
        if not informant or (tie_id, informant) in known:
            return
        known.add((tie_id, informant))
        reported = {
            k: (str(v) if not isinstance(v, str | int | float | bool) else v)
            for k, v in record.values.items()
            if k not in ("id", "source", "target", "informant", "note") and v not in (None, "")
        }
        self.new_evidence.append(
            Evidence(
                tie_id=tie_id,
                informant_id=self.actor_id.get(informant),
                informant_name=informant,
                confidence=record.values.get("confidence") or "",
                account=record.values.get("note") or "",
                reported=reported,
                recorded_by=self.user,
                external_id="table:"
                + hashlib.sha1(f"{tie_id}|{informant}".encode()).hexdigest()[:20],
            )
        )
        self.summary.evidence_created += 1

    # ------------------------------------------------------------------ names

    def _plan_name_reviews(self) -> None:
        """Open a review for each new actor whose name looks like an actor's already in the
        village, or (same name, or same name spelled differently) like another new actor's:
        two ids in one file with merely similar names are most often two people."""
        self.progress(P.MATCHING_NAMES, 0, len(self.new_actors))
        names = dict(Actor.objects.filter(village=self.village).values_list("id", "name"))
        existing = NameIndex(names.items())
        for alias in ActorAlias.objects.filter(actor__village=self.village).exclude(name=""):
            existing.add(("alias", alias.actor_id, alias.pk), alias.name)
        fresh = NameIndex()
        new_names: dict[uuid.UUID, str] = {}
        for n, actor in enumerate(self.new_actors, 1):
            found = existing.similar(actor.name) + fresh.similar(actor.name, threshold=0.9)
            seen: set = set()
            for match in sorted(found, key=lambda m: (-m.shared_titles, -m.score))[:5]:
                key, reason = match.key, match.reason
                if isinstance(key, tuple):
                    key, reason = key[1], "alias"
                if key in seen:
                    continue
                seen.add(key)
                self.reviews.append(
                    NameReview(
                        village=self.village,
                        actor_id=actor.pk,
                        candidate_id=key,
                        score=match.score,
                        reason=reason,
                        source=self.source,
                    )
                )
                if len(self.summary.name_matches) < 50:
                    self.summary.name_matches.append(
                        {
                            "name": actor.name,
                            "code": actor.code,
                            "like": names.get(key) or new_names.get(key, ""),
                            "score": match.score,
                        }
                    )
            fresh.add(actor.pk, actor.name)
            new_names[actor.pk] = actor.name
            if n % 500 == 0:
                self.progress(P.MATCHING_NAMES, n, len(self.new_actors))
        self.summary.reviews_created = len(self.reviews)

    # ------------------------------------------------------------------ apply

    def apply(self) -> Summary:
        """Write the plan. Call inside a transaction, after :meth:`check` found no errors."""
        assert self.checked and not self.problems.has_errors
        for index in (self.categories, self.fields, self.types):
            index.create_new()
        self.hamlets.create_new()
        self._write(Actor, [bulk.object_row(a) for a in self.new_actors], P.WRITING_ACTORS)
        if self.changed_actors:
            Actor.objects.bulk_update(
                self.changed_actors, sorted(self.actor_changed_fields), batch_size=500
            )
        self._write_fields()
        bulk.insert(Assessment, (bulk.object_row(a) for a in self.new_assessments))
        self._write(Tie, self.new_ties, P.WRITING_TIES)
        if self.changed_ties:
            Tie.objects.bulk_update(
                self.changed_ties, sorted(self.tie_changed_fields), batch_size=500
            )
        bulk.insert(Evidence, (bulk.object_row(e) for e in self.new_evidence))
        bulk.insert(NameReview, (bulk.object_row(r) for r in self.reviews))
        if (
            self.new_actors
            or self.changed_actors
            or self.new_ties
            or self.changed_ties
            or (self.new_assessments or self.field_sets)
        ):
            self.village.touch()
        return self.summary

    def _write(self, model, rows: list[dict], stage: str) -> None:
        total = len(rows)
        self.progress(stage, 0, total)
        bulk.insert(model, rows, progress=lambda n: self.progress(stage, n, total))

    def _write_fields(self) -> None:
        if not self.field_sets:
            return
        through = Actor.fields.through
        ids = list(self.field_sets)
        for start in range(0, len(ids), 900):
            through.objects.filter(actor_id__in=ids[start : start + 900]).delete()
        through.objects.bulk_create(
            [
                through(actor_id=actor_id, field_id=field_id)
                for actor_id, ids in self.field_sets.items()
                for field_id in ids
            ],
            batch_size=BATCH,
        )
