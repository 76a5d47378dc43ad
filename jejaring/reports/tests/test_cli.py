"""``jejaring report`` as users run it: a separate process with its own data folder."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader


def jejaring(*args: str, data_dir) -> subprocess.CompletedProcess:
    env = dict(os.environ, JEJARING_DATA_DIR=str(data_dir))
    env.pop("DATABASE_URL", None)  # a fresh SQLite database in the folder, as a user gets
    return subprocess.run(
        [sys.executable, "-m", "jejaring", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-cli")
    result = jejaring("demo", data_dir=folder)
    assert result.returncode == 0, result.stderr
    return folder


def test_pdf_in_english(data_dir, tmp_path):
    out = tmp_path / "tegalrejo.pdf"
    result = jejaring(
        "report",
        "--village",
        "tegalrejo",
        "--format",
        "pdf",
        "--lang",
        "en",
        "--output",
        str(out),
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    text = re.sub(
        r"\s+",
        " ",
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages),
    )
    assert "Village network report: Tegalrejo" in text
    assert "Whom to approach first" in text and "Darsih" in text


def test_pseudonymised_html_in_indonesian(data_dir, tmp_path):
    out = tmp_path / "tegalrejo.html"
    result = jejaring(
        "report",
        "--village",
        "tegalrejo",
        "--format",
        "html",
        "--lang",
        "id",
        "--pseudonymize",
        "--output",
        str(out),
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert '<html lang="id">' in html and "Laporan jaringan desa: Tegalrejo" in html
    assert "Darsih" not in html and "Rentenir" in html
    assert "<style>" in html and "@media print" in html  # one self-contained, printable file


def test_unknown_village_is_bad_input(data_dir, tmp_path):
    result = jejaring(
        "report", "--village", "atlantis", "--output", str(tmp_path / "x.pdf"), data_dir=data_dir
    )
    assert result.returncode == 2
    assert "atlantis" in result.stderr and "tegalrejo" in result.stderr
