"""The field form (XLSForm) and the import of its KoboToolbox and ODK Central exports."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from jejaring.actors.models import Actor, Discussion, Evidence, Tie
from jejaring.interchange import services as S
from jejaring.interchange import xlsform
from jejaring.interchange.models import NameReview
from jejaring.interchange.problems import ImportRejected
from jejaring.interchange.tests.conftest import model_counts
from jejaring.interchange.tests.fieldform import interviews, kobo_export, odk_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(demo_village):
    return xlsform.build(demo_village)


def test_the_form_converts_with_pyxform_in_both_languages(form, tmp_path):
    from pyxform.xls2xform import convert

    data, csv_name, csv_data = form
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    (tmp_path / csv_name).write_bytes(csv_data)
    xml = convert(xlsform=str(path), validate=False).xform
    assert 'lang="Indonesian (id)"' in xml and 'lang="English (en)"' in xml
    assert "Dari siapa Anda meminjam uang?" in xml and "From whom do you borrow money?" in xml
    assert "Kepada siapa Anda menjual hasil panen?" in xml
    assert "Untuk siapa Anda mengerjakan pesanan?" in xml  # the craftsman chain (issue 12)
    assert "Tanah siapa yang Anda garap atau sewa?" in xml
    assert f"jr://file-csv/{csv_name}" in xml  # select_one_from_file
    for question in (
        "credit_form",
        "credit_freq",
        "credit_attach",
        "credit_switch",
        "credit_terms",
        "credit_back",
        "credit_who_new",
    ):
        assert f"/{question}" in xml


def test_one_name_generator_per_dependency_type(demo_village, form):
    from jejaring.actors.models import TieType

    wb = load_workbook(io.BytesIO(form[0]), read_only=True)
    repeats = [r[1] for r in wb["survey"].iter_rows(values_only=True) if r[0] == "begin_repeat"]
    codes = TieType.objects.filter(is_dependency=True, village__isnull=True).values_list(
        "code", flat=True
    )
    assert sorted(repeats) == sorted(f"r_{xlsform.short_name(c)}" for c in codes)


def test_the_choices_csv_lists_every_actor_and_a_new_person(demo_village, form):
    _, _, csv_data = form
    rows = list(csv.DictReader(io.StringIO(csv_data.decode())))
    assert rows[0]["name"] == xlsform.NEW_PERSON
    names = {r["name"] for r in rows[1:]}
    assert names == set(Actor.objects.filter(village=demo_village).values_list("code", flat=True))


def test_kobo_export_becomes_interviews_ties_and_evidence(demo_village, form):
    data = kobo_export(form[0], interviews())
    result = S.import_files(demo_village, [S.InputFile("kobo.xlsx", data)])
    assert result.kind == "kobo"
    s = result.summary
    assert (s["discussions_created"], s["evidence_created"]) == (2, 4)
    interview = Discussion.objects.get(external_id="0b1f6e2a-0001-4d6c-9a71-aaaaaaaaaaaa")
    h001 = Actor.objects.get(village=demo_village, code="H001")
    assert interview.kind == "survey" and list(interview.participants.all()) == [h001]
    assert interview.date.isoformat() == "2026-10-01" and "Rina Pratiwi" in interview.notes
    darsih = Actor.objects.get(village=demo_village, code="DARSIH")
    account = Evidence.objects.get(discussion=interview, tie__target=darsih)
    assert account.informant == h001 and account.tie.source == h001  # client → patron
    assert account.reported["frequency"] == "monthly" and account.reported["exclusive"] is True
    assert account.reported["reciprocation"] == "tenaga waktu panen"
    land = Tie.objects.get(
        source=h001, target__code="HAJI-SLAMET", type__code="land", is_current=True
    )
    assert Evidence.objects.filter(tie=land, discussion=interview).exists()
    # "Mbah Darsih" is not certainly Darsih: a new actor, with a review.
    review = NameReview.objects.get(village=demo_village, actor__name="Mbah Darsih")
    assert review.candidate == darsih
    sukiman = Actor.objects.get(village=demo_village, name="Sukiman Wiryo")
    assert sukiman.consent == "given" and sukiman.gender == "male"
    assert Tie.objects.filter(
        source=sukiman, target__code="TOKE", type__code="purchase", exclusive=False
    ).exists()


def test_importing_the_same_export_again_adds_nothing(demo_village, form):
    data = kobo_export(form[0], interviews(), group_headers=False)
    S.import_files(demo_village, [S.InputFile("kobo.xlsx", data)])
    before = model_counts()
    again = S.import_files(demo_village, [S.InputFile("kobo.xlsx", data)]).summary
    assert again["submissions_skipped"] == 2 and again["evidence_created"] == 0
    assert model_counts() == before


def test_odk_central_csv_zip_imports_the_same_way(demo_village, form):
    data = odk_export(form[0], xlsform.form_id(demo_village), interviews())
    result = S.import_files(demo_village, [S.InputFile("odk.zip", data)])
    assert result.kind == "odk" and result.summary["evidence_created"] == 4
    assert Discussion.objects.filter(
        external_id="uuid:0b1f6e2a-0002-4d6c-9a71-bbbbbbbbbbbb"
    ).exists()
    again = S.import_files(demo_village, [S.InputFile("odk.zip", data)]).summary
    assert again["submissions_skipped"] == 2


def test_bad_answers_are_located_and_nothing_is_written(demo_village, form, indonesian):
    subs = interviews()
    subs[0]["repeats"]["r_credit"][0]["credit_freq"] = "hourly"
    subs[1]["repeats"]["r_purchase"][0]["_parent_index"] = 99  # belongs to no submission
    subs[1]["repeats"]["r_purchase"][0]["_submission__uuid"] = "lost"
    subs[1]["respondent"] = ""
    subs[1]["respondent_new"] = ""
    before = model_counts()
    with pytest.raises(ImportRejected) as exc:
        S.import_files(demo_village, [S.InputFile("kobo.xlsx", kobo_export(form[0], subs))])
    located = {
        (p.file.rsplit("'", 2)[-2] if "'" in p.file else p.file, p.row, p.column)
        for p in exc.value.problems.errors
    }
    assert ("r_credit", 2, "r_credit/credit_freq") in located
    assert ("r_purchase", 2, "_parent_index") in located
    assert ("Jejaring Tegalrejo", 3, "respondent") in located  # no respondent at all
    assert model_counts() == before


def test_the_form_download_page_gives_form_and_list(demo_village, member_client):
    response = member_client.get(f"/v/{demo_village.slug}/data/field-form/?download=1")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(
        [f"{xlsform.form_id(demo_village)}.xlsx", xlsform.choices_file_name(demo_village)]
    )
