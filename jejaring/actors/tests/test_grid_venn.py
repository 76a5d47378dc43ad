"""The power–interest grid and the Venn (chapati) diagram of institutions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jejaring.actors.queries import quadrant, venn_institutions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (5, 5, "manage_closely"),
        (3, 3, "manage_closely"),
        (4, 2, "keep_satisfied"),
        (2, 5, "keep_informed"),
        (2, 2, "monitor"),
        (0, 0, "monitor"),
    ],
)
def test_quadrants(influence, interest, expected):
    assert quadrant(influence, interest) == expected


def test_grid_places_actors_by_latest_assessment(tiny, member_client):
    r = member_client.get(reverse("actors:grid", kwargs={"village": tiny.village.slug}))
    by_q = {q["code"]: [p["name"] for p in q["points"]] for q in r.context["quadrants"]}
    # Pak Haji latest 5/3 (rater B), Kades 4/4, Bu Darmi 2/5.
    assert by_q == {
        "manage_closely": ["Kades", "Pak Haji"],
        "keep_satisfied": [],
        "keep_informed": ["Bu Darmi"],
        "monitor": [],
    }
    html = r.content.decode()
    assert 'data-points="3"' in html
    # Numbers in the SVG are never written with a decimal comma (Indonesian locale).
    svg = html[html.index("<svg") : html.index("</svg>")]
    import re

    assert not re.search(r'(cx|cy|x|y)="\d+,\d', svg)
    assert "Kelola dengan cermat" in html


def test_grid_filter_by_hamlet(tiny, member_client):
    r = member_client.get(
        reverse("actors:grid", kwargs={"village": tiny.village.slug}) + "?hamlet=Bawah"
    )
    assert [p["name"] for p in r.context["points"]] == ["Bu Darmi"]


def test_venn_institutions(tiny):
    items = venn_institutions(tiny.village)
    assert [i["name"] for i in items] == ["KUD Maju"]
    kud = items[0]
    # Not assessed: importance from ties (its 1 tie is the most among institutions → 5);
    # closeness from households tied: Wati, the only institution's household → 5.
    assert kud["importance_source"] == "ties" and kud["importance"] == 5
    assert (
        kud["closeness_source"] == "ties"
        and kud["closeness"] == 5
        and kud["households_reached"] == 1
    )


def test_venn_uses_recorded_closeness(tiny, member_client):
    tiny.kud.attributes = {"closeness": 2}
    tiny.kud.save()
    r = member_client.get(reverse("actors:venn", kwargs={"village": tiny.village.slug}))
    assert r.context["items"][0]["closeness"] == 2.0
    assert 'data-circles="1"' in r.content.decode()


def test_reader_and_outsider(tiny, reader_client, outsider_client):
    for name in ("grid", "venn"):
        url = reverse(f"actors:{name}", kwargs={"village": tiny.village.slug})
        assert reader_client.get(url).status_code == 200
        assert outsider_client.get(url).status_code == 404


def test_grid_names_its_top_dots_on_the_picture_without_overlap(demo_village, member_client):
    from jejaring.actors.presentation import GRID_LABELS

    r = member_client.get(reverse("actors:grid", kwargs={"village": demo_village.slug}))
    html = r.content.decode()
    assert 'class="grid-labels"' in html
    labels = html.split('class="grid-labels"')[1].split("</g>")[0]
    assert 3 <= labels.count("<text") <= GRID_LABELS
    # every dot can be named: a link with the name for screen readers, a tooltip on hover
    assert html.count('aria-label="') >= html.count('class="grid-dot"')


def test_venn_says_which_actors_it_draws_and_keeps_whole_names(tiny, member_client):
    from jejaring.actors.models import Actor

    Actor.objects.create(
        village=tiny.village, name="Kelompok Pengrajin Bambu Rukun Sejahtera", kind="group"
    )
    html = member_client.get(
        reverse("actors:venn", kwargs={"village": tiny.village.slug})
    ).content.decode()
    assert 'id="venn-scope"' in html and "institusi atau kelompok" in html
    assert html.count("Kelompok Pengrajin Bambu Rukun Sejahtera") >= 3  # circle, title, table


def test_the_closeness_from_the_pra_session_is_typed_on_the_venn_page(
    tiny, member_client, reader_client
):
    """A facilitator types the community's closeness score (with a decimal comma) on the Venn
    page; a wrong value is refused and saves nothing; empty goes back to the estimate; a
    read-only member sees the numbers but no form and cannot post."""
    url = reverse("actors:venn", kwargs={"village": tiny.village.slug})
    page = member_client.get(url).content.decode()
    assert 'name="closeness"' in page

    r = member_client.post(url, {"actor": str(tiny.kud.pk), "closeness": "3,5"}, follow=True)
    tiny.kud.refresh_from_db()
    assert tiny.kud.attributes["closeness"] == 3.5
    item = r.context["items"][0]
    assert item["closeness"] == 3.5 and item["closeness_source"] == "recorded"

    r = member_client.post(url, {"actor": str(tiny.kud.pk), "closeness": "7"}, follow=True)
    tiny.kud.refresh_from_db()
    assert tiny.kud.attributes["closeness"] == 3.5
    assert "Kedekatan harus berupa angka 0 sampai 5" in r.content.decode()

    member_client.post(url, {"actor": str(tiny.kud.pk), "closeness": ""})
    tiny.kud.refresh_from_db()
    assert "closeness" not in tiny.kud.attributes
    assert venn_institutions(tiny.village)[0]["closeness_source"] == "ties"

    assert 'name="closeness"' not in reader_client.get(url).content.decode()
    denied = reader_client.post(url, {"actor": str(tiny.kud.pk), "closeness": "1"})
    assert denied.status_code == 403
    tiny.kud.refresh_from_db()
    assert "closeness" not in tiny.kud.attributes
