"""Indonesian first, English selectable, and the Indonesian catalogue complete and current."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from jejaring.core.i18n import catalogues, compile_catalogues

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db


def test_every_catalogue_is_complete():
    pos = catalogues()
    assert pos, "no message catalogues found"
    for path in pos:
        po = polib.pofile(str(path))
        untranslated = [e.msgid for e in po.untranslated_entries()]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        assert not untranslated, f"{path}: untranslated {untranslated[:10]}"
        assert not fuzzy, f"{path}: fuzzy {fuzzy[:10]}"


def test_placeholders_survive_translation():
    """A translation that drops or renames %(name)s / {name} would crash or mislead."""
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    for path in catalogues():
        for e in polib.pofile(str(path)).translated_entries():
            wanted = sorted(set(pattern.findall(e.msgid)))
            if e.msgid_plural:
                # Indonesian has one plural form; it must carry the plural's placeholders.
                wanted = sorted(set(pattern.findall(e.msgid_plural)) | set(wanted))
                for form in e.msgstr_plural.values():
                    assert sorted(set(pattern.findall(form))) == wanted, (path, e.msgid)
            else:
                assert sorted(set(pattern.findall(e.msgstr))) == wanted, (path, e.msgid)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_catalogues_hold_every_string_of_the_source(tmp_path):
    """Run makemessages on a copy of the source: no msgid may be missing from the catalogues."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "jejaring", copy / "jejaring", ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    shutil.copytree(ROOT / "tools", copy / "tools")
    env = dict(os.environ, PYTHONPATH=str(copy))
    subprocess.run(
        [sys.executable, str(copy / "tools" / "messages.py")],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    for fresh in (copy / "jejaring").glob("**/locale/id/LC_MESSAGES/django.po"):
        committed = ROOT / fresh.relative_to(copy)
        fresh_ids = {e.msgid for e in polib.pofile(str(fresh))}
        committed_ids = {e.msgid for e in polib.pofile(str(committed))}
        missing = sorted(fresh_ids - committed_ids)
        assert not missing, (
            f"{committed.relative_to(ROOT)} lacks {missing[:10]}: run python tools/messages.py "
            "and translate"
        )


def test_compiling_writes_mo_files():
    written = compile_catalogues(force=True)
    assert written and all(p.exists() and p.stat().st_size > 0 for p in written)


def test_indonesian_is_the_default_even_for_english_browsers(member_client, demo_village):
    response = member_client.get(f"/v/{demo_village.slug}/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert ">Beranda<" in html  # the menu, in Indonesian


def test_english_is_selectable_from_the_page(member_client, demo_village):
    page = f"/v/{demo_village.slug}/"
    response = member_client.post("/i18n/setlang/", {"language": "en", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    html = member_client.get(page).content.decode()
    assert '<html lang="en">' in html
    assert ">Home<" in html and ">Beranda<" not in html


def test_login_page_is_indonesian(client):
    html = client.get("/login/").content.decode()
    assert '<html lang="id">' in html and "Kata sandi" in html
