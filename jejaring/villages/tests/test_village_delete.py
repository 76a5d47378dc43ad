"""Deleting a village removes everything in it, its own vocabularies included."""

from __future__ import annotations

import pytest

from jejaring.actors.models import Actor, Tie, TieType
from jejaring.villages.services import create_village

pytestmark = pytest.mark.django_db


def test_village_with_its_own_tie_type_can_be_deleted():
    v = create_village("Desa Hapus", slug="desa-hapus")
    custom = TieType.objects.create(village=v, code="gadai", name="Pawning", is_dependency=True)
    a = Actor.objects.create(village=v, code="A", name="A")
    b = Actor.objects.create(village=v, code="B", name="B")
    Tie.objects.create(village=v, source=a, target=b, type=custom)
    v.delete()
    assert not TieType.objects.filter(code="gadai").exists()
    assert not Tie.objects.filter(source__code="A", source__name="A").exists()


def test_a_tie_type_in_use_cannot_be_deleted_alone():
    from django.db.models import RestrictedError

    v = create_village("Desa Tahan", slug="desa-tahan")
    custom = TieType.objects.create(village=v, code="gadai", name="Pawning")
    a = Actor.objects.create(village=v, code="A", name="A")
    b = Actor.objects.create(village=v, code="B", name="B")
    Tie.objects.create(village=v, source=a, target=b, type=custom)
    with pytest.raises(RestrictedError):
        custom.delete()
