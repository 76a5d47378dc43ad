"""The whole village as one JSON document: backup, and moving a village between installations.

Which tables belong to a village is found by introspection, not listed: every model with a
``village`` foreign key, a ``VILLAGE_PATH``, or a foreign key to such a model (evidence → tie
→ village) is exported, so models other apps add later travel too. A test fails when a model
holding village data is neither exported nor named in :data:`EXCLUDED`.

Records keep their UUIDs; references to the built-in vocabulary are written as codes, to users
as usernames (re-linked on import when that user exists), to areas as Kemendagri codes.
Importing into an empty installation restores the village exactly, timestamps included;
importing into an installation that has the village updates records with the same UUID and
adds the others (nothing is deleted).
"""

from __future__ import annotations

import datetime as dt
import json as _json
import math
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from jejaring import __version__, vocab
from jejaring.interchange import progress as P
from jejaring.interchange.export import pseudonym, pseudonym_id
from jejaring.interchange.problems import ImportRejected, Problems
from jejaring.villages.models import Area, Village

FORMAT = "jejaring-village"
VERSION = 1
CONTENT_TYPE = "application/json"

#: The app whose records (circles of awareness) only members who can write may export.
CIRCLES_APP = "awareness"

#: Models that refer to a village but are not part of its data, and why.
EXCLUDED: dict[str, str] = {
    "villages.membership": "who may use a village belongs to each installation",
    "analysis.analysiscache": "recomputed from the data on demand",
    "reports.villagerollup": "the supervisor's row, recomputed from the data by the workers",
    "interchange.importjob": "an upload waiting for confirmation, not village data",
    "jobs.job": "this installation's background work (analyses, imports), not village data",
    "audit.change": "the history of changes stays with the installation's administrators",
    "sync.link": "what this installation exchanged with a peer belongs to each installation",
    "sync.recordbase": "the last synchronised content, kept by each installation",
    "sync.conflict": "conflicts are resolved on each installation, then synchronised",
    "sync.synclog": "who synchronised belongs to each installation",
}

#: Character fields holding names or free text, blanked in pseudonymised exports (text fields
#: are blanked in every model).
PRIVATE_FIELDS: dict[str, set[str]] = {
    "actors.actor": {"position", "contact", "rt", "rw"},
    "actors.assessment": {"rater_name"},
    "actors.evidence": {"informant_name"},
    "actors.discussion": {"place", "title", "external_id"},
    "engagement.contact": {"who_goes"},
    "change.commitmentevent": {"recorded_by_name"},
    "engagement.meeting": {"place", "title"},
    "engagement.agendaitem": {"title"},
    "interchange.actoralias": {"code", "name"},
    "interchange.namereview": {"source"},
    # A circle's name says whose clients its members are ("Klien Haji Slamet"); its proposal
    # key holds the patron's real id (issue 15: circles never leave with names).
    "awareness.circle": {"name", "hamlet", "proposal_key"},
    "awareness.session": {"venue"},
}

#: A reference to a record in neither the file nor the village (sync names the record instead).
MISSING_REFERENCE = gettext_noop(
    "refers to %(model)s %(value)s, which is neither in this file nor in this village"
)


def model_key(model) -> str:
    return model._meta.label_lower


def _fk_fields(model) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def village_models() -> list[tuple[type[models.Model], str]]:
    """``(model, path to the village)`` of every model holding village data, referenced
    models before the models referring to them."""
    paths: dict[type, str] = {}
    candidates = [m for m in apps.get_models() if m is not Village and not m._meta.auto_created]
    for m in candidates:
        declared = getattr(m, "VILLAGE_PATH", None)
        if declared:
            paths[m] = declared
        elif any(f.name == "village" and f.related_model is Village for f in _fk_fields(m)):
            paths[m] = "village"
    changed = True
    while changed:
        changed = False
        for m in candidates:
            if m in paths:
                continue
            for f in sorted(_fk_fields(m), key=lambda f: f.null):
                if f.related_model in paths:
                    paths[m] = f"{f.name}__{paths[f.related_model]}"
                    changed = True
                    break
    found = [m for m in paths if model_key(m) not in EXCLUDED]
    return [(m, paths[m]) for m in _topological(found)]


