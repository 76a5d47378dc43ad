"""One meaning per number on the actor page (issue 12, item 6).

"Hubungan 2" (the analysis' degree) stood next to "Hubungan: 3" (the recorded ties), and a
client with ties showed closeness 0.000. The demo's clients whose ties all point to their
patrons are reached by nobody along the ties' direction: their closeness is 0 by definition
(docs/measures.md) and says nothing about them.
"""

from __future__ import annotations

import re

from jejaring.actors.models import Actor
from jejaring.analysis.results import current_analysis


def _row(html: str, key: str) -> str:
    return re.search(rf'<tr data-measure="{key}">(.*?)</tr>', html, re.S).group(1)


def test_connected_client_with_zero_closeness_is_explained(demo_village, member_client):
    rows = current_analysis(demo_village)["actors"]
    client = next(r for r in rows if r.get("closeness") == 0 and (r.get("degree") or 0) > 0)
    actor = Actor.objects.get(pk=client["id"])
    html = member_client.get(
        f"/v/{demo_village.slug}/actors/{actor.pk}/", HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    closeness = _row(html, "closeness")
    assert "0.000" not in closeness and "–" in closeness
    assert "tidak ada yang menjangkau aktor ini" in closeness
    # The two counts of ties have two names.
    degree = _row(html, "degree")
    assert "Tautan dalam analisis (derajat)" in degree
    assert "Hubungan tercatat:" in html
    assert not re.search(r">\s*Hubungan\s*<", html)


def test_reached_actor_keeps_its_closeness(demo_village, member_client):
    rows = current_analysis(demo_village)["actors"]
    patron = next(r for r in rows if (r.get("closeness") or 0) > 0)
    html = member_client.get(
        f"/v/{demo_village.slug}/actors/{patron['id']}/", HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert f"{patron['closeness']:.3f}" in _row(html, "closeness")
