"""The stakeholder register: search, filters, sorting, pagination, bulk changes, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jejaring.actors.models import Actor, Category
from jejaring.actors.queries import RegisterQuery, register_page

pytestmark = pytest.mark.django_db


def url(village, **params):
    from urllib.parse import urlencode

    base = reverse("actors:register", kwargs={"village": village.slug})
    return base + ("?" + urlencode(params) if params else "")


def names(response) -> list[str]:
    return [a.name for a in response.context["page"].rows]


def test_register_lists_every_actor_by_name(tiny, member_client):
    r = member_client.get(url(tiny.village))
    assert r.status_code == 200
    # Hand count: the seven actors of factories.py, in alphabetical order.
    assert names(r) == ["Bu Darmi", "KUD Maju", "Kades", "Pak Haji", "Sri", "Tono", "Wati"]
    assert r.context["page"].count == 7


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "haji"}, ["Pak Haji"]),
        ({"q": "TONO"}, ["Tono"]),  # the id
        ({"category": "household"}, ["Sri", "Tono", "Wati"]),
        ({"hamlet": "Bawah"}, ["Bu Darmi", "Tono", "Wati"]),
        ({"welfare": "very_poor"}, ["Tono"]),
        # Pak Haji's latest stance is +1 (rater B, 1 Oct), not rater A's older -1.
        ({"stance": "1"}, ["Pak Haji"]),
        ({"stance": "-2"}, ["Bu Darmi"]),
        ({"scope": "stakeholders"}, ["Bu Darmi", "KUD Maju", "Kades", "Pak Haji"]),
        ({"status": "not_approached", "scope": "households"}, ["Sri", "Tono", "Wati"]),
        ({"assessed": "never", "scope": "stakeholders"}, ["KUD Maju"]),
    ],
)
def test_filters(tiny, member_client, params, expected):
    assert names(member_client.get(url(tiny.village, **params))) == expected


def test_stale_assessments_filter(tiny):
    import datetime as dt

    page = register_page(tiny.village, RegisterQuery(assessed="stale"), today=dt.date(2026, 11, 1))
    # Kades was last assessed 200 days before 1 Nov 2026; Pak Haji on 1 Oct, Bu Darmi 10 days.
    assert [a.name for a in page.rows] == ["Kades"]


def test_field_filter(tiny, member_client):
    from jejaring.actors.models import Field

    tiny.kades.fields.add(Field.objects.get(village__isnull=True, code="government"))
    assert names(member_client.get(url(tiny.village, field="government"))) == ["Kades"]


def test_sort_by_influence_puts_unassessed_last(tiny, member_client):
    got = names(member_client.get(url(tiny.village, sort="-influence")))
    # Latest influence: Pak Haji 5, Kades 4, Bu Darmi 2; the others are not assessed.
    assert got[:3] == ["Pak Haji", "Kades", "Bu Darmi"]
    assert set(got[3:]) == {"KUD Maju", "Sri", "Tono", "Wati"}


def test_sort_by_a_network_measure(tiny, member_client):
    from jejaring.analysis.results import actor_index, current_analysis

    index = actor_index(current_analysis(tiny.village))
    got = names(member_client.get(url(tiny.village, sort="-degree")))
    degrees = [
        index[str(Actor.objects.get(village=tiny.village, name=n).pk)]["degree"] for n in got
    ]
    assert degrees == sorted(degrees, reverse=True)
    # Hand count of current ties: Sri has 2 (credit, kinship), Tono 3, Pak Haji 2.
    assert got[0] == "Tono"


def test_pagination_keeps_filters(demo_village, member_client):
    r = member_client.get(url(demo_village, scope="households", page=2))
    page = r.context["page"]
    assert page.page == 2 and len(page.rows) == 50
    html = r.content.decode()
    assert "scope=households" in html and "page=3" in html


def test_htmx_request_gets_only_the_results(tiny, member_client):
    r = member_client.get(url(tiny.village, q="sri"), HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert 'id="register-results"' in html and "<html" not in html


def test_register_queries_do_not_grow_with_actors(
    demo_village, member_client, django_assert_max_num_queries
):
    member_client.get(url(demo_village))  # computes and caches the analysis
    # Session, user, membership, filter choices (3), ids, rows, fields, the data version and
    # the cached analysis: a fixed number whatever the number of actors or ties.
    with django_assert_max_num_queries(12):
        r = member_client.get(url(demo_village, sort="-patron_score"))
    assert len(r.context["page"].rows) == 50


def test_bulk_change_of_category_and_hamlet(tiny, member_client):
    official = Category.objects.get(village__isnull=True, code="village_official")
    version = tiny.village.data_version
    r = member_client.post(
        reverse("actors:bulk", kwargs={"village": tiny.village.slug}),
        {"actors": [tiny.sri.pk, tiny.tono.pk], "category": official.pk, "hamlet": tiny.atas.pk},
    )
    assert r.status_code == 302
    for a in (tiny.sri, tiny.tono):
        a.refresh_from_db()
        assert a.category == official and a.hamlet == tiny.atas
    tiny.wati.refresh_from_db()
    assert tiny.wati.category.code == "household"
    tiny.village.refresh_from_db()
    assert tiny.village.data_version > version


def test_bulk_ignores_actors_of_another_village(tiny, demo_village, member_client):
    other = Actor.objects.filter(village=demo_village).first()
    r = member_client.post(
        reverse("actors:bulk", kwargs={"village": tiny.village.slug}),
        {"actors": [other.pk], "hamlet": tiny.atas.pk},
        follow=True,
    )
    other.refresh_from_db()
    assert other.hamlet_id != tiny.atas.pk
    assert r.status_code == 200


def test_bulk_without_a_choice_says_so_in_indonesian(tiny, member_client):
    r = member_client.post(
        reverse("actors:bulk", kwargs={"village": tiny.village.slug}),
        {"actors": [tiny.sri.pk]},
        follow=True,
    )
    assert "Pilih kategori, dusun, atau tingkat kesejahteraan" in r.content.decode()


def test_bulk_change_sets_welfare(tiny, member_client):
    page = member_client.get(reverse("actors:register", kwargs={"village": tiny.village.slug}))
    assert 'name="welfare" id="bulk-welfare"' in page.content.decode()
    r = member_client.post(
        reverse("actors:bulk", kwargs={"village": tiny.village.slug}),
        {"actors": [tiny.sri.pk, tiny.tono.pk], "welfare": "very_poor"},
    )
    assert r.status_code == 302
    for a in (tiny.sri, tiny.tono):
        a.refresh_from_db()
        assert a.welfare == "very_poor"


def test_reader_sees_register_but_cannot_bulk_change(tiny, reader_client):
    r = reader_client.get(url(tiny.village))
    assert r.status_code == 200 and 'id="bulk-form"' not in r.content.decode()
    r = reader_client.post(
        reverse("actors:bulk", kwargs={"village": tiny.village.slug}),
        {"actors": [tiny.sri.pk], "hamlet": tiny.atas.pk},
    )
    assert r.status_code == 403


def test_outsider_gets_404(tiny, outsider_client):
    assert outsider_client.get(url(tiny.village)).status_code == 404


def test_search_suggestions_put_name_starts_first(tiny, member_client):
    r = member_client.get(
        reverse("actors:search", kwargs={"village": tiny.village.slug}), {"q": "a"}
    )
    html = r.content.decode()
    # Names starting with "a" first: none; then alphabetical among those containing "a".
    assert 'value="Bu Darmi [DARMI]"' in html and "Desa Uji" not in html
    r = member_client.get(
        reverse("actors:search", kwargs={"village": tiny.village.slug}), {"source": "Wa"}
    )
    assert r.content.decode().strip().startswith('<option value="Wati [WATI]"')


def test_history_restore_gets_the_whole_page(tiny, member_client):
    r = member_client.get(
        url(tiny.village), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in r.content.decode()