def _topological(found: list[type]) -> list[type]:
    order: list[type] = []
    state: dict[type, int] = {}

    def visit(m: type) -> None:
        if state.get(m) == 2:
            return
        if state.get(m) == 1:
            raise RuntimeError(f"reference cycle through {model_key(m)}")
        state[m] = 1
        for f in _fk_fields(m):
            target = f.related_model
            if target in found and target is not m:
                visit(target)
        for f in m._meta.many_to_many:
            if f.related_model in found and f.related_model is not m:
                visit(f.related_model)
        state[m] = 2
        order.append(m)

    for m in sorted(found, key=model_key):
        visit(m)
    return order


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def _is_builtin_vocab(model) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    village = next((f for f in _fk_fields(model) if f.name == "village"), None)
    return "code" in names and village is not None and village.null


class _Refs:
    """Turns foreign keys into portable references and back."""

    def __init__(self, village: Village, exported: set[type]) -> None:
        self.village = village
        self.exported = exported
        self.builtin_codes: dict[type, dict] = {}
        self.users: dict[Any, str] = {}

    def out(self, field: models.Field, pk) -> Any:
        if pk is None:
            return None
        target = field.related_model
        if target is get_user_model():
            if pk not in self.users:
                self.users[pk] = (
                    target.objects.filter(pk=pk)
                    .values_list(target.USERNAME_FIELD, flat=True)
                    .first()
                    or ""
                )
            return {"user": self.users[pk]} if self.users[pk] else None
        if target is Area:
            return {"area": Area.objects.filter(pk=pk).values_list("code", flat=True).first()}
        if target in self.exported and _is_builtin_vocab(target):
            if target not in self.builtin_codes:
                self.builtin_codes[target] = dict(
                    target.objects.filter(village__isnull=True).values_list("pk", "code")
                )
            codes = self.builtin_codes[target]
            if pk in codes:
                return {"builtin": codes[pk]}
        return str(pk)


def export_village(
    village: Village,
    *,
    pseudonymize: bool = False,
    progress: P.ProgressFn = P.silent,
    circles: bool = True,
) -> dict[str, Any]:
    """The village and every record that belongs to it (``circles=False``: without the
    circles of awareness, their members, sessions and progress, for readers who may not see
    them)."""
    listed = village_models()
    exported = {m for m, _ in listed}
    refs = _Refs(village, exported)
    records: dict[str, list[dict]] = {}
    for n, (model, path) in enumerate(listed, 1):
        progress(P.WRITING_RECORDS, n - 1, len(listed))
        if not circles and model._meta.app_label == CIRCLES_APP:
            records[model_key(model)] = []
            continue
        qs = model._default_manager.filter(**{path: village}).order_by("pk")
        m2m = [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
        if m2m:
            qs = qs.prefetch_related(*[f.name for f in m2m])
        rows = [_record(obj, model, refs, m2m) for obj in qs]
        if pseudonymize:
            rows = [_pseudonymize(village, model, r) for r in rows]
        records[model_key(model)] = rows
    progress(P.WRITING_RECORDS, len(listed), len(listed))
    if pseudonymize:
        _withhold(records, listed, _withheld_actors(village))
    village_row = _record(village, Village, refs, [])
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "jejaring": __version__,
        "exported_at": timezone.now().isoformat(),
        "pseudonymized": pseudonymize,
        "village": village_row,
        "users": sorted({u for u in refs.users.values() if u}) if not pseudonymize else [],
        "records": records,
    }
    if pseudonymize:
        _pseudonymize_ids(village, doc)
    return doc


def _pseudonymize_ids(village: Village, doc: dict) -> None:
    """A shared file must not lead back to the village or aim at its records: every id
    becomes a keyed pseudonym (stable between exports of this installation, meaningless
    without its secret key), the village is renamed after its pseudonym and loses its area
    and texts, hamlets are numbered."""
    _remap_ids(doc, lambda pk: pseudonym_id(village, pk))
    code = pseudonym(village, village.pk)
    row = doc["village"]
    for f in Village._meta.concrete_fields:
        if isinstance(f, models.TextField) or f.name in ("source_license",):
            row[f.name] = ""
    row.update(slug=f"desa-{code.lower()}", name=f"Desa {code}", area=None)
    for key, label in (
        ("villages.hamlet", "Dusun"),
        ("engagement.forum", "Forum"),
        ("awareness.circle", "Lingkar"),
    ):
        rows = sorted(doc["records"].get(key, []), key=lambda r: r["id"])
        for n, named in enumerate(rows, 1):
            named["name"] = f"{label} {n}"
            if "code" in named:
                named["code"] = ""


def _withheld_actors(village: Village) -> set[str]:
    """Actors left out of anything shared outside the team: marked sensitive, or who refused
    consent."""
    from django.db.models import Q

    from jejaring.actors.models import Actor

    qs = Actor.objects.filter(village=village).filter(
        Q(sensitive=True) | Q(consent=Actor.Consent.REFUSED)
    )
    return {str(pk) for pk in qs.values_list("pk", flat=True)}


