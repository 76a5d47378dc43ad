"""Every page of the demo village, for the tests that must look at all of them.

The list starts from Django's URL resolver: every route under ``/v/<village>/`` (and the
supervisor view) is a page unless it is listed in :data:`NOT_PAGES` (downloads, JSON, actions
that only accept POST). Sample arguments (an actor, a tie, a forum, a meeting…) come from the
demo data itself: the links found on the pages already fetched. A route the crawl cannot fill
fails the test, so a new page cannot slip past the checks unseen.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

#: Routes (resolver names, ``namespace:name``) that are not HTML pages a user reads. (Routes
#: answering GET with 405 are recognised as POST-only actions by themselves.)
NOT_PAGES = {
    "jobs:job",  # a background job's page: needs a job first
    "jobs:retry",  # POST only
    "jobs:download",  # a file a finished job made
    "analysis:map_data",  # JSON for the map
    "analysis:map_relayout",  # POST only
    "reports:report_pdf",  # PDF download
    "reports:pdf",  # PDF download (supervisor)
    "supervisor:job",  # the supervisor's PDF being drawn: needs a job first (test_pdf_job.py)
    "supervisor:download",  # the file that job made
    "supervisor:retry",  # POST only
    "reports:levers_json",  # JSON
    "reports:lever_hide",  # POST only
    "interchange:template",  # XLSX download
    "interchange:export",  # file download
    "interchange:progress",  # JSON progress of an import
    "interchange:field_form",  # XLSForm download
    "interchange:confirm",  # POST only
    "interchange:job",  # needs an upload first
    "actors:participant_remove",  # POST only
    "actors:fact_delete",  # POST only
    "engagement:member_remove",  # POST only
    "engagement:agenda_delete",  # POST only
    "engagement:decision_delete",  # POST only
    "engagement:contact_cancel",  # POST only
    "awareness:adopt",  # POST only
    "awareness:print_pdf",  # PDF download
    "awareness:member_add",  # POST only
    "awareness:member_remove",  # POST only
    "sync:conflict",  # needs a sync conflict first (jejaring/sync/tests/test_pages.py)
    "sync:bundle",  # file download
    "sync:progress",  # a fragment polled by the sync page
}

_HREF = re.compile(r"""href=["']([^"'#]+)""")


def page_routes() -> dict[str, str]:
    """``{resolver name: route}`` of every page route (village pages and the supervisor)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    out: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                name = f"{namespace}:{p.name}" if namespace else p.name
                if route.startswith(("v/", "supervisor/")) and name not in NOT_PAGES:
                    out[name] = route

    walk(get_resolver().url_patterns, "", None)
    return out


def _route_name(path: str) -> tuple[str, dict] | None:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name, {k: str(v) for k, v in match.kwargs.items()}


def every_page(request, village: str = "tegalrejo", limit: int = 2000) -> dict[str, str]:
    """``{resolver name: one URL of it}`` for every page route, by crawling the demo village
    with ``request`` (Playwright's logged-in APIRequestContext) and filling the routes left
    over with arguments seen on the way. Raises AssertionError for a route it cannot fill."""
    from django.urls import reverse

    routes = page_routes()
    found: dict[str, str] = {}
    samples: dict[str, str] = {"village": village}
    queue = deque([f"/v/{village}/", f"/v/{village}/analysis/snapshots/", "/supervisor/"])
    seen: set[str] = set(queue)
    fetched = 0
    while queue and fetched < limit and len(found) < len(routes):
        path = queue.popleft()
        named = _route_name(path)
        if named is None or named[0] not in routes:
            continue
        name, kwargs = named
        if kwargs.get("village", village) != village:
            continue
        samples.update({k: v for k, v in kwargs.items() if k not in samples})
        if name in found:
            continue
        response = request.get(path)
        fetched += 1
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found[name] = path
        for href in _HREF.findall(response.text()):
            target = urlsplit(urljoin(path, href.replace("&amp;", "&")))
            if target.netloc or not target.path.startswith(("/v/", "/supervisor/")):
                continue
            if target.path not in seen:
                seen.add(target.path)
                queue.append(target.path)
    missing = []
    for name, route in routes.items():
        if name in found:
            continue
        kwargs = {k: samples.get(k) for k in re.findall(r"<(?:\w+:)?(\w+)>", route)}
        if None in kwargs.values():
            absent = sorted(k for k, v in kwargs.items() if v is None)
            missing.append(f"{name} ({route}: no sample for {absent})")
            continue
        url = reverse(name, kwargs=kwargs)
        response = request.get(url)
        if response.status == 405:
            continue  # an action that only accepts POST
        assert response.status == 200, f"{name} {url} answered {response.status}"
        if "text/html" in response.headers.get("content-type", ""):
            found[name] = url
    assert not missing, "routes the page check cannot reach (add a sample or NOT_PAGES): " + (
        "; ".join(missing)
    )
    return found
