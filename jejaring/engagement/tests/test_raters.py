"""The rater is who assessed (issue 12, item 5).

A facilitator logged in as one account typed the second facilitator's name for her view. The
table showed the account, and the dashboard read the two facilitators' different views as one
person's change of stance.
"""

from __future__ import annotations

from jejaring.actors.models import Actor, Assessment


def _assess(client, actor, date, stance, rater_name=""):
    response = client.post(
        f"/v/{actor.village.slug}/actors/{actor.pk}/assess/",
        {"date": date, "influence": 3, "interest": 3, "stance": stance, "rater_name": rater_name},
    )
    assert response.status_code == 302, response.content.decode()[:500]


def test_typed_rater_is_shown_and_compared_as_a_rater_of_its_own(demo_village, member_client):
    actor = Actor.objects.filter(village=demo_village, kind="household").order_by("name").first()
    Assessment.objects.filter(actor=actor).delete()
    _assess(member_client, actor, "2026-10-01", 1)
    _assess(member_client, actor, "2026-11-01", -1, rater_name="Rina (pendamping kedua)")

    page = member_client.get(f"/v/{demo_village.slug}/actors/{actor.pk}/").content.decode()
    table = page.split('id="assessments"')[1]
    assert "Rina (pendamping kedua)" in table

    dash = member_client.get(f"/v/{demo_village.slug}/engagement/").content.decode()
    # Not one person's change of stance from +1 to −1 …
    data = member_client.get(f"/api/v1/villages/{demo_village.slug}/engagement/dashboard").json()
    assert str(actor.pk) not in [c["actor"] for c in data["stance_changes"]]
    # … but two raters' views side by side.
    (views,) = [v for v in data["rater_views"] if v["actor"] == str(actor.pk)]
    assert [(v["rater"], v["stance"]) for v in views["views"]] == [
        ("Rina (pendamping kedua)", -1),
        ("member", 1),
    ]
    views_html = dash.split('id="rater-views"')[1].split("</ul>")[0]
    assert 'data-rater="Rina (pendamping kedua)"' in views_html
    assert 'data-rater="member"' in views_html


def test_the_same_typed_rater_changing_her_view_is_a_change(demo_village, member_client):
    actor = Actor.objects.filter(village=demo_village, kind="household").order_by("name").first()
    Assessment.objects.filter(actor=actor).delete()
    _assess(member_client, actor, "2026-10-01", -1, rater_name="Rina")
    _assess(member_client, actor, "2026-11-01", 1, rater_name="Rina")
    data = member_client.get(f"/api/v1/villages/{demo_village.slug}/engagement/dashboard").json()
    (change,) = [c for c in data["stance_changes"] if c["actor"] == str(actor.pk)]
    assert change["rater"] == "Rina" and change["delta"] == 2