def _withhold(records: dict[str, list[dict]], listed, actor_ids: set[str]) -> None:
    """Remove the withheld actors from a pseudonymised export as deleting them would: rows
    that depend on them (CASCADE) go too, references that may be empty (SET_NULL) are
    emptied, many-to-many lists lose them. Repeated until nothing more changes (a tie's
    evidence goes with the tie)."""
    from jejaring.actors.models import Actor

    removed: dict[str, set[str]] = {model_key(Actor): set(actor_ids)}
    changed = bool(actor_ids)
    while changed:
        changed = False
        for model, _ in listed:
            key = model_key(model)
            gone = removed.setdefault(key, set())
            kept = []
            for row in records.get(key, []):
                if row["id"] in gone:
                    continue
                drop = False
                for f in _fk_fields(model):
                    target = removed.get(model_key(f.related_model))
                    value = row.get(f.name)
                    if target and isinstance(value, str) and value in target:
                        if f.remote_field.on_delete is models.SET_NULL:
                            row[f.name] = None
                        else:
                            drop = True
                for f in model._meta.many_to_many:
                    target = removed.get(model_key(f.related_model))
                    if target and isinstance(row.get(f.name), list):
                        row[f.name] = [v for v in row[f.name] if v not in target]
                if drop:
                    gone.add(row["id"])
                    changed = True
                else:
                    kept.append(row)
            records[key] = kept


#: Fields of this installation only, never exported: a record's edit counter
#: (jejaring.core.versions) counts the saves made here; another installation counts its own.
LOCAL_FIELDS = frozenset({"version"})


def _record(obj, model, refs: _Refs, m2m: list) -> dict[str, Any]:
    row: dict[str, Any] = {"id": str(obj.pk)}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in LOCAL_FIELDS:
            continue
        if isinstance(f, models.ForeignKey):
            if f.related_model is Village and model is not Village:
                continue
            row[f.name] = refs.out(f, getattr(obj, f.attname))
        else:
            row[f.name] = _plain(f.value_from_object(obj))
    for f in m2m:
        builtin = _is_builtin_vocab(f.related_model)
        values = [
            ({"builtin": o.code} if builtin and o.village_id is None else str(o.pk))
            for o in getattr(obj, f.name).all()
        ]
        row[f.name] = sorted(values, key=_json.dumps)
    return row


def _pseudonymize(village: Village, model, row: dict) -> dict:
    key = model_key(model)
    private = PRIVATE_FIELDS.get(key, set())
    for f in model._meta.concrete_fields:
        if f.name not in row:
            continue
        if isinstance(f, models.TextField) or f.name in private:
            row[f.name] = "" if not f.null else None
        elif isinstance(f, models.ForeignKey) and f.related_model is get_user_model():
            row[f.name] = None
    if key == "actors.actor":
        row["code"] = row["name"] = pseudonym(village, row["id"])
        row["attributes"] = {
            k: v
            for k, v in (row.get("attributes") or {}).items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        }
    if key == "actors.tie":
        row["code"] = pseudonym(village, row["id"]) if row.get("code") else ""
        row["attributes"] = {}
    if key == "actors.evidence":
        row["reported"] = {
            k: v for k, v in (row.get("reported") or {}).items() if k != "reciprocation"
        }
    if key == "analysis.snapshot":
        row["data"] = {}
    return row


def dumps(data: dict) -> bytes:
    return _json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


# --------------------------------------------------------------------------- import


def loads(data: bytes, label: str, problems: Problems) -> dict | None:
    """The parsed document, or None with a problem naming the line of a syntax error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(gettext_noop("the JSON file is not UTF-8 text"), file=label)
        return None
    try:
        doc = _json.loads(text)
    except _json.JSONDecodeError as exc:
        problems.add(
            gettext_noop("this is not valid JSON (%(reason)s)"),
            file=label,
            row=exc.lineno,
            column=str(exc.colno),
            reason=exc.msg,
        )
        return None
    except RecursionError:
        problems.add(
            gettext_noop("this is not valid JSON (%(reason)s)"), file=label, reason="too deep"
        )
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        problems.add(gettext_noop("this is not a Jejaring village export"), file=label)
        return None
    if doc.get("version") != VERSION:
        problems.add(
            gettext_noop(
                "this export has version %(version)s; this Jejaring reads version %(expected)s"
            ),
            file=label,
            version=doc.get("version"),
            expected=VERSION,
        )
        return None
    if not isinstance(doc.get("village"), dict) or not isinstance(doc.get("records"), dict):
        problems.add(gettext_noop("this is not a Jejaring village export"), file=label)
        return None
    return doc


def _json_kind(field: models.JSONField) -> type | None:
    default = field.default
    if default is dict or isinstance(default, dict):
        return dict
    if default is list or isinstance(default, list):
        return list
    return None


_INT_LIMIT = 2**63 - 1


def _finite(value: Any, depth: int = 0) -> bool:
    """No NaN, no infinity, no integer beyond 64 bits anywhere in ``value``: databases refuse
    them (PostgreSQL's JSON, SQLite's INTEGER) and pages cannot show them."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -_INT_LIMIT <= value <= _INT_LIMIT
    if isinstance(value, float):
        return math.isfinite(value)
    if depth > 50:
        return False
    if isinstance(value, dict):
        return all(_finite(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v, depth + 1) for v in value)
    return True


