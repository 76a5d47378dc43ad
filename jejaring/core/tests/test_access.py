"""The authorization matrix: every route × every persona, enumerated, never listed by hand.

Every URL pattern of the resolver and every operation of the API's OpenAPI schema is asked for
by each persona: anonymous, a user with no membership, the admin and the facilitator of another
village, a viewer and a supervisor of the demo village (and its facilitator and admin for the
pages they alone may open). A route added later is checked without anyone remembering to, and
a route outside a village that has no declared expectation below, or a URL argument with no
sample (jejaring/core/tests/samples.py), fails the test with a message saying what to add.

The rules, from jejaring/core/access.py: a user who is not a member of the village gets 404 (its
existence is not revealed); anonymous users are sent to log in (the API answers 401); viewers and
supervisors read but get 403 on every write; the history pages are for administrators only.

One test per surface loops over all routes and personas and reports every failure at once;
the personas are made once per test (the whole module runs in a few seconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from jejaring.core.tests.samples import sample_kwargs

pytestmark = pytest.mark.django_db

# Village pages (under /v/<village>/) only the village's administrators may open.
ADMIN_ONLY = {"audit:recent", "audit:actor", "audit:tie", "audit:forum"}
# Village pages only members who can write may open, even to read: circles of awareness expose
# clients to their patron (issue 15). Viewers and supervisors get 403 on GET too.
WRITERS_ONLY_PREFIXES = ("awareness:",)
# API paths (under /api/v1/villages/{slug}/) that are for writers only, reading included.
API_WRITERS_ONLY = ("/circles",)

# Routes outside any village: what each persona may get. "login" = anonymous is sent to log in,
# any logged-in user may open it (and it must show no village the user is not a member of);
# "public" = anyone; "staff" = Django's admin site, for staff only.
OUTSIDE = {
    "core:index": "login",
    "core:healthz": "public",
    "core:favicon": "public",
    "core:village_new": "login",
    "core:area_search": "login",
    "login": "public",
    "logout": "public",
    "password_change": "login",
    "password_change_done": "login",
    "set_language": "public",
    "supervisor:overview": "login",
    "supervisor:pdf": "login",
    # A supervisor's PDF being drawn by a worker: its maker's only, 404 for anyone else.
    "supervisor:job": "own",
    "supervisor:download": "own",
    "supervisor:retry": "own",
    "sync_tokens": "login",
}

# API operations outside a village (path relative to /api/v1/): they list only the user's own.
API_OUTSIDE = {
    ("get", "/api/v1/villages/"),
    ("get", "/api/v1/villages/supervisor/overview"),
    # Sync: who is asking, and a village a laptop creates (the caller becomes its admin).
    ("get", "/api/v1/sync/hello"),
    ("post", "/api/v1/sync/villages"),
}
# Not operations but the API's own description.
API_DOCS = {"api:openapi-json", "api:openapi-view", "api:api-root"}

ADMIN_SAMPLES = {"app_label": "villages", "content_type_id": "1", "url": "x"}


@dataclass
class Route:
    name: str
    route: str
    args: list[str]


def all_routes() -> list[Route]:
    """Every named URL pattern of the project, with its full route and argument names."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route, p.namespace or namespace)
            elif isinstance(p, URLPattern):
                full = prefix + route
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name
                if not name and full.startswith("admin/"):
                    continue  # Django admin's unnamed redirects to a named page
                assert name, f"URL {full!r} has no name: name it so the access test can check it"
                found.append(Route(name, full, re.findall(r"<(?:\w+:)?(\w+)>", full)))

    walk(get_resolver().url_patterns, "", None)
    return found


def village_routes() -> list[Route]:
    return [r for r in all_routes() if r.route.startswith("v/<slug:village>/")]


@dataclass
class People:
    """Every persona of the matrix, logged in (``anonymous`` is not)."""

    anonymous: Client
    no_membership: Client
    other_admin: Client
    other_facilitator: Client
    viewer: Client
    supervisor: Client
    facilitator: Client
    admin: Client

    def outsiders(self) -> dict[str, Client]:
        return {
            "no membership": self.no_membership,
            "admin of another village": self.other_admin,
            "facilitator of another village": self.other_facilitator,
        }

    def readers(self) -> dict[str, Client]:
        return {"viewer": self.viewer, "supervisor": self.supervisor}


