import pytest

from jejaring.actors.models import Actor, Tie, TieType
from jejaring.actors.tests.factories import add_members, build_tiny
from jejaring.villages.services import create_village


@pytest.fixture
def tiny(personas):
    t = build_tiny()
    add_members(t.village, personas)
    return t


@pytest.fixture
def small_village():
    """Three households borrowing from one lender, one of them also sharecropping his land."""
    v = create_village("Desa Kecil", slug="desa-kecil", hamlets=["Barat", "Timur"])
    barat, timur = v.hamlets.order_by("name")
    lender = Actor.objects.create(
        village=v, code="L", name="Pak Lurah Kaya", welfare="well_off", hamlet=barat
    )
    hh = [
        Actor.objects.create(village=v, code=f"H{i}", name=f"KK {i}", welfare="poor", hamlet=timur)
        for i in range(3)
    ]
    credit = TieType.objects.get(village=None, code="credit")
    land = TieType.objects.get(village=None, code="land")
    for h in hh:
        Tie.objects.create(village=v, source=h, target=lender, type=credit, form="credit")
    Tie.objects.create(village=v, source=hh[0], target=lender, type=land, form="land")
    return v, lender, hh
