"""The actors and ties of a village (or of a filtered view of it) as rows, for every format.

The rows hold codes and typed values; each writer (CSV, XLSX, GraphML, GEXF) formats them.
Exports carry every tie id (its code, or its UUID when it has none) so that importing an export
back updates the same ties instead of adding new ones.

Pseudonymised exports, for sharing with researchers, replace each actor's id and name with a
stable code derived from the actor's UUID (the same actor gets the same code in every export
of the village) and leave out free text (notes, positions, what the client gives back) and
contact details; non-numeric extra attributes go too, since they are often names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from jejaring.actors.models import Actor, Assessment, Category, Field, Tie, TieType
from jejaring.actors.vocabulary import available
from jejaring.interchange import schema
from jejaring.interchange.records import CLOSED_VOCABULARIES
from jejaring.villages.models import Village

#: Columns left out of pseudonymised exports.
PRIVATE_ACTOR_COLUMNS = frozenset({"position", "contact", "notes", "rt", "rw"})
PRIVATE_TIE_COLUMNS = frozenset({"reciprocation", "note", "informant"})


@dataclass
class ExportFilter:
    """Which part of the village to export. Empty lists mean "all"."""

    types: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    hamlets: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    current_only: bool = False
    dependency_only: bool = False
    pseudonymize: bool = False
    #: Include the circles of awareness (JSON backup only). Only members who can write see
    #: circles (issue 15), so an export asked for by a viewer or supervisor leaves them out.
    circles: bool = True

    @property
    def is_whole_village(self) -> bool:
        return not (
            self.types
            or self.categories
            or self.hamlets
            or self.kinds
            or self.current_only
            or self.dependency_only
        )


@dataclass
class ExportData:
    village: Village
    actor_cols: list[schema.Col]
    actor_extra: list[str]
    tie_cols: list[schema.Col]
    tie_extra: list[str]
    actors: list[dict[str, Any]]
    ties: list[dict[str, Any]]
    pseudonymized: bool = False
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, vocabulary: str, code: str) -> str:
        """The label of a code in the active language (the XLSX drop-down lists show it)."""
        if vocabulary in CLOSED_VOCABULARIES:
            for t in CLOSED_VOCABULARIES[vocabulary]:
                if t.code == code:
                    return gettext(t.label)
            return code
        return self.labels.get(vocabulary, {}).get(code, code)


def _keyed_digest(village: Village, pk) -> bytes:
    """HMAC of the record's id under the installation's secret key: the same record always
    gets the same pseudonym here, while someone holding the real ids (another export, a
    screenshot of an address) cannot compute it."""
    key = f"jejaring-pseudonym:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{village.pk}:{pk}".encode(), hashlib.sha256).digest()


def pseudonym(village: Village, pk) -> str:
    """A stable code for a record of ``village`` that does not reveal who it is."""
    return "P" + _keyed_digest(village, pk).hex()[:8].upper()


def pseudonym_id(village: Village, pk) -> str:
    """A stable UUID standing for a record's id in a pseudonymised export."""
    return str(uuid.UUID(bytes=_keyed_digest(village, pk)[:16], version=4))


def _is_number(text: str) -> bool:
    try:
        float(str(text).replace(",", "."))
    except ValueError:
        return False
    return True


def collect(village: Village, flt: ExportFilter | None = None) -> ExportData:
    """The rows to export (a few queries whatever the village size)."""
    flt = flt or ExportFilter()
    actors_qs = Actor.objects.filter(village=village).select_related("category", "hamlet")
    if flt.categories:
        actors_qs = actors_qs.filter(category__code__in=flt.categories)
    if flt.hamlets:
        actors_qs = actors_qs.filter(hamlet__name__in=flt.hamlets)
    if flt.kinds:
        actors_qs = actors_qs.filter(kind__in=flt.kinds)
    if flt.pseudonymize:
        # Shared outside the team: actors marked sensitive, or who refused consent, are left
        # out altogether (with their ties), not only renamed.
        actors_qs = actors_qs.exclude(sensitive=True).exclude(consent=Actor.Consent.REFUSED)
    actors = list(actors_qs.order_by("code"))
    ids = {a.pk for a in actors}
    code_of = {a.pk: (pseudonym(village, a.pk) if flt.pseudonymize else a.code) for a in actors}

    ties_qs = Tie.objects.filter(village=village).select_related("type")
    if flt.types:
        ties_qs = ties_qs.filter(type__code__in=flt.types)
    if flt.current_only:
        ties_qs = ties_qs.filter(is_current=True)
    if flt.dependency_only:
        ties_qs = ties_qs.filter(type__is_dependency=True)
    ties = [t for t in ties_qs if t.source_id in ids and t.target_id in ids]

    fields_of: dict[Any, list[str]] = defaultdict(list)
    field_code = {f.pk: f.code for f in available(Field, village)}
    through = Actor.fields.through
    for actor_id, field_id in through.objects.filter(actor__village=village).values_list(
        "actor_id", "field_id"
    ):
        if actor_id in ids:
            fields_of[actor_id].append(field_code[field_id])
    latest: dict[Any, tuple] = {}
    for actor_id, *values in (
        Assessment.objects.filter(actor__village=village)
        .order_by("actor_id", "-date", "-created_at")
        .values_list("actor_id", "influence", "interest", "stance")
    ):
        latest.setdefault(actor_id, tuple(values))

    actor_rows = [_actor_row(a, code_of, fields_of, latest, flt) for a in actors]
    tie_rows = [_tie_row(village, t, code_of, flt) for t in ties]
    tie_rows.sort(key=lambda r: (r["source"], r["target"], r["type"], r["id"]))

    actor_extra = sorted({k for r in actor_rows for k in r.get("_attributes", {})})
    tie_extra = sorted({k for r in tie_rows for k in r.get("_attributes", {})})
    actor_cols = [
        c for c in schema.ACTOR_COLS if not (flt.pseudonymize and c.name in PRIVATE_ACTOR_COLUMNS)
    ]
    tie_cols = [
        c for c in schema.TIE_COLS if not (flt.pseudonymize and c.name in PRIVATE_TIE_COLUMNS)
    ]
    labels = vocabulary_labels(village)
    return ExportData(
        village,
        actor_cols,
        actor_extra,
        tie_cols,
        tie_extra,
        actor_rows,
        tie_rows,
        flt.pseudonymize,
        labels,
    )


