"""Inserting many rows at once: one prepared INSERT run for all of them.

Django's ``bulk_create`` builds a model object per row and, on SQLite, one statement per 35
rows of a 28-column table (SQLite's old 999-parameter limit): 100,000 ties took 18 s. Here
rows are plain dicts, each value is adapted for the database once by the field's own
converter, and the driver's ``executemany`` runs a single parameterised ``INSERT`` — the same
portable SQL on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

Row = dict[str, Any]


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """A function turning a Python value of ``field`` into what the driver takes (None when
    the value goes as it is)."""
    ops = connection.ops
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    internal = target.get_internal_type()
    if internal == "UUIDField":
        if connection.features.has_native_uuid_field:
            return None
        return lambda v: v.hex if isinstance(v, uuid.UUID) else uuid.UUID(str(v)).hex
    if isinstance(field, models.ForeignKey):
        return lambda v: target.get_db_prep_value(v, connection)
    if internal == "DateTimeField":
        return ops.adapt_datetimefield_value
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DecimalField":
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if internal == "JSONField":
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def insert(
    model: type[models.Model],
    rows: Iterable[Row],
    *,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``rows`` (``attname`` → Python value) into ``model``'s table; returns the count.

    A missing or None value takes the field's default; ``auto_now``/``auto_now_add`` fields
    get now. No signals are sent and nothing is validated: callers check first (the
    importers do).
    """
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    spec = []
    for f in fields:
        convert = _converter(f)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default, fresh = now, None
        elif f.has_default() and callable(f.default) and f.default not in (dict, list):
            default, fresh = None, f.get_default  # e.g. uuid4: a new value per row
        else:
            default, fresh = f.get_default(), None
        if default is not None and convert is not None:
            default = convert(default)
        spec.append((f.attname, convert, default, fresh))
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    count = 0
    chunk: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = []
            for name, convert, default, fresh in spec:
                value = row.get(name)
                if value is None:
                    value = default if fresh is None else fresh()
                    if fresh is not None and convert is not None:
                        value = convert(value)
                elif convert is not None:
                    value = convert(value)
                values.append(value)
            chunk.append(values)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
                if progress:
                    progress(count)
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
            if progress:
                progress(count)
    return count


def object_row(obj: models.Model) -> Row:
    """An unsaved model object as a row for :func:`insert` (its attribute values)."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
