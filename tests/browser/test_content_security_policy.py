"""Under the Content Security Policy every page still works: no script, style or image is
refused (a refusal shows as a console error, which fails the test), and the header is there."""

from __future__ import annotations

import pytest

PAGES = [
    "/v/tegalrejo/",
    "/v/tegalrejo/reports/",
    "/supervisor/",
    "/v/tegalrejo/analysis/map/",
    "/api/v1/docs",
    "/v/tegalrejo/reports/report/",
    "/v/tegalrejo/engagement/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_works_under_the_policy(page, path):
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert response is not None and response.status < 400, (path, response and response.status)
    policy = response.headers.get("content-security-policy", "")
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