def vocabulary_labels(village: Village) -> dict[str, dict[str, str]]:
    """Code → label (in the active language) of the open vocabularies."""
    return {
        "category": {c.code: c.label for c in available(Category, village)},
        "type": {t.code: t.label for t in available(TieType, village)},
        "field": {f.code: f.label for f in available(Field, village)},
    }


def _attributes(attributes: dict, pseudonymize: bool) -> dict[str, str]:
    out = {}
    for k, v in (attributes or {}).items():
        if v in (None, "") or isinstance(v, dict | list):
            continue
        text = str(v)
        if pseudonymize and not _is_number(text):
            continue
        out[k] = text
    return out


def _actor_row(a: Actor, code_of, fields_of, latest, flt: ExportFilter) -> dict[str, Any]:
    influence, interest, stance = latest.get(a.pk, (None, None, None))
    code = code_of[a.pk]
    row = {
        "id": code,
        "name": code if flt.pseudonymize else a.name,
        "kind": a.kind,
        "category": a.category.code if a.category_id else None,
        "hamlet": a.hamlet.name if a.hamlet_id else None,
        "rt": a.rt,
        "rw": a.rw,
        "gender": a.gender,
        "welfare": a.welfare,
        "household_size": a.household_size,
        "influence": influence,
        "interest": interest,
        "stance": stance,
        "position": a.position,
        "field": sorted(fields_of.get(a.pk, [])),
        "contact": a.contact,
        "consent": a.consent,
        "sensitive": a.sensitive,
        "facilitator": a.is_facilitator,
        "notes": a.notes,
        "_attributes": _attributes(a.attributes, flt.pseudonymize),
    }
    return row


def _tie_row(village: Village, t: Tie, code_of, flt: ExportFilter) -> dict[str, Any]:
    tie_id = t.code or str(t.pk)
    if flt.pseudonymize:
        tie_id = pseudonym(village, t.pk)
    return {
        "id": tie_id,
        "source": code_of[t.source_id],
        "target": code_of[t.target_id],
        "type": t.type.code,
        "directed": t.directed,
        "weight": t.weight,
        "form": t.form,
        "frequency": t.frequency,
        "attachment": t.attachment,
        "balance": t.balance,
        "exclusive": t.exclusive,
        "terms_set_by": t.terms_set_by,
        "reciprocation": t.reciprocation,
        "strength": t.strength,
        "amount": t.amount,
        "since": t.start_date,
        "until": t.end_date,
        "current": t.is_current,
        "confidence": t.confidence,
        "informant": None,
        "note": t.note,
        "_attributes": _attributes(t.attributes, flt.pseudonymize),
    }


def text_value(value: Any) -> str:
    """A value as CSV and GraphML write it: codes, ISO dates, yes/no, ``;``-joined lists."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def table_rows(rows: list[dict], cols: list[schema.Col], extra: list[str]):
    """The rows as lists in column order (typed values, attributes as text)."""
    for r in rows:
        attributes = r.get("_attributes", {})
        yield [r.get(c.name) for c in cols] + [attributes.get(k) for k in extra]


def xml_value(col: schema.Col | None, value: Any) -> str:
    """A value as the XML formats (GraphML, GEXF) write it: booleans typed as ``true`` /
    ``false`` where the column is boolean, everything else as :func:`text_value`."""
    if col is not None and col.kind == schema.BOOL and value is not None:
        return "true" if value else "false"
    return text_value(value)
