"""``jejaring engagement``: the dashboard's figures on the command line."""

from __future__ import annotations

import argparse
import json

import pytest
from django.utils import translation

from jejaring.cli.commands import engagement
from jejaring.cli.errors import BadInput

pytestmark = pytest.mark.django_db


def run(capsys, **kw):
    args = argparse.Namespace(**{"village": "tegalrejo", "format": "json", "date": None, **kw})
    with translation.override("id"):
        code = engagement.run(args)
    return code, capsys.readouterr().out


def test_json_lists_progress_and_what_is_overdue(demo_village, capsys):
    from conftest import DEMO_TODAY

    code, out = run(capsys, date=DEMO_TODAY.isoformat())
    data = json.loads(out)
    assert code == 0 and data["today"] == DEMO_TODAY.isoformat()
    assert data["overall"]["total"] > 30
    assert data["groups"][0]["group"] == "officials"
    assert "Menyusun aturan dana bergulir bersama BPD" in [
        a["text"] for a in data["overdue_actions"]
    ]
    # the demo's planned visit to the mobile lender, nine days ago, was never made
    late = {(c["actor_name"], c["kind"], c["days_late"]) for c in data["overdue_contacts"]}
    assert ("Untung", "planned", 9) in late


def test_text_output(demo_village, capsys, monkeypatch):
    monkeypatch.setenv("JEJARING_LANGUAGE", "en")
    code, out = run(capsys, format="text")
    assert code == 0 and "Tegalrejo (tegalrejo)" in out and "Overdue action items" in out


def test_text_output_follows_lang(demo_village, capsys, monkeypatch):
    """``jejaring --lang id engagement`` speaks Indonesian, whatever the locale says."""
    from jejaring.cli import main

    monkeypatch.setenv("JEJARING_LANGUAGE", "en")  # restored after the test
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with translation.override("en"):
        code = main(["--lang", "id", "engagement", "--village", "tegalrejo", "--format", "text"])
    out = capsys.readouterr().out
    assert code == 0
    for english in ("as of", "Stakeholders", "approached", "Overdue", "By hamlet", "planned:"):
        assert english not in out, english
    assert "Tindak lanjut terlambat" in out or "terlambat" in out


def test_bad_input_is_exit_2(demo_village, capsys):
    with pytest.raises(BadInput) as e:
        run(capsys, village="nowhere")
    assert e.value.exit_code == 2 and "--village" in str(e.value)
    with pytest.raises(BadInput) as e:
        run(capsys, date="1 Nov")
    assert "--date" in str(e.value)
