"""Importing actors and ties tables: all or nothing, stable ids, nothing twice, names reviewed."""

from __future__ import annotations

import pytest

from jejaring.actors.models import Actor, Assessment, Evidence, Tie, TieType
from jejaring.interchange import services as S
from jejaring.interchange.models import NameReview
from jejaring.interchange.problems import ImportRejected
from jejaring.interchange.tests.conftest import ACTORS, TIES, csv_bytes, model_counts

pytestmark = pytest.mark.django_db


def files(actors=ACTORS, ties=TIES):
    out = []
    if actors is not None:
        out.append(S.InputFile("aktor.csv", csv_bytes(actors)))
    if ties is not None:
        out.append(S.InputFile("hubungan.csv", csv_bytes(ties)))
    return out


def test_actors_ties_evidence_and_assessments_are_created(village):
    result = S.import_files(village, files())
    s = result.summary
    assert (s["actors_created"], s["ties_created"], s["evidence_created"]) == (3, 2, 1)
    assert s["assessments_created"] == 2  # A3 has no influence, interest or stance
    paiman = Actor.objects.get(village=village, code="A3")
    assert paiman.kind == "household" and paiman.welfare == "very_poor"
    assert paiman.hamlet.name == "Ngasem" and paiman.category.code == "household"
    credit = Tie.objects.get(village=village, source=paiman, type__code="credit")
    assert credit.target.code == "A2" and credit.directed  # borrower → lender
    assert (credit.frequency, credit.attachment, credit.exclusive) == ("monthly", "binding", True)
    [account] = Evidence.objects.filter(tie=credit)
    assert account.informant == paiman and account.account == "utang musim tanam"
    budi = Actor.objects.get(village=village, code="A1")
    assert list(budi.fields.values_list("code", flat=True)) == ["government"]
    a = Assessment.objects.get(actor=budi)
    assert (a.influence, a.interest, a.stance, a.rater_name) == (4, 3, 1, "aktor.csv, hubungan.csv")


def test_importing_the_same_files_again_changes_nothing(village):
    S.import_files(village, files())
    before = model_counts()
    version = village.__class__.objects.get(pk=village.pk).data_version
    again = S.import_files(village, files()).summary
    assert (again["actors_unchanged"], again["ties_unchanged"]) == (3, 2)
    assert again["actors_created"] == again["ties_created"] == again["evidence_created"] == 0
    assert model_counts() == before
    assert village.__class__.objects.get(pk=village.pk).data_version == version


def test_rows_update_the_actor_and_tie_they_name(village):
    S.import_files(village, files())
    actors = [
        ACTORS[0],
        [
            "A2",
            "Bu Darmi",
            "person",
            "moneylender",
            "Krajan",
            "female",
            "well_off",
            5,
            2,
            -1,
            "",
            "credit",
        ],
    ]
    ties = [TIES[0], ["A3", "A2", "kredit", "credit", "weekly", "binding", "yes", "", ""]]
    summary = S.import_files(village, files(actors, ties)).summary
    assert summary["actors_updated"] == 1 and summary["ties_updated"] == 1
    darmi = Actor.objects.get(village=village, code="A2")
    assert darmi.hamlet.name == "Krajan"
    assert darmi.assessments.count() == 2  # a new dated assessment, the old one kept
    assert Tie.objects.get(village=village, type__code="credit").frequency == "weekly"
    assert Tie.objects.filter(village=village).count() == 2


def test_an_undirected_tie_matches_in_either_direction(village):
    S.import_files(village, files(ties=[["source", "target", "type"], ["A1", "A2", "kinship"]]))
    S.import_files(village, files(ties=[["source", "target", "type"], ["A2", "A1", "kinship"]]))
    assert Tie.objects.filter(village=village, type__code="kinship").count() == 1


