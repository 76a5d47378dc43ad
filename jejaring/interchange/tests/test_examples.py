"""Published data sets load as example villages with their citation and license.

Expected counts come from the data sets' own documentation (the READMEs of
../shared/data: Florentine 16 families, 20 marriage and 15 business ties; Nyakatoke 119
households and 630 "can rely on" arcs; Krackhardt 21 managers, 190 advice, 102 friendship
and 20 reports-to arcs; Karnataka village 54: 99 households) and, for the Karnataka ties, from
an independent count of the raw matrices with numpy.
"""

from __future__ import annotations

import numpy as np
import pytest

from jejaring.interchange import examples
from jejaring.shared_data import shared_data
from jejaring.villages.models import Membership

pytestmark = pytest.mark.django_db

SHARED = shared_data()
KARNATAKA = SHARED / "karnataka-microfinance"


def counts(village) -> dict[str, int]:
    from django.db.models import Count

    return dict(
        village.ties.values("type__code").annotate(n=Count("id")).values_list("type__code", "n")
    )


def test_florentine_families(db):
    v = examples.load("florentine")
    assert v.actors.count() == 16
    assert counts(v) == {"marriage": 20, "business": 15}
    medici = v.actors.get(code="Medici")
    assert medici.attributes["wealth_1427"] == "103"
    assert "Padgett" in v.source_citation and v.source_license.startswith("GPL")
    assert v.is_demo


def test_nyakatoke(db):
    v = examples.load("nyakatoke")
    assert v.actors.count() == 119
    assert counts(v)["help"] == 630
    help_tie = v.ties.filter(type__code="help").first()
    assert help_tie.directed and help_tie.type.directed
    assert "De Weerdt" in v.source_citation


def test_krackhardt(db):
    v = examples.load("krackhardt")
    assert v.actors.count() == 21
    assert counts(v) == {"advice": 190, "friendship": 102, "authority": 20}


def test_other_shipped_examples_load(db):
    for key in ("kapferer", "taro", "davis"):
        v = examples.load(key)
        assert v.actors.exists() and v.ties.exists() and v.source_license


def test_loading_twice_needs_replace_and_the_user_becomes_admin(db, django_user_model):
    user = django_user_model.objects.create_user("peneliti", password="x-long-pass-1")
    examples.load("taro", user=user)
    assert Membership.objects.get(user=user, village__slug="taro").role == "admin"
    with pytest.raises(examples.ExampleError):
        examples.load("taro")
    examples.load("taro", replace=True)


@pytest.mark.skipif(not KARNATAKA.exists(), reason="shared Karnataka data not present")
def test_karnataka_village_from_the_users_copy(db):
    v = examples.load("karnataka-54", path=KARNATAKA)
    assert v.actors.count() == 99
    expected = {}
    for relation, (code, *_rest) in examples.KARNATAKA_RELATIONS.items():
        m = np.loadtxt(KARNATAKA / "adjacency" / f"adj_{relation}_HH_vilno_54.csv", delimiter=",")
        expected[code] = int(np.triu(m > 0, k=1).sum())
    assert counts(v) == {k: n for k, n in expected.items() if n}
    assert "Banerjee" in v.source_citation and "not stated" in v.source_license
    assert not any(p.name.startswith("adj_") for p in examples.FOLDER.rglob("*"))


def test_karnataka_needs_a_path(db):
    with pytest.raises(examples.ExampleError):
        examples.load("karnataka-54")
    with pytest.raises(examples.ExampleError):
        examples.load("no-such-example")
