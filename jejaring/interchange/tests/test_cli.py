"""The import, export, xlsform, load-example and backup commands, run as users run them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jejaring.cli.tests.test_commands import jejaring
from jejaring.interchange.tests.conftest import csv_bytes


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    """An installation with the demo village."""
    folder = tmp_path_factory.mktemp("laptop")
    assert jejaring("demo", data_dir=folder).returncode == 0
    return folder


def test_json_moves_a_village_to_an_empty_installation_exactly(laptop, tmp_path):
    exported = tmp_path / "tegalrejo.json"
    result = jejaring(
        "export",
        "--village",
        "tegalrejo",
        "--format",
        "json",
        "--output",
        str(exported),
        data_dir=laptop,
    )
    assert result.returncode == 0, result.stderr
    server = tmp_path / "server"
    result = jejaring(
        "import", "--village", "tegalrejo", "--create", "--json", str(exported), data_dir=server
    )
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again.json"
    assert (
        jejaring(
            "export",
            "--village",
            "tegalrejo",
            "--format",
            "json",
            "--output",
            str(again),
            data_dir=server,
        ).returncode
        == 0
    )
    a, b = json.loads(exported.read_text()), json.loads(again.read_text())
    a.pop("exported_at")
    b.pop("exported_at")
    assert a == b
    assert len(a["records"]["engagement.forum"]) == 1 and a["records"]["engagement.contact"]


def test_bad_input_exits_2_naming_row_and_column_in_indonesian(laptop, tmp_path):
    bad = tmp_path / "aktor.csv"
    bad.write_bytes(csv_bytes([["kode", "nama", "pengaruh"], ["Z1", "Pak Z", "tujuh"]]))
    result = jejaring(
        "import",
        "--village",
        "tegalrejo",
        "--actors",
        str(bad),
        data_dir=laptop,
        env={"JEJARING_LANGUAGE": "id"},
    )
    assert result.returncode == 2
    assert "aktor.csv, baris 2, kolom 'pengaruh'" in result.stderr
    assert "seharusnya angka" in result.stderr
    english = jejaring(
        "import",
        "--village",
        "tegalrejo",
        "--actors",
        str(bad),
        data_dir=laptop,
        env={"JEJARING_LANGUAGE": "en"},
    )
    assert english.returncode == 2 and "row 2, column 'pengaruh'" in english.stderr


def test_csv_export_and_reimport_with_a_progress_bar(laptop, tmp_path):
    out = tmp_path / "csv"
    assert (
        jejaring(
            "export",
            "--village",
            "tegalrejo",
            "--format",
            "csv",
            "--output",
            str(out),
            data_dir=laptop,
        ).returncode
        == 0
    )
    result = jejaring(
        "import",
        "--village",
        "salinan",
        "--create",
        "--actors",
        str(out / "actors.csv"),
        "--ties",
        str(out / "ties.csv"),
        "--no-name-check",
        data_dir=laptop,
        env={"JEJARING_LANGUAGE": "en"},
    )
    assert result.returncode == 0, result.stderr
    assert "Saving ties" in result.stderr  # the progress, on stderr
    assert "actors created" in result.stdout


def test_xlsform_writes_the_choices_csv_beside_the_form(laptop, tmp_path):
    form = tmp_path / "forms" / "tegalrejo.xlsx"
    result = jejaring("xlsform", "--village", "tegalrejo", "--output", str(form), data_dir=laptop)
    assert result.returncode == 0, result.stderr
    assert form.exists() and (form.parent / "actors_tegalrejo.csv").exists()


def test_backup_writes_every_village_and_a_consistent_database_copy(laptop, tmp_path):
    out = tmp_path / "backup"
    result = jejaring("backup", "--output", str(out), data_dir=laptop)
    assert result.returncode == 0, result.stderr
    assert (out / "tegalrejo.json").exists()
    with sqlite3.connect(out / "jejaring.sqlite3") as db:
        [(n,)] = db.execute("select count(*) from actors_actor").fetchall()
        [(ok,)] = db.execute("pragma integrity_check").fetchall()
    assert n > 250 and ok == "ok"


def test_load_example(tmp_path):
    result = jejaring("load-example", "florentine", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Padgett" in result.stdout and "GPL" in result.stdout
    again = jejaring("load-example", "florentine", data_dir=tmp_path)
    assert again.returncode == 2 and "--replace" in again.stderr
    assert jejaring("load-example", "karnataka-54", data_dir=tmp_path).returncode == 2


def _villages(folder) -> dict[str, str]:
    with sqlite3.connect(folder / "jejaring.sqlite3") as db:
        return dict(db.execute("select slug, id from villages_village").fetchall())


def _export_json(folder, slug, path) -> dict:
    args = ("export", "--village", slug, "--format", "json", "--output", str(path))
    assert jejaring(*args, data_dir=folder).returncode == 0
    doc = json.loads(path.read_text())
    doc.pop("exported_at")
    return doc


def test_restoring_under_another_name_makes_an_independent_copy(laptop, tmp_path):
    """Issue 16 #7: ``--village other --create --json`` never updates the original."""
    original = _export_json(laptop, "tegalrejo", tmp_path / "a.json")
    result = jejaring(
        "import",
        "--village",
        "salinan-json",
        "--create",
        "--json",
        str(tmp_path / "a.json"),
        data_dir=laptop,
    )
    assert result.returncode == 0, result.stderr
    slugs = _villages(laptop)
    assert "salinan-json" in slugs and slugs["salinan-json"] != slugs["tegalrejo"]
    assert _export_json(laptop, "tegalrejo", tmp_path / "b.json") == original
    copy = _export_json(laptop, "salinan-json", tmp_path / "c.json")
    assert {r["name"] for r in copy["records"]["actors.actor"]} == {
        r["name"] for r in original["records"]["actors.actor"]
    }
    ids = {r["id"] for rows in original["records"].values() for r in rows}
    assert not ids & {r["id"] for rows in copy["records"].values() for r in rows}


@pytest.mark.parametrize("dry_run", [True, False])
def test_create_with_a_rejected_file_or_a_dry_run_leaves_no_village(laptop, tmp_path, dry_run):
    """Issue 16 #8: all or nothing includes the village."""
    bad = tmp_path / "aktor.csv"
    rows = [["id", "name", "influence"], ["X1", "Pak X", "3" if dry_run else "nine"]]
    bad.write_bytes(csv_bytes(rows))
    slug = f"kosong-{str(dry_run).lower()}"
    args = ["import", "--village", slug, "--create", "--actors", str(bad)]
    result = jejaring(*args, *(["--dry-run"] if dry_run else []), data_dir=laptop)
    assert result.returncode == (0 if dry_run else 2), result.stderr
    assert slug not in _villages(laptop)
