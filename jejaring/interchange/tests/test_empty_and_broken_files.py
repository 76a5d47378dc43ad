"""A file with only its header, or with a quote never closed, says what is wrong (issue 16 #8)."""

from __future__ import annotations

import pytest

from jejaring.actors.models import Actor
from jejaring.cli.tests.test_commands import jejaring
from jejaring.interchange import services as S
from jejaring.interchange.problems import ImportRejected
from jejaring.interchange.tests.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "file",
    [
        S.InputFile("aktor.csv", csv_bytes([["id", "name"]])),
        S.InputFile("desa.xlsx", xlsx_bytes({"aktor": [["id", "name"]]})),
    ],
    ids=["csv", "xlsx"],
)
def test_a_header_only_file_names_what_is_missing(demo_village, file):
    with pytest.raises(ImportRejected) as exc:
        S.import_files(demo_village, [file], dry_run=True)
    [problem] = exc.value.problems.errors
    assert problem.file == file.name and "no rows under the column names" in problem.message


def test_an_unterminated_quote_is_reported_at_its_row(demo_village):
    data = b'id,name\nQ1,Pak Satu\nQ2,"Bu Dua\nQ3,Pak Tiga\nQ4,Bu Empat\n'
    with pytest.raises(ImportRejected) as exc:
        S.import_files(demo_village, [S.InputFile("aktor.csv", data)])
    [problem] = exc.value.problems.errors
    assert (problem.file, problem.row) == ("aktor.csv", 3) and "never closed" in problem.message
    assert not Actor.objects.filter(code__in=["Q1", "Q2", "Q3"]).exists()


def test_quoted_values_with_separators_and_line_breaks_still_read(demo_village):
    data = b'id,name,notes\nQ1,"Pak, Satu","baris satu\nbaris ""dua"""\n'
    S.import_files(demo_village, [S.InputFile("aktor.csv", data)], match_names=False)
    actor = Actor.objects.get(village=demo_village, code="Q1")
    assert actor.name == "Pak, Satu" and actor.notes == 'baris satu\nbaris "dua"'


def test_the_command_line_prints_the_problem(tmp_path):
    path = tmp_path / "aktor.csv"
    path.write_bytes(csv_bytes([["id", "name"]]))
    assert jejaring("demo", data_dir=tmp_path / "d").returncode == 0
    result = jejaring(
        "import",
        "--village",
        "tegalrejo",
        "--actors",
        str(path),
        data_dir=tmp_path / "d",
        env={"JEJARING_LANGUAGE": "en"},
    )
    assert result.returncode == 2 and "no rows under the column names" in result.stderr