def _wrong_type(field: models.Field, value: Any) -> str | None:
    """Why ``value`` cannot be what the exporter writes for ``field`` (None: it can).

    The export's schema is the models' own fields: text as strings, numbers as numbers,
    flags as true/false, times as ISO strings, JSON fields as the kind of their default. A
    value of another type would be coerced into nonsense ("[1, 2]" as a name) or break the
    pages that read it, so it is refused with its record and field named."""
    if value is None:
        return None if field.null else gettext_noop("must not be empty (null)")
    if not _finite(value):
        return gettext_noop("holds a number that is not finite or too large: %(value)s")
    if isinstance(field, models.JSONField):
        kind = _json_kind(field)
        if kind is dict and not isinstance(value, dict):
            return gettext_noop("must be an object ({…}), not %(value)s")
        if kind is list and not isinstance(value, list):
            return gettext_noop("must be a list ([…]), not %(value)s")
        return None
    if isinstance(field, models.BooleanField):
        return (
            None
            if isinstance(value, bool)
            else gettext_noop("must be true or false, not %(value)s")
        )
    if isinstance(field, models.IntegerField | models.AutoField):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else gettext_noop("must be a whole number, not %(value)s")
    if isinstance(field, models.FloatField | models.DecimalField):
        ok = isinstance(value, int | float | str) and not isinstance(value, bool)
        return None if ok else gettext_noop("must be a number, not %(value)s")
    if isinstance(
        field,
        models.CharField
        | models.TextField
        | models.DateField
        | models.TimeField
        | models.UUIDField
        | models.DurationField,
    ):
        return None if isinstance(value, str) else gettext_noop("must be text, not %(value)s")
    return None


