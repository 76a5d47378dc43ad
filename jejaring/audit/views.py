"""The history pages: a record's changes and a village's recent changes (administrators only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jejaring.audit import queries
from jejaring.core.access import in_village, village_view
from jejaring.villages.models import Village


def _require_admin(request: HttpRequest) -> None:
    """Only a village's administrators read its history: it names who changed what and keeps
    deleted records. Viewers and supervisors (read-only roles) get 403, outsiders 404."""
    if not request.membership.can_manage:
        raise PermissionDenied


@village_view()
def recent(request: HttpRequest, village: Village) -> HttpResponse:
    """The village's recent changes, newest first, optionally of one kind of record."""
    _require_admin(request)
    kind = request.GET.get("kind", "")
    kinds = queries.kinds()
    if kind not in kinds:
        kind = ""
    page = Paginator(queries.village_changes(village, kind), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/recent.html",
        {
            "village": village,
            "page": page,
            "lines": queries.lines(page),
            "kind": kind,
            "kinds": sorted(
                ((k, str(m._meta.verbose_name_plural)) for k, m in kinds.items()),
                key=lambda kv: kv[1].lower(),
            ),
        },
    )


@village_view()
def record(request: HttpRequest, village: Village, model: str, **ids) -> HttpResponse:
    """The history of one actor, tie or forum (a deleted one too: its id is enough)."""
    _require_admin(request)
    cls = queries.kinds()[model]
    obj = cls(pk=next(iter(ids.values())))
    found = in_village(cls, village).filter(pk=obj.pk).first()
    entries = queries.record_changes(village, obj)
    if found is None and not entries.exists():
        raise Http404
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    title = str(found) if found is not None else (entries.first().object_repr if entries else "")
    return render(
        request,
        "audit/record.html",
        {
            "village": village,
            "page": page,
            "lines": queries.lines(page),
            "title": title,
            "what": cls._meta.verbose_name,
            "record_pk": str(obj.pk),
        },
    )
