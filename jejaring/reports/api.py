"""JSON twins of the reports pages, under ``/api/v1/villages/...``.

The same queries as the pages: the recommendations (with the what-if as query parameters,
never saved), the village network report, the lever list, and the supervisor's comparison of
the villages the user is a member of.
"""

from __future__ import annotations

from typing import Any

from ninja import Query, Router

from jejaring.core.access import get_village
from jejaring.graph.recommend.forum import MAX_SIZE, MIN_SIZE
from jejaring.graph.recommend.levers import load_levers
from jejaring.reports import queries, services

router = Router()


@router.get("/supervisor/overview")
def supervisor_overview(request) -> list[dict[str, Any]]:
    """Every village the user is a member of: size, dependency concentration, captive poor
    households, approach progress and forum coverage (the supervisor page's table)."""
    return [queries.overview_json(row) for row in queries.supervisor_rows(request.user)]


@router.get("/{slug}/recommendations")
def recommendations(
    request,
    slug: str,
    approached: list[str] = Query(default=[]),  # noqa: B008 (ninja's declaration style)
    supportive: list[str] = Query(default=[]),  # noqa: B008
    forum_size: int = Query(default=queries.DEFAULT_FORUM_SIZE, ge=MIN_SIZE, le=MAX_SIZE),
    seed: int = 0,
) -> dict[str, Any]:
    """Entry points, patron levers, blockers and the forum suggestion, each item with its
    ``reason_codes`` and ``facts``, plus ``names`` and ready ``sentences`` in the request's
    language. ``approached``/``supportive`` (actor ids, repeatable) mark actors for a what-if:
    ``diff`` then says what changed. Nothing is saved."""
    village = get_village(request, slug)
    marks = queries.parse_what_if(village, approached, supportive)
    data = queries.recommendations(village, what_if=marks, forum_size=forum_size, seed=seed)
    return queries.recommendations_json(village, data)


@router.get("/{slug}/report")
def report(request, slug: str, pseudonymize: bool = False) -> dict[str, Any]:
    """The village network report's sections as data (the PDF and the page show the same)."""
    village = get_village(request, slug)
    data = queries.report(village, pseudonymize=pseudonymize, include_map=False)
    return queries.report_json(data)


@router.get("/{slug}/levers")
def levers(request, slug: str) -> dict[str, Any]:
    """The lever list the village's recommendations use (``levers``) and the village's own
    changes to the defaults (``changes``)."""
    village = get_village(request, slug)
    changes = services.lever_changes(village)
    return {"levers": load_levers(changes), "changes": changes}