class VillageRestore:
    """Restore (or update) a village from an export, in one transaction."""

    def __init__(self, doc: dict, label: str, problems: Problems, *, created: bool = False) -> None:
        self.doc = doc
        self.created = created
        self.label = label
        self.problems = problems
        self.listed = village_models()
        self.by_key = {model_key(m): m for m, _ in self.listed}
        self.counts: dict[str, int] = {}
        self.users = (
            {
                u.get_username(): u.pk
                for u in get_user_model().objects.filter(
                    **{f"{get_user_model().USERNAME_FIELD}__in": doc.get("users") or []}
                )
            }
            if isinstance(doc.get("users"), list)
            else {}
        )
        self.missing_users: set[str] = set()
        self.writing = ""
        self.builtin: dict[type, dict[str, Any]] = {}

    # -------------------------------------------------------------- references

    def _ref(self, field: models.Field, value: Any, where: dict) -> tuple[bool, Any]:
        """``(ok, pk)`` of a reference written by :meth:`_Refs.out`."""
        if value is None:
            return True, None
        target = field.related_model
        if isinstance(value, dict):
            if "user" in value and target is get_user_model():
                pk = self.users.get(str(value["user"]))
                if pk is None:
                    self.missing_users.add(str(value["user"]))
                return True, pk
            if "area" in value and target is Area:
                from jejaring.villages.areas import ensure_area

                try:
                    area = ensure_area(str(value["area"])) if value["area"] else None
                except Exception:
                    area = None
                return True, area.pk if area else None
            if "builtin" in value and _is_builtin_vocab(target):
                if target not in self.builtin:
                    self.builtin[target] = dict(
                        target.objects.filter(village__isnull=True).values_list("code", "pk")
                    )
                codes = self.builtin[target]
                pk = codes.get(str(value["builtin"]))
                if pk is None:
                    self._bad(
                        where,
                        field.name,
                        gettext_noop("unknown built-in term %(value)s"),
                        value=repr(value["builtin"]),
                    )
                    return False, None
                return True, pk
        try:
            return True, uuid.UUID(str(value))
        except (ValueError, AttributeError, TypeError):
            self._bad(
                where,
                field.name,
                gettext_noop("not a valid reference: %(value)s"),
                value=repr(value)[:60],
            )
            return False, None

    def _bad(self, where: dict, column: str, message: str, **params) -> None:
        self.problems.add(
            message,
            file=f"{self.label}, {where['model']}",
            row=where["row"],
            column=column,
            **params,
        )

    # -------------------------------------------------------------- check and build

    def build(self, village: Village) -> list[tuple[type, list, list, dict]]:
        """Per model: (model, objects to create, objects to update, m2m values by pk)."""
        records = self.doc["records"]
        for key in records:
            if key not in self.by_key:
                self.problems.warn(
                    gettext_noop(
                        "records of %(model)s are not known to this version and are skipped"
                    ),
                    file=self.label,
                    model=key,
                )
        self._check_users(village)
        parsed: dict[type, tuple[list, dict]] = {}
        for model, _path in self.listed:
            rows = records.get(model_key(model)) or []
            if not isinstance(rows, list):
                self.problems.add(
                    gettext_noop("this is not a Jejaring village export"), file=self.label
                )
                continue
            parsed[model] = self._objects(model, rows, village)
        self._check_references(village, parsed)
        plan = []
        for model, path in self.listed:
            if model not in parsed:
                continue
            objs, m2m = parsed[model]
            ids = [o.pk for o in objs]
            existing = (
                set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
                if ids
                else set()
            )
            if existing:
                mine = set(
                    model._default_manager.filter(pk__in=existing, **{path: village}).values_list(
                        "pk", flat=True
                    )
                )
                for pk in existing - mine:
                    self.problems.add(
                        gettext_noop(
                            "record %(id)s belongs to another village on this installation"
                        ),
                        file=f"{self.label}, {model_key(model)}",
                        id=str(pk),
                    )
            create = [o for o in objs if o.pk not in existing]
            update = self._changed(model, [o for o in objs if o.pk in existing], village)
            plan.append((model, create, update, m2m))
        self._check_actor_codes(village, plan)
        return plan

    def _check_users(self, village: Village) -> None:
        """Users named in the file are linked only when they are members of the target
        village (or, for a village this import creates, when they exist here): a file must not
        attribute records to someone who has no part in the village."""
        if self.created or not self.users:
            return
        from jejaring.villages.models import Membership

        members = set(
            Membership.objects.filter(village=village, user__in=self.users.values()).values_list(
                "user_id", flat=True
            )
        )
        outsiders = {name for name, pk in self.users.items() if pk not in members}
        if outsiders:
            self.problems.warn(
                gettext_noop(
                    "these users are not members of this village and are left out: %(users)s"
                ),
                file=self.label,
                users=", ".join(sorted(outsiders)[:20]),
            )
            self.users = {k: v for k, v in self.users.items() if k not in outsiders}

    def _check_references(self, village: Village, parsed: dict[type, tuple[list, dict]]) -> None:
        """Every reference to village data resolves inside the same file or inside the target
        village (built-in vocabulary excepted). One check for every model, so a record of
        another village can be neither written to nor read through an import."""
        paths = dict(self.listed)
        incoming = {model: {o.pk for o in objs} for model, (objs, _m2m) in parsed.items()}
        wanted: dict[type, set] = defaultdict(set)
        uses: list[tuple[str, int, str, type, Any]] = []
        for model, (objs, m2m) in parsed.items():
            fks = [f for f in _fk_fields(model) if f.related_model in paths]
            many = [
                f
                for f in model._meta.many_to_many
                if f.related_model in paths and f.remote_field.through._meta.auto_created
            ]
            for obj in objs:
                refs = [(f.name, f.related_model, getattr(obj, f.attname)) for f in fks]
                for f in many:
                    refs += [(f.name, f.related_model, pk) for pk in m2m[obj.pk].get(f.name, [])]
                for name, target, pk in refs:
                    if pk is None or pk in incoming.get(target, ()):
                        continue
                    wanted[target].add(pk)
                    uses.append((model_key(model), obj._row, name, target, pk))
        found: dict[type, set] = {}
        for target, pks in wanted.items():
            scope = Q(**{paths[target]: village})
            if _is_builtin_vocab(target):
                scope |= Q(village__isnull=True)
            ids = list(pks)
            found[target] = set()
            for start in range(0, len(ids), 2000):
                found[target] |= set(
                    target._default_manager.filter(
                        scope, pk__in=ids[start : start + 2000]
                    ).values_list("pk", flat=True)
                )
        for key, row, name, target, pk in uses:
            if pk not in found[target]:
                self._bad(
                    {"model": key, "row": row},
                    name,
                    MISSING_REFERENCE,
                    model=model_key(target),
                    value=str(pk),
                )

    def _objects(self, model, rows: list, village: Village) -> tuple[list, dict]:
        key = model_key(model)
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        m2m_fields = [
            f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created
        ]
        objs, m2m = [], {}
        unknown: set[str] = set()
        for n, row in enumerate(rows, start=1):
            where = {"model": key, "row": n}
            if not isinstance(row, dict):
                self._bad(where, "", gettext_noop("a record must be an object"))
                continue
            try:
                pk = uuid.UUID(str(row.get("id")))
            except (ValueError, TypeError, AttributeError):
                self._bad(
                    where,
                    "id",
                    gettext_noop("not a valid id: %(value)s"),
                    value=repr(row.get("id"))[:60],
                )
                continue
            obj = model(pk=pk)
            obj._row = n
            ok = True
            fk_names = []
            for f in fields:
                if isinstance(f, models.ForeignKey):
                    fk_names.append(f.name)
                    if f.related_model is Village:
                        setattr(obj, f.attname, village.pk)
                        continue
                    good, value = self._ref(f, row.get(f.name), where)
                    ok = ok and good
                    setattr(obj, f.attname, value)
                    continue
                if f.name not in row:
                    continue
                wrong = _wrong_type(f, row[f.name])
                if wrong:
                    self._bad(where, f.name, wrong, value=repr(row[f.name])[:60])
                    ok = False
                    continue
                try:
                    setattr(obj, f.attname, f.to_python(row[f.name]))
                except (ValidationError, ValueError, TypeError, OverflowError):
                    self._bad(
                        where,
                        f.name,
                        gettext_noop("not a valid value: %(value)s"),
                        value=repr(row[f.name])[:60],
                    )
                    ok = False
            if key == "actors.tie" and isinstance(row.get("type"), dict):
                # Backups written before raw material had a form of its own (vocab.current_form).
                obj.form = vocab.current_form(str(row["type"].get("builtin", "")), obj.form)
            unknown |= set(row) - {f.name for f in fields} - {f.name for f in m2m_fields} - {"id"}
            if ok:
                try:
                    obj.clean_fields(exclude=[*fk_names, "id", "created_at", "updated_at"])
                except ValidationError as exc:
                    for name, messages in exc.message_dict.items():
                        self._bad(
                            where,
                            name,
                            gettext_noop("not a valid value: %(value)s"),
                            value="; ".join(str(m) for m in messages)[:120],
                        )
                    ok = False
            values = {}
            for f in m2m_fields:
                refs = row.get(f.name)
                refs = [] if refs is None else refs
                if not isinstance(refs, list):
                    self._bad(
                        where,
                        f.name,
                        gettext_noop("not a valid value: %(value)s"),
                        value=repr(refs)[:60],
                    )
                    ok = False
                    continue
                ids = []
                for ref in refs:
                    good, value = self._ref(f, ref, where)
                    ok = ok and good
                    if value is not None:
                        ids.append(value)
                values[f.name] = ids
            if ok:
                obj._restore_times = (row.get("created_at"), row.get("updated_at"))
                obj._raw = row
                objs.append(obj)
                m2m[pk] = values
        if unknown:
            self.problems.warn(
                gettext_noop(
                    "fields %(fields)s of %(model)s are not known to this version and are skipped"
                ),
                file=self.label,
                fields=", ".join(sorted(unknown)[:10]),
                model=key,
            )
        return objs, m2m

    def _changed(self, model, objs: list, village: Village) -> list:
        """The objects whose exported form differs from what the database holds: importing
        the same export twice writes nothing the second time."""
        if not objs:
            return []
        refs = _Refs(village, {m for m, _ in self.listed})
        m2m = [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
        qs = model._default_manager.filter(pk__in=[o.pk for o in objs])
        if m2m:
            qs = qs.prefetch_related(*[f.name for f in m2m])
        current = {o.pk: _record(o, model, refs, m2m) for o in qs}
        out = []
        for obj in objs:
            now = current.get(obj.pk, {})
            if any(now.get(k) != v for k, v in obj._raw.items() if k in now):
                out.append(obj)
        return out

    def _check_actor_codes(self, village: Village, plan: list) -> None:
        from jejaring.actors.models import Actor

        for model, create, update, _m2m in plan:
            if model is not Actor:
                continue
            taken = dict(Actor.objects.filter(village=village).values_list("code", "pk"))
            seen: dict[str, Any] = {}
            for obj in create + update:
                other = taken.get(obj.code)
                if (other is not None and other != obj.pk) or obj.code in seen:
                    self.problems.add(
                        gettext_noop(
                            "the actor id %(value)s is already used by another actor of the village"
                        ),
                        file=f"{self.label}, actors.actor",
                        column="code",
                        value=repr(obj.code),
                    )
                seen[obj.code] = obj.pk

    def write(self, plan: list, progress: P.ProgressFn) -> None:
        total = sum(len(c) + len(u) for _, c, u, _ in plan)
        done = 0
        for model, create, update, m2m in plan:
            self.writing = model_key(model)
            if create:
                for start in range(0, len(create), 1000):
                    model._default_manager.bulk_create(create[start : start + 1000])
                self._restore_times(model, create)
            if update:
                names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
                model._default_manager.bulk_update(update, names, batch_size=300)
            for f in model._meta.many_to_many:
                if not f.remote_field.through._meta.auto_created or not m2m:
                    continue
                through = f.remote_field.through
                src = f.m2m_field_name()
                dst = f.m2m_reverse_field_name()
                through.objects.filter(**{f"{src}__in": list(m2m)}).delete()
                through.objects.bulk_create(
                    [
                        through(**{f"{src}_id": pk, f"{dst}_id": other})
                        for pk, values in m2m.items()
                        for other in dict.fromkeys(values.get(f.name, []))
                    ],
                    batch_size=1000,
                )
            self.counts[model_key(model)] = len(create) + len(update)
            done += len(create) + len(update)
            progress(P.WRITING_RECORDS, done, total)

    @staticmethod
    def _restore_times(model, objs: list) -> None:
        """bulk_create stamps "now" on auto_now fields; put back the exported times.

        One parameterised UPDATE run for all rows (``executemany``): Django's bulk_update
        builds a CASE expression per row, a hundred times slower for a whole village.
        """
        from django.db import connection

        stamped = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add)
        ]
        if not stamped:
            return
        rows = []
        for obj in objs:
            given = dict(
                zip(
                    ("created_at", "updated_at"),
                    getattr(obj, "_restore_times", (None, None)),
                    strict=True,
                )
            )
            values = []
            for f in stamped:
                try:
                    value = f.to_python(given.get(f.name)) or getattr(obj, f.attname)
                except ValidationError:
                    value = getattr(obj, f.attname)
                setattr(obj, f.attname, value)
                values.append(f.get_db_prep_value(value, connection))
            pk = model._meta.pk
            rows.append([*values, pk.get_db_prep_value(obj.pk, connection)])
        quote = connection.ops.quote_name
        sets = ", ".join(f"{quote(f.column)} = %s" for f in stamped)
        sql = (
            f"UPDATE {quote(model._meta.db_table)} SET {sets} "
            f"WHERE {quote(model._meta.pk.column)} = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def import_village(
    data: bytes | dict,
    *,
    village: Village | None = None,
    slug: str | None = None,
    label: str = "village.json",
    dry_run: bool = False,
    progress: P.ProgressFn = P.silent,
) -> tuple[Village | None, dict[str, int], Problems]:
    """Restore a village export into ``village`` (or the village with the export's UUID, or a
    new one with ``slug``). Raises :class:`ImportRejected` on errors; writes nothing then."""
    problems = Problems()
    doc = data if isinstance(data, dict) else loads(data, label, problems)
    if doc is None:
        raise ImportRejected(problems)
    info = doc["village"]
    try:
        village_id = uuid.UUID(str(info.get("id")))
    except (ValueError, TypeError):
        village_id = None
    with transaction.atomic():
        created = False
        if village is None and slug and village_id:
            if Village.objects.filter(pk=village_id).exclude(slug=slug).exists():
                # Restoring under another short name while the original is here: an
                # independent copy with new ids, never an update of the original.
                doc = with_new_ids(doc)
                info = doc["village"]
                village_id = uuid.UUID(info["id"])
        elif village is None:
            village = Village.objects.filter(pk=village_id).first() if village_id else None
        if village is None:
            village, ok = _new_village(info, village_id, slug, label, problems)
            if not ok:
                raise ImportRejected(problems)
            created = True
        restore = VillageRestore(doc, label, problems, created=created)
        plan = restore.build(village)
        if restore.missing_users:
            problems.warn(
                gettext_noop(
                    "these users are not on this installation and are left out: %(users)s"
                ),
                file=label,
                users=", ".join(sorted(restore.missing_users)[:20]),
            )
        if problems.has_errors:
            transaction.set_rollback(True)
            raise ImportRejected(problems)
        if dry_run:
            transaction.set_rollback(True)
            counts = {model_key(m): len(c) + len(u) for m, c, u, _ in plan}
            return village, counts, problems
        try:
            with transaction.atomic():
                restore.write(plan, progress)
        except (IntegrityError, DataError, OverflowError, ValueError) as exc:
            # A rule only the database knows (two hamlets of one name, a value too long for
            # its column…): the whole import is refused, naming the kind of record.
            problems.add(
                gettext_noop("these records break a rule of the database (%(reason)s)"),
                file=f"{label}, {restore.writing}",
                reason=str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__,
            )
            raise ImportRejected(problems) from exc
        if created:
            Village.objects.filter(pk=village.pk).update(
                data_version=int(info.get("data_version") or 0)
            )
            _restore_village_times(village, info)
            village.refresh_from_db()
        else:
            village.touch()
    return village, restore.counts, problems


