"""A small hand-made village whose every figure can be counted by hand in the tests.

Desa Uji, hamlets Atas and Bawah::

    Sri (poor, Atas)        --credit, weekly, binding, exclusive-->  Pak Haji (landowner, Atas)
    Tono (very poor, Bawah) --land, seasonal------------------------>  Pak Haji
    Tono                    --credit-------------------------------->  Bu Darmi (moneylender, Bawah)
    Wati (middle, Bawah)    --credit (ended 2026-03-01)------------->  Bu Darmi
    Sri ----kinship (undirected)---- Tono
    Wati                    --membership---------------------------->  KUD Maju (institution, Atas)
    Kades (village official, Atas): no ties

Evidence: Sri's credit tie is told by Sri (binding) and by Wati (moderate) – two accounts that
disagree on attachment; Tono's land tie is told by Tono. The other ties have no evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jejaring.actors.models import (
    Actor,
    Assessment,
    Category,
    Discussion,
    Evidence,
    Tie,
    TieType,
)
from jejaring.villages.models import Hamlet, Village
from jejaring.villages.services import create_village, set_membership

TODAY = dt.date(2026, 11, 1)


@dataclass
class Tiny:
    village: Village
    atas: Hamlet
    bawah: Hamlet
    haji: Actor
    darmi: Actor
    sri: Actor
    tono: Actor
    wati: Actor
    kades: Actor
    kud: Actor
    credit_sri: Tie
    land_tono: Tie
    credit_tono: Tie
    credit_wati: Tie
    kin: Tie
    member_wati: Tie
    discussion: Discussion


def _type(code: str) -> TieType:
    return TieType.objects.get(village__isnull=True, code=code)


def _cat(code: str) -> Category:
    return Category.objects.get(village__isnull=True, code=code)


def build_tiny(slug: str = "desa-uji") -> Tiny:
    village = create_village("Desa Uji", slug=slug, hamlets=["Atas", "Bawah"])
    atas = village.hamlets.get(name="Atas")
    bawah = village.hamlets.get(name="Bawah")

    def actor(code, name, cat, hamlet, welfare="", kind="person"):
        return Actor.objects.create(
            village=village,
            code=code,
            name=name,
            category=_cat(cat),
            hamlet=hamlet,
            welfare=welfare,
            kind=kind,
        )

    haji = actor("HAJI", "Pak Haji", "landowner", atas, "well_off")
    darmi = actor("DARMI", "Bu Darmi", "moneylender", bawah, "middle")
    sri = actor("SRI", "Sri", "household", atas, "poor", "household")
    tono = actor("TONO", "Tono", "household", bawah, "very_poor", "household")
    wati = actor("WATI", "Wati", "household", bawah, "middle", "household")
    kades = actor("KADES", "Kades", "village_official", atas, "well_off")
    kud = actor("KUD", "KUD Maju", "influential_group", atas, "", "institution")

    def tie(s, t, code, **kw):
        type_ = _type(code)
        return Tie.objects.create(
            village=village, source=s, target=t, type=type_, directed=type_.directed, **kw
        )

    credit_sri = tie(
        sri, haji, "credit", form="credit", frequency="weekly", attachment="binding", exclusive=True
    )
    land_tono = tie(tono, haji, "land", form="land", frequency="seasonal")
    credit_tono = tie(tono, darmi, "credit", form="credit")
    credit_wati = tie(
        wati, darmi, "credit", form="credit", is_current=False, end_date=dt.date(2026, 3, 1)
    )
    kin = tie(sri, tono, "kinship")
    member_wati = tie(wati, kud, "membership")

    discussion = Discussion.objects.create(
        village=village, date=dt.date(2026, 10, 1), place="Balai dusun Atas", title="Utang panen"
    )
    discussion.participants.add(sri)
    Evidence.objects.create(
        tie=credit_sri,
        informant=sri,
        discussion=discussion,
        reported_on=discussion.date,
        confidence="high",
        reported={"attachment": "binding", "frequency": "weekly"},
    )
    Evidence.objects.create(
        tie=credit_sri,
        informant=wati,
        reported_on=dt.date(2026, 10, 5),
        confidence="low",
        reported={"attachment": "moderate", "frequency": "weekly"},
    )
    Evidence.objects.create(tie=land_tono, informant=tono, reported={"form": "land"})

    Assessment.objects.create(
        actor=haji, rater_name="A", date=dt.date(2026, 5, 1), influence=4, interest=2, stance=-1
    )
    Assessment.objects.create(
        actor=haji, rater_name="B", date=dt.date(2026, 10, 1), influence=5, interest=3, stance=1
    )
    Assessment.objects.create(
        actor=kades,
        rater_name="A",
        date=TODAY - dt.timedelta(days=200),
        influence=4,
        interest=4,
        stance=2,
    )
    Assessment.objects.create(
        actor=darmi,
        rater_name="A",
        date=TODAY - dt.timedelta(days=10),
        influence=2,
        interest=5,
        stance=-2,
    )
    village.touch()
    return Tiny(
        village,
        atas,
        bawah,
        haji,
        darmi,
        sri,
        tono,
        wati,
        kades,
        kud,
        credit_sri,
        land_tono,
        credit_tono,
        credit_wati,
        kin,
        member_wati,
        discussion,
    )


def add_members(village: Village, personas) -> None:
    """The demo personas' member and reader join this village too; the outsider does not."""
    set_membership(village, personas.member, "facilitator")
    set_membership(village, personas.reader, "viewer")