@pytest.fixture
def people(demo_village) -> People:
    from jejaring.villages.services import create_user, create_village, set_membership

    def client(name: str, village=None, role: str = "") -> Client:
        user = create_user(name, f"pw-{name}-123")
        if village is not None:
            set_membership(village, user, role)
        c = Client()
        c.force_login(user)
        return c

    other = create_village("Desa Lain", slug="desa-lain")
    return People(
        anonymous=Client(),
        no_membership=client("nomember"),
        other_admin=client("other-admin", other, "admin"),
        other_facilitator=client("other-fac", other, "facilitator"),
        viewer=client("viewer", demo_village, "viewer"),
        supervisor=client("supervisor", demo_village, "supervisor"),
        facilitator=client("facilitator", demo_village, "facilitator"),
        admin=client("village-admin", demo_village, "admin"),
    )


def _url(route: Route, village) -> str:
    return reverse(route.name, kwargs=sample_kwargs(village, route.args))


def test_every_route_has_an_expectation():
    """A route outside the villages, the API and the admin site must be declared in OUTSIDE."""
    undeclared = [
        r.name
        for r in all_routes()
        if not r.route.startswith(("v/<slug:village>/", "api/v1/", "admin/"))
        and r.name not in OUTSIDE
    ]
    assert not undeclared, f"declare who may open these routes in OUTSIDE: {undeclared}"
    names = {r.name for r in all_routes()}
    assert names >= ADMIN_ONLY and set(OUTSIDE) <= names, "stale names in the access test"


def test_village_pages_matrix(demo_village, people):
    failures: list[str] = []

    def expect(who: str, method: str, url: str, got: int, allowed: tuple[int, ...]) -> None:
        if got not in allowed:
            failures.append(f"{who} {method} {url}: {got}, expected {allowed}")

    routes = village_routes()
    assert any(r.name == "villages:home" for r in routes)
    for route in routes:
        url = _url(route, demo_village)
        r = people.anonymous.get(url)
        expect("anonymous", "GET", url, r.status_code, (302,))
        if r.status_code == 302 and "/login/" not in r["Location"]:
            failures.append(f"anonymous GET {url}: not sent to log in")
        for who, c in people.outsiders().items():
            expect(who, "GET", url, c.get(url).status_code, (404,))
            expect(who, "POST", url, c.post(url, {}).status_code, (404,))
        for who, c in people.readers().items():
            expect(who, "POST", url, c.post(url, {}).status_code, (403,))
        if route.name.startswith(WRITERS_ONLY_PREFIXES):
            for who, c in people.readers().items():
                expect(who, "GET", url, c.get(url).status_code, (403, 404))
        if route.name in ADMIN_ONLY:
            for who, c in {**people.readers(), "facilitator": people.facilitator}.items():
                expect(who, "GET", url, c.get(url).status_code, (403,))
            expect("village admin", "GET", url, people.admin.get(url).status_code, (200,))
        else:
            # A member opens every page (405: an endpoint that only takes POST).
            expect(
                "facilitator", "GET", url, people.facilitator.get(url).status_code, (200, 302, 405)
            )
    assert not failures, "\n".join(failures)


def test_routes_outside_villages_matrix(demo_village, people):
    failures: list[str] = []
    logged_in = {**people.outsiders(), **people.readers(), "admin": people.admin}
    for route in all_routes():
        rule = OUTSIDE.get(route.name)
        if rule is None or rule == "own":  # see test_a_supervisors_pdf_job_is_its_makers_only
            continue
        url = reverse(route.name)
        if rule == "login":
            r = people.anonymous.get(url)
            if r.status_code != 302 or "/login/" not in r["Location"]:
                failures.append(f"anonymous GET {url}: {r.status_code}, expected log in")
            for who, c in logged_in.items():
                r = c.get(url)
                outsider = who in people.outsiders()
                if r.status_code == 302:  # the home page goes to the user's only village
                    if outsider and f"/v/{demo_village.slug}/" in r["Location"]:
                        failures.append(f"{who} GET {url}: sent to a village they are not in")
                elif r.status_code != 200:
                    failures.append(f"{who} GET {url}: {r.status_code}")
                elif outsider and demo_village.name.encode() in r.content:
                    failures.append(f"{who} GET {url}: shows a village they are not in")
        else:  # public: never a server error, whoever asks
            for who, c in {"anonymous": people.anonymous, **logged_in}.items():
                status = c.get(url).status_code
                if status >= 500:
                    failures.append(f"{who} GET {url}: {status}")
    assert not failures, "\n".join(failures)


def test_admin_site_is_for_staff_only(demo_village, people):
    failures: list[str] = []
    samples = {**ADMIN_SAMPLES, "object_id": str(demo_village.pk)}
    checked = 0
    for route in all_routes():
        if not route.route.startswith("admin/") or route.name in ("admin:login", "admin:logout"):
            continue
        try:
            url = reverse(route.name, kwargs={a: samples[a] for a in route.args})
        except (NoReverseMatch, KeyError):
            continue  # an app's pattern that takes another app_label: the same view is checked
        checked += 1
        for who, c in {"anonymous": people.anonymous, "admin": people.admin}.items():
            r = c.get(url)
            if r.status_code != 302 or "/admin/login/" not in r["Location"]:
                failures.append(f"{who} GET {url}: {r.status_code}")
    assert checked > 20
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------------------- API