def with_new_ids(doc: dict) -> dict:
    """A copy of an export in which the village and every record get new ids, references
    following them, so that restoring it makes an independent village."""
    doc = _json.loads(_json.dumps(doc))
    fresh: dict[str, str] = defaultdict(lambda: str(uuid.uuid4()))
    _remap_ids(doc, fresh.__getitem__)
    return doc


def _remap_ids(doc: dict, new_id) -> None:
    """Replace, in place, the village id and every record id of ``doc`` by ``new_id(old)``,
    with the references between records following."""
    listed = {model_key(m): m for m, _ in village_models()}
    if isinstance(doc.get("village"), dict):
        doc["village"]["id"] = new_id(str(doc["village"].get("id")))
    for key, rows in (doc.get("records") or {}).items():
        model = listed.get(key)
        if model is None or not isinstance(rows, list):
            continue
        refs = [f.name for f in _fk_fields(model) if model_key(f.related_model) in listed]
        many = [f.name for f in model._meta.many_to_many if model_key(f.related_model) in listed]
        for row in rows:
            if not isinstance(row, dict):
                continue
            if isinstance(row.get("id"), str):
                row["id"] = new_id(row["id"])
            for name in refs:
                if isinstance(row.get(name), str):
                    row[name] = new_id(row[name])
            for name in many:
                if isinstance(row.get(name), list):
                    row[name] = [new_id(v) if isinstance(v, str) else v for v in row[name]]


