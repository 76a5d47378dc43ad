"""A small hand-made village in the database, for service, query and page tests whose expected
values are counted by hand (the demo village is too big to count)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class Small:
    village: object
    a: dict  # actors by code
    fields: dict
    forum: object = None


def make_small_village(slug: str = "kecil"):
    from jejaring.actors.models import Actor, Category, Field, Tie, TieType
    from jejaring.villages.services import create_village

    village = create_village("Desa Kecil", slug=slug, hamlets=["Krajan", "Ngasem"])
    hamlets = {h.name: h for h in village.hamlets.all()}
    cats = {c.code: c for c in Category.objects.filter(village__isnull=True)}
    fields = {f.code: f for f in Field.objects.filter(village__isnull=True)}
    types = {t.code: t for t in TieType.objects.filter(village__isnull=True)}
    spec = [
        # code, name, category, hamlet, gender, welfare, kind, fields, facilitator
        ("FASIL", "Rina", "facilitator", None, "female", "", "person", ["poor_households"], True),
        (
            "KADES",
            "Pak Kades",
            "village_official",
            "Krajan",
            "male",
            "well_off",
            "person",
            ["government"],
            False,
        ),
        (
            "SEKDES",
            "Pak Sekdes",
            "village_official",
            "Krajan",
            "male",
            "middle",
            "person",
            ["government"],
            False,
        ),
        (
            "IMAM",
            "Pak Imam",
            "religious_leader",
            "Ngasem",
            "male",
            "middle",
            "person",
            ["religion"],
            False,
        ),
        (
            "KT",
            "Kelompok Tani",
            "influential_group",
            "Ngasem",
            "",
            "",
            "group",
            ["agriculture"],
            False,
        ),
        (
            "HAJI",
            "Pak Haji",
            "landowner",
            "Ngasem",
            "male",
            "well_off",
            "person",
            ["credit", "agriculture"],
            False,
        ),
        ("P1", "Bu Sri", "household", "Ngasem", "female", "very_poor", "household", [], False),
        ("P2", "Pak Darmo", "household", "Ngasem", "male", "poor", "household", [], False),
    ]
    a = {}
    for code, name, cat, hamlet, gender, welfare, kind, fs, fac in spec:
        actor = Actor.objects.create(
            village=village,
            code=code,
            name=name,
            category=cats[cat],
            hamlet=hamlets.get(hamlet),
            gender=gender,
            welfare=welfare,
            kind=kind,
            is_facilitator=fac,
        )
        actor.fields.set([fields[f] for f in fs])
        a[code] = actor

    def tie(s, t, type_, strength=3, **kw):
        Tie.objects.create(
            village=village,
            source=a[s],
            target=a[t],
            type=types[type_],
            directed=types[type_].directed,
            strength=strength,
            **kw,
        )

    tie("FASIL", "KADES", "communication", 4)
    tie("KADES", "IMAM", "kinship", 3)
    tie("IMAM", "KT", "advice", 4)
    tie("P1", "HAJI", "credit", 4, form="credit", exclusive=True)
    tie("P2", "HAJI", "land", 3, form="land")
    return Small(village=village, a=a, fields=fields)


@pytest.fixture
def small(db):
    return make_small_village()


@pytest.fixture
def small_member(small):
    """A facilitator member of the small village, logged in."""
    from django.test import Client

    from jejaring.villages.services import create_user, set_membership

    user = create_user("fasil-kecil", "pw-kecil-123", first_name="Rina")
    set_membership(small.village, user, "facilitator")
    c = Client()
    c.force_login(user)
    c.user = user
    return c