def api_operations(client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        (method, path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    ]


def fill_api_path(path: str, village) -> str:
    names = re.findall(r"{(\w+)}", path)
    values = sample_kwargs(village, ["village" if n == "slug" else n for n in names])
    for n in names:
        path = path.replace("{" + n + "}", str(values["village" if n == "slug" else n]))
    return path


def test_every_api_route_is_in_the_schema(people):
    """The API matrix reads the schema: it must hold every API URL the resolver knows."""
    paths = {p for _, p in api_operations(people.viewer)}
    missing = []
    for route in all_routes():
        if route.route.startswith("api/v1/") and route.name not in API_DOCS:
            as_schema = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route)
            if as_schema not in paths:
                missing.append(route.name)
    assert not missing, f"API routes missing from the OpenAPI schema: {missing}"


def test_api_matrix(demo_village, people):
    failures: list[str] = []
    ops = api_operations(people.viewer)
    undeclared = [op for op in ops if "{slug}" not in op[1] and op not in API_OUTSIDE]
    assert not undeclared, f"declare who may call these API operations: {undeclared}"
    for method, path in ops:
        if "{slug}" not in path:
            continue
        url = fill_api_path(path, demo_village)
        kw = {"content_type": "application/json"}
        got = getattr(people.anonymous, method)(url, **kw).status_code
        if got != 401:
            failures.append(f"anonymous {method} {url}: {got}, expected 401")
        for who, c in people.outsiders().items():
            got = getattr(c, method)(url, data={}, **kw).status_code
            if got != 404:
                failures.append(f"{who} {method} {url}: {got}, expected 404")
        if method == "get" and any(p in path for p in API_WRITERS_ONLY):
            for who, c in people.readers().items():
                got = c.get(url).status_code
                if got not in (403, 404):
                    failures.append(f"{who} get {url}: {got}, expected 403 or 404")
            got = people.facilitator.get(url).status_code
            if got != 200:
                failures.append(f"facilitator get {url}: {got}, expected 200")
        elif method == "get":
            got = people.viewer.get(url).status_code
            if got != 200:
                failures.append(f"viewer get {url}: {got}, expected 200")
        else:
            for who, c in people.readers().items():
                got = getattr(c, method)(url, data={}, **kw).status_code
                if got != 403:
                    failures.append(f"{who} {method} {url}: {got}, expected 403")
    assert not failures, "\n".join(failures)


def test_api_lists_only_the_users_villages(demo_village, people):
    assert [v["slug"] for v in people.viewer.get("/api/v1/villages/").json()] == [demo_village.slug]
    assert [v["slug"] for v in people.other_admin.get("/api/v1/villages/").json()] == ["desa-lain"]
    assert people.no_membership.get("/api/v1/villages/").json() == []
    overview = people.other_admin.get("/api/v1/villages/supervisor/overview")
    assert overview.status_code == 200 and demo_village.name not in overview.content.decode()


def test_a_supervisors_pdf_job_is_its_makers_only(demo_village, people):
    """The "own" routes: anonymous is sent to log in, the maker opens the job, its file and
    its retry; every other user, members of the same villages included, gets 404."""
    from jejaring.jobs.models import Job
    from jejaring.reports import background

    maker = people.admin.get("/").wsgi_request.user
    job = Job.objects.create(
        kind=background.SUPERVISOR_KIND, user=maker, state=Job.State.FAILED, payload={}
    )
    failures: list[str] = []
    others = {**people.outsiders(), **people.readers(), "facilitator": people.facilitator}
    for route in all_routes():
        if OUTSIDE.get(route.name) != "own":
            continue
        url = reverse(route.name, kwargs={"work": job.pk})
        post = route.name.endswith("retry")
        r = people.anonymous.post(url) if post else people.anonymous.get(url)
        if r.status_code != 302 or "/login/" not in r["Location"]:
            failures.append(f"anonymous {url}: {r.status_code}, expected log in")
        for who, c in others.items():
            status = (c.post(url) if post else c.get(url)).status_code
            if status != 404:
                failures.append(f"{who} {url}: {status}, expected 404")
        status = (people.admin.post(url) if post else people.admin.get(url)).status_code
        expected = 404 if route.name.endswith("download") else (302 if post else 200)
        if status != expected:  # a failed job has no file; its retry goes back to its page
            failures.append(f"maker {url}: {status}, expected {expected}")
    assert not failures, "\n".join(failures)