def _new_village(info: dict, village_id, slug: str | None, label: str, problems: Problems):
    slug = slug or str(info.get("slug") or "")
    where = {"file": f"{label}, village"}
    if not slug:
        problems.add(gettext_noop("the export names no village slug"), **where)
        return None, False
    if Village.objects.filter(slug=slug).exists():
        problems.add(
            gettext_noop("a village with the short name %(slug)s exists already"),
            slug=slug,
            **where,
        )
        return None, False
    if village_id and Village.objects.filter(pk=village_id).exists():
        village_id = None
    fields = {
        f.name: info[f.name]
        for f in Village._meta.concrete_fields
        if f.name in info
        and not isinstance(f, models.ForeignKey)
        and f.name not in ("id", "slug", "created_at", "updated_at", "data_version")
    }
    try:
        village = Village(id=village_id or uuid.uuid4(), slug=slug, **fields)
        for f in Village._meta.concrete_fields:
            if f.name in fields:
                setattr(village, f.attname, f.to_python(fields[f.name]))
        village.clean_fields(exclude=["area", "id"])
    except (ValidationError, ValueError, TypeError) as exc:
        problems.add(gettext_noop("not a valid value: %(value)s"), value=str(exc)[:120], **where)
        return None, False
    area = info.get("area")
    if isinstance(area, dict) and area.get("area"):
        from jejaring.villages.areas import ensure_area

        try:
            village.area = ensure_area(str(area["area"]))
        except Exception:
            problems.warn(
                gettext_noop("unknown area code %(code)s: the village has no area"),
                code=str(area["area"]),
                **where,
            )
    village.save()
    return village, True


def _restore_village_times(village: Village, info: dict) -> None:
    values = {}
    for name in ("created_at", "updated_at"):
        try:
            parsed = Village._meta.get_field(name).to_python(info.get(name))
        except ValidationError:
            parsed = None
        if parsed:
            values[name] = parsed
    if values:
        Village.objects.filter(pk=village.pk).update(**values)


def counts_by_model(doc: dict) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for key, rows in (doc.get("records") or {}).items():
        out[key] = len(rows) if isinstance(rows, list) else 0
    return dict(out)
