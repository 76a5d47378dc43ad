"""The recommendations page (with its what-if), the report (HTML, PDF, pseudonymised), the lever
list and the supervisor view, as members, readers and outsiders use them."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from jejaring.actors.models import Actor
from jejaring.engagement.models import Engagement, StatusChange
from jejaring.reports import queries
from jejaring.reports.models import LeverList
from jejaring.villages.services import create_village, set_membership

pytestmark = pytest.mark.django_db


def url(name: str, village, **kwargs) -> str:
    return reverse(name, kwargs={"village": village.slug, **kwargs})


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def actor(village, code: str) -> Actor:
    return Actor.objects.get(village=village, code=code)


def text_of_pdf(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


# --------------------------------------------------------------------------- recommendations


def test_recommendations_page_explains_in_indonesian_by_default(member_client, demo_village):
    html = member_client.get(url("reports:recommendations", demo_village)).content.decode()
    assert '<html lang="id">' in html
    assert "Siapa yang didekati lebih dulu, dan melalui siapa" in html
    assert "Sisi positif setiap jaringan kepentingan" in html
    assert "Siapa yang dapat menghambat" in html
    # The first entry point is named with its reason.
    first = queries.recommendations(demo_village)["result"]["entry_points"][0]
    name = Actor.objects.get(pk=first["actor"]).name
    assert name in html
    assert "sangat menentang program" in html or "menentang program" in html


def test_recommendations_page_in_english(member_client, demo_village):
    html = english(member_client).get(url("reports:recommendations", demo_village)).content.decode()
    assert '<html lang="en">' in html
    assert "Whom to approach first, and through whom" in html
    assert "Levers" in html or "levers for a contribution" in html


def test_what_if_changes_the_lists_and_saves_nothing(member_client, demo_village):
    haji = actor(demo_village, "HAJI-SLAMET")
    status_before = Engagement.objects.get(actor=haji).status
    changes_before = StatusChange.objects.count()
    response = english(member_client).get(
        url("reports:recommendations", demo_village), {"supportive": [str(haji.pk)]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "What the marks change" in html
    # Marked supportive: already carries the message, so no longer an entry point.
    entry_section = html.split('id="entry-points"')[1].split('id="patron-levers"')[0]
    assert f'data-actor="{haji.pk}"' not in entry_section
    # The mark is kept in the form, checked.
    assert f'name="supportive" value="{haji.pk}" checked' in html
    assert Engagement.objects.get(actor=haji).status == status_before
    assert StatusChange.objects.count() == changes_before


def test_htmx_gets_only_the_part_to_swap(member_client, demo_village):
    response = member_client.get(
        url("reports:recommendations", demo_village), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="recommendations"')
    assert "<html" not in html


def test_bad_what_if_input_is_reported_not_crashed(member_client, demo_village):
    response = english(member_client).get(
        url("reports:recommendations", demo_village), {"forum_size": "many", "supportive": ["x"]}
    )
    assert response.status_code == 200
    assert "Forum seats" in response.content.decode()
    assert 'class="errorlist"' in response.content.decode()


def test_what_if_ignores_actors_of_another_village(demo_village):
    other = create_village("Desa Seberang", slug="desa-seberang")
    stranger = Actor.objects.create(village=other, code="X", name="Orang Lain", kind="person")
    marks = queries.parse_what_if(demo_village, [str(stranger.pk)], [])
    assert marks == {"approached": [], "supportive": []}


# --------------------------------------------------------------------------- report


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("id", ["Ringkasan", "Peta jaringan", "Matriks pemangku kepentingan", "Rekomendasi"]),
        ("en", ["Summary", "Network map", "Stakeholder grid", "Recommendations"]),
    ],
)
def test_report_page_renders_in_both_languages(member_client, demo_village, language, titles):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = member_client.get(url("reports:report", demo_village))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    for title in titles:
        assert title in html
    assert "<svg" in html  # the map picture
    assert "report-print.css" in html  # the print stylesheet
    assert "Darsih" in html


def _recommended_names(village) -> set[str]:
    result = queries.recommendations(village)["result"]
    ids = {
        item["actor"]
        for key in ("entry_points", "patron_levers", "blockers")
        for item in result[key][: queries.REPORT_ITEMS]
    }
    return set(Actor.objects.filter(pk__in=ids).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("language", "sections"),
    [
        (
            "id",
            [
                "Ringkasan",
                "Peta jaringan",
                "Matriks pemangku kepentingan",
                "Aktor kunci dan perannya",
                "Kelompok patron dan keterpaparan warga miskin",
                "Perantara antarkelompok",
                "Kemajuan pendekatan",
                "Keterwakilan dalam forum",
                "Rekomendasi",
            ],
        ),
        (
            "en",
            [
                "Summary",
                "Network map",
                "Stakeholder grid",
                "Key actors and their roles",
                "Patron clusters and poverty exposure",
                "Brokers between groups",
                "Engagement progress",
                "Forum coverage",
                "Recommendations",
            ],
        ),
    ],
)
def test_pdf_has_the_village_the_sections_and_the_recommended_actors(
    member_client, demo_village, language, sections
):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = member_client.get(url("reports:report_pdf", demo_village))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of_pdf(response.content)
    assert demo_village.name in text
    for title in sections:
        assert title in text, title
    for name in _recommended_names(demo_village):
        assert name in text, name


def test_pseudonymised_report_names_nobody(member_client, demo_village):
    names = ["Darsih", "H. Slamet Riyadi", "Juragan Hartono"]
    html = member_client.get(
        url("reports:report", demo_village), {"pseudonymize": "1"}
    ).content.decode()
    body = member_client.get(url("reports:report_pdf", demo_village), {"pseudonymize": "1"})
    text = text_of_pdf(body.content)
    for name in names:
        assert name not in html and name not in text
    assert "Rentenir 1" in text  # people named by category and number


def test_an_empty_village_gets_empty_lists_not_an_error(client, personas):
    empty = create_village("Desa Baru", slug="desa-baru")
    set_membership(empty, personas.member, "facilitator")
    client.force_login(personas.member)
    for name in ("reports:recommendations", "reports:report", "reports:report_pdf"):
        assert client.get(url(name, empty)).status_code == 200, name
    data = client.get("/api/v1/villages/desa-baru/recommendations").json()
    assert data["result"]["entry_points"] == [] and data["result"]["forum"]["members"] == []


# --------------------------------------------------------------------------- levers


def test_a_village_lever_reaches_the_recommendations(member_client, demo_village):
    response = member_client.post(
        url("reports:levers", demo_village),
        {
            "form": "credit",
            "text": "Menyalurkan zakat lewat kelompok simpan pinjam",
            "when": "always",
        },
    )
    assert response.status_code == 302
    result = queries.recommendations(demo_village)["result"]
    darsih = actor(demo_village, "DARSIH")
    item = next(x for x in result["patron_levers"] if x["actor"] == str(darsih.pk))
    texts = [lv["text"].get("id") for lv in item["levers"]]
    assert "Menyalurkan zakat lewat kelompok simpan pinjam" in texts


def test_hiding_a_default_lever_removes_it_and_showing_brings_it_back(member_client, demo_village):
    hide = url("reports:lever_hide", demo_village)
    member_client.post(hide, {"form": "credit", "code": "written_loan_terms", "hidden": "1"})

    def codes():
        result = queries.recommendations(demo_village)["result"]
        return {lv["code"] for item in result["patron_levers"] for lv in item["levers"]}

    assert "written_loan_terms" not in codes()
    member_client.post(hide, {"form": "credit", "code": "written_loan_terms", "hidden": "0"})
    assert "written_loan_terms" in codes()


def test_a_malformed_lever_list_is_refused_and_nothing_saved(member_client, demo_village):
    response = english(member_client).post(
        url("reports:levers_json", demo_village),
        {"data": '{"forms": {"credit": {"levers": [{"code": "x", "when": {"colour": 1}}]}}}'},
    )
    assert response.status_code == 400
    assert (
        "unknown condition" in response.content.decode()
        or "needs a text" in response.content.decode()
    )
    assert not LeverList.objects.filter(village=demo_village).exists()


def test_readers_see_levers_but_cannot_change_them(reader_client, demo_village):
    assert reader_client.get(url("reports:levers", demo_village)).status_code == 200
    response = reader_client.post(
        url("reports:levers", demo_village), {"form": "credit", "text": "x", "when": "always"}
    )
    assert response.status_code == 403
    assert not LeverList.objects.filter(village=demo_village).exists()


# --------------------------------------------------------------------------- supervisor


def test_supervisor_sees_only_their_villages(client, personas, demo_village):
    secret = create_village("Desa Rahasia", slug="desa-rahasia")
    mine = create_village("Desa Kedua", slug="desa-kedua")
    set_membership(mine, personas.member, "supervisor")
    client.force_login(personas.member)
    response = client.get(reverse("supervisor:overview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-village="tegalrejo"' in html and 'data-village="desa-kedua"' in html
    assert "desa-rahasia" not in html and secret.name not in html
    # Each row links into the village's report.
    assert reverse("reports:report", kwargs={"village": "tegalrejo"}) in html


def test_supervisor_row_figures_come_from_the_village(demo_village):
    row = queries.village_overview(demo_village)
    assert row["actors"] == Actor.objects.filter(village=demo_village).count()
    assert row["captive_poor"] > 0
    assert 0 < row["mean_concentration"] <= 1
    assert 0 < row["approached_share"] < 1
    assert 0 < row["forum_coverage"] <= 1


def test_supervisor_report_as_pdf(member_client):
    response = english(member_client).get(reverse("supervisor:pdf"))
    text = text_of_pdf(response.content)
    assert "Villages compared" in text and "Tegalrejo" in text


def test_supervisor_view_needs_a_login(client):
    response = client.get(reverse("supervisor:overview"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_outsider_does_not_see_the_demo_village(outsider_client):
    html = outsider_client.get(reverse("supervisor:overview")).content.decode()
    assert "tegalrejo" not in html and "desa-lain" in html


def test_what_if_takes_several_actors_per_box(member_client, demo_village):
    """Issue 12 #13: a round of visits is several people, added in one go."""
    haji = actor(demo_village, "HAJI-SLAMET")
    kades = actor(demo_village, "KADES")
    kyai = actor(demo_village, "KYAI")
    response = english(member_client).get(
        url("reports:recommendations", demo_village),
        {"add_supportive": [str(haji.pk), str(kades.pk)], "add_approached": [str(kyai.pk)]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    for person in (haji, kades):
        assert f'name="supportive" value="{person.pk}" checked' in html
    assert f'name="approached" value="{kyai.pk}" checked' in html
    assert 'name="add_supportive" id="id_add_supportive" multiple' in html