def test_any_error_writes_nothing_and_every_problem_is_located(village, indonesian):
    before = model_counts()
    ties = [
        TIES[0],
        TIES[1],
        ["A3", "A9", "credit", "", "", "", "", "", ""],
        ["A1", "A1", "advice", "", "hourly", "", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as exc:
        S.import_files(village, files(ties=ties))
    located = {(p.file, p.row, p.column) for p in exc.value.problems.errors}
    assert ("hubungan.csv", 3, "target") in located  # unknown actor A9
    assert ("hubungan.csv", 4, "target") in located  # a tie to oneself
    assert ("hubungan.csv", 4, "frequency") in located  # "hourly" is no frequency
    assert model_counts() == before
    text = exc.value.report()
    assert "baris 3" in text and "kolom 'target'" in text  # Indonesian, as the user reads it


def test_ties_alone_refer_to_actors_already_in_the_village(village):
    S.import_files(village, files())
    summary = S.import_files(
        village, files(actors=None, ties=[["dari", "ke", "jenis"], ["A1", "A2", "nasihat"]])
    ).summary
    assert summary["ties_created"] == 1
    assert Tie.objects.filter(village=village, type__code="advice").count() == 2


def test_unknown_terms_are_added_to_the_village_with_a_warning(village):
    result = S.import_files(
        village,
        files(
            actors=[["id", "name", "category"], ["B1", "Kelompok Tani Makmur", "Kelompok tani"]],
            ties=[["source", "target", "type", "directed"], ["B1", "B1x", "arisan", "no"]],
        )
        if False
        else [
            S.InputFile(
                "a.csv",
                csv_bytes(
                    [
                        ["id", "name", "category"],
                        ["B1", "Kelompok Tani Makmur", "Kelompok tani"],
                        ["B2", "Pak Karto", ""],
                    ]
                ),
            ),
            S.InputFile(
                "t.csv",
                csv_bytes([["source", "target", "type", "directed"], ["B2", "B1", "Arisan", "no"]]),
            ),
        ],
    )
    assert result.summary["new_terms"] == {"category": ["Kelompok tani"], "type": ["Arisan"]}
    arisan = TieType.objects.get(village=village, code="arisan")
    assert arisan.name == "Arisan" and not arisan.directed
    assert any("Arisan" in p.text() for p in result.problems.warnings)


def test_a_name_like_an_existing_actor_is_flagged_not_merged(demo_village):
    actors = [["id", "nama"], ["SLAMET-2", "Pak Haji Slamet"], ["DARSIH-2", "Mbah Darsih"]]
    result = S.import_files(demo_village, files(actors=actors, ties=None))
    assert result.summary["actors_created"] == 2  # imported, never silently merged
    reviews = {
        (r.actor.code, r.candidate.code, r.reason)
        for r in NameReview.objects.filter(village=demo_village)
    }
    assert ("SLAMET-2", "HAJI-SLAMET", "part") in reviews  # "H. Slamet Riyadi"
    assert ("DARSIH-2", "DARSIH", "same_name") in reviews


def test_merging_a_review_moves_the_ties_and_remembers_the_old_id(demo_village):
    S.import_files(
        demo_village,
        files(
            actors=[["id", "nama"], ["DARSIH-2", "Mbah Darsih"]],
            ties=[["dari", "ke", "jenis"], ["H001", "DARSIH-2", "credit"]],
        ),
    )
    review = NameReview.objects.get(village=demo_village, actor__code="DARSIH-2")
    darsih = review.candidate
    before = Tie.objects.filter(target=darsih).count()
    kept = S.resolve_review(review, "merge")
    assert kept == darsih
    assert not Actor.objects.filter(village=demo_village, code="DARSIH-2").exists()
    assert Tie.objects.filter(target=darsih).count() in (before, before + 1)
    # A later file still using the old id lands on the merged actor.
    summary = S.import_files(
        demo_village,
        files(actors=None, ties=[["dari", "ke", "jenis"], ["H002", "DARSIH-2", "credit"]]),
    ).summary
    assert summary["ties_created"] + summary["ties_unchanged"] == 1
    assert Tie.objects.filter(source__code="H002", target=darsih).exists()


def test_keeping_apart_is_remembered(demo_village):
    S.import_files(demo_village, files(actors=[["id", "nama"], ["D2", "Mbah Darsih"]], ties=None))
    review = NameReview.objects.get(village=demo_village, actor__code="D2")
    S.resolve_review(review, "separate")
    review.refresh_from_db()
    assert review.state == "separate"
    # Re-importing the same file opens no new review: the actor is no longer new.
    S.import_files(demo_village, files(actors=[["id", "nama"], ["D2", "Mbah Darsih"]], ties=None))
    assert NameReview.objects.filter(village=demo_village, actor__code="D2").count() == 1


def test_query_count_does_not_grow_with_the_rows(village, django_assert_max_num_queries):
    """Bulk writes: 300 actors and 1,000 ties cost the same few queries as 3 and 2."""
    actors = [["id", "name", "field"]] + [
        [f"X{i}", f"Warga {i:04d}", "agriculture"] for i in range(300)
    ]
    ties = [["source", "target", "type"]] + [
        [f"X{i % 300}", f"X{(i * 7 + 1) % 300}", "advice" if i % 2 else "credit"]
        for i in range(1000)
        if i % 300 != (i * 7 + 1) % 300
    ]
    with django_assert_max_num_queries(45):
        S.import_files(village, files(actors, ties))
    assert Actor.objects.filter(village=village).count() == 300


def test_a_dry_run_reports_and_writes_nothing(village):
    before = model_counts()
    result = S.import_files(village, files(), dry_run=True)
    assert result.summary["actors_created"] == 3 and not result.applied
    assert model_counts() == before
