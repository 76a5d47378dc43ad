"""The alternative offered to captive clients fits the form, in Indonesian (issue 12, item 2)."""

from __future__ import annotations

import pytest
from django.utils import translation

from jejaring import vocab
from jejaring.graph.recommend.levers import form_alternative, load_levers
from jejaring.reports.sentences import mitigation

TABLE = load_levers()


def _sentence(form: str, providers: list[str]) -> str:
    m = {
        "code": "strengthen_alternatives",
        "facts": {"forms": [form], "providers": {form: providers} if providers else {}},
        "alternatives": {form: form_alternative(TABLE, form)},
    }
    with translation.override("id"):
        return mitigation(m, {"d": "Pak Darmo"})


@pytest.mark.parametrize("form", [t.code for t in vocab.DEPENDENCY_FORMS])
def test_every_form_reads_with_its_own_offer(form):
    text = _sentence(form, ["d"])
    assert form_alternative(TABLE, form)["id"] in text and "Pak Darmo" in text
    if form != "credit":
        assert "simpan pinjam" not in text and "koperasi atau kelompok" not in text


def test_land_offers_land_not_a_savings_group():
    assert _sentence("land", []) == (
        "Bagi klien tanpa pilihan dalam hal tanah, tawarkan lahan sewaan dari pemilik lain, "
        "tanah kas desa atau lahan garapan kelompok."
    )
