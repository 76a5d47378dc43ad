"""Build the demo village *Tegalrejo* (Bayat, Klaten): a realistic, seeded, reproducible network.

Everything in it is invented, but shaped like the villages the field technique describes: village
officials and the council, religious and customary leaders, influential groups, agency field
staff, a rice trader with small collectors under him, landowners and sharecroppers, a moneylender
who is also a landlord (a multiplex patron), bamboo craftsmen with their material supplier and
buyer, and some 300 households, most of them poor. Discussions with evidence, assessments by two
raters at two dates, an approach history and a dialogue forum with meetings complete it.

The same seed gives the same village, ids included; dates are offsets from ``today`` so that
"overdue" and "older than three months" keep their meaning whenever the demo is loaded.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from jejaring import vocab
from jejaring.actors.models import (
    Actor,
    Assessment,
    Category,
    Discussion,
    Evidence,
    Fact,
    Field,
    Tie,
    TieType,
)
from jejaring.awareness.demo import build_circles
from jejaring.change.demo import build_history
from jejaring.demo import names
from jejaring.engagement.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Contact,
    Decision,
    Engagement,
    Forum,
    ForumMember,
    Meeting,
    StatusChange,
)
from jejaring.villages.models import Hamlet, Village
from jejaring.villages.services import create_village

DEMO_SLUG = "tegalrejo"
DEMO_AREA_CODE = "33.10.04.2012"  # Tegalrejo, Bayat, Kabupaten Klaten, Jawa Tengah
HAMLETS = ("Krajan", "Ngasem", "Sidomulyo", "Gunungsari")
# Share of very poor / poor / middle / well-off households per hamlet: Gunungsari, up the hill,
# is the poorest; Krajan, around the village office, the richest.
WELFARE_MIX = {
    "Krajan": (0.12, 0.28, 0.42, 0.18),
    "Ngasem": (0.18, 0.32, 0.38, 0.12),
    "Sidomulyo": (0.22, 0.33, 0.35, 0.10),
    "Gunungsari": (0.32, 0.36, 0.27, 0.05),
}
RATERS = ("Rina Pratiwi (pendamping)", "Andi Nugroho (pendamping teknik)")


@dataclass
class _Key:
    """A named actor of the demo, by role, so ties can be written by role."""

    code: str
    name: str
    category: str
    hamlet: str | None = None
    kind: str = "person"
    gender: str = "male"
    welfare: str = "middle"
    position: str = ""
    fields: tuple[str, ...] = ()
    facilitator: bool = False


KEY_ACTORS: tuple[_Key, ...] = (
    _Key(
        "KADES",
        "H. Sutrisno",
        "village_official",
        "Krajan",
        welfare="well_off",
        position="Kepala Desa",
        fields=("government",),
    ),
    _Key(
        "SEKDES",
        "Bambang Riyadi",
        "village_official",
        "Krajan",
        position="Sekretaris Desa",
        fields=("government",),
    ),
    _Key(
        "KAUR-KEU",
        "Sri Wahyuni",
        "village_official",
        "Ngasem",
        gender="female",
        position="Kaur Keuangan",
        fields=("government",),
    ),
    _Key(
        "KASI-KESRA",
        "Dwi Lestari",
        "village_official",
        "Sidomulyo",
        gender="female",
        position="Kasi Kesejahteraan",
        fields=("government", "health"),
    ),
    _Key(
        "KADUS-KRJ",
        "Darmo",
        "village_official",
        "Krajan",
        position="Kepala Dusun Krajan",
        fields=("government",),
    ),
    _Key(
        "KADUS-NGS",
        "Wagiman",
        "village_official",
        "Ngasem",
        position="Kepala Dusun Ngasem",
        fields=("government",),
    ),
    _Key(
        "KADUS-SDM",
        "Suyono",
        "village_official",
        "Sidomulyo",
        position="Kepala Dusun Sidomulyo",
        fields=("government",),
    ),
    _Key(
        "KADUS-GNS",
        "Tukiman",
        "village_official",
        "Gunungsari",
        welfare="poor",
        position="Kepala Dusun Gunungsari",
        fields=("government",),
    ),
    _Key(
        "BPD-KETUA",
        "Drs. Mulyadi",
        "village_council",
        "Krajan",
        welfare="well_off",
        position="Ketua BPD",
        fields=("government", "education"),
    ),
    _Key(
        "BPD-2",
        "Siti Aminah",
        "village_council",
        "Ngasem",
        gender="female",
        position="Anggota BPD",
        fields=("women",),
    ),
    _Key(
        "BPD-3",
        "Karyadi",
        "village_council",
        "Sidomulyo",
        position="Anggota BPD",
        fields=("agriculture",),
    ),
    _Key(
        "BPD-4",
        "Sumarno",
        "village_council",
        "Gunungsari",
        welfare="poor",
        position="Anggota BPD",
        fields=("poor_households",),
    ),
    _Key(
        "CAMAT",
        "Drs. Hendra Gunawan, M.Si.",
        "district_head",
        None,
        welfare="well_off",
        position="Camat Bayat",
        fields=("government",),
    ),
    _Key(
        "KYAI",
        "K.H. Abdul Rozak",
        "religious_leader",
        "Krajan",
        welfare="well_off",
        position="Pengasuh pondok pesantren",
        fields=("religion", "education"),
    ),
    _Key(
        "USTADZ",
        "Ustadz Fauzi",
        "religious_leader",
        "Sidomulyo",
        position="Imam masjid Sidomulyo",
        fields=("religion",),
    ),
    _Key(
        "NYAI",
        "Nyai Siti Khotijah",
        "religious_leader",
        "Ngasem",
        gender="female",
        position="Pembina majelis taklim",
        fields=("religion", "women"),
    ),
    _Key(
        "SESEPUH",
        "Mbah Karto",
        "customary_leader",
        "Gunungsari",
        welfare="poor",
        position="Sesepuh desa",
        fields=("custom",),
    ),
    _Key(
        "ADAT-2",
        "Sastro Wiyono",
        "customary_leader",
        "Ngasem",
        position="Pemimpin kenduri / rasulan",
        fields=("custom",),
    ),
    _Key(
        "GURU",
        "Harjono, S.Pd.",
        "community_figure",
        "Krajan",
        position="Kepala SD",
        fields=("education",),
    ),
    _Key(
        "KT-SRI",
        "Kelompok Tani Sri Rejeki",
        "influential_group",
        "Ngasem",
        kind="group",
        gender="",
        fields=("agriculture",),
    ),
    _Key(
        "KT-NGUDI",
        "Kelompok Tani Ngudi Makmur",
        "influential_group",
        "Sidomulyo",
        kind="group",
        gender="",
        fields=("agriculture",),
    ),
    _Key(
        "PKK",
        "PKK Desa Tegalrejo",
        "influential_group",
        "Krajan",
        kind="group",
        gender="",
        fields=("women", "health"),
    ),
    _Key(
        "KARTAR",
        "Karang Taruna Tunas Muda",
        "influential_group",
        "Krajan",
        kind="group",
        gender="",
        fields=("youth",),
    ),
    _Key(
        "TAKLIM",
        "Majelis Taklim Al-Hidayah",
        "influential_group",
        "Ngasem",
        kind="group",
        gender="",
        fields=("religion", "women"),
    ),
    _Key(
        "KUD",
        "KUD Tani Makmur",
        "influential_group",
        "Krajan",
        kind="institution",
        gender="",
        fields=("cooperative", "credit"),
    ),
    _Key(
        "KP-BAMBU",
        "Kelompok Pengrajin Bambu Rukun",
        "influential_group",
        "Gunungsari",
        kind="group",
        gender="",
        fields=("crafts",),
    ),
    _Key(
        "PPL",
        "Ir. Agus Salim",
        "agricultural_extension",
        None,
        position="PPL Kecamatan Bayat",
        fields=("agriculture",),
    ),
    _Key(
        "PLKB",
        "Nur Aini",
        "family_planning",
        None,
        gender="female",
        position="PLKB Kecamatan Bayat",
        fields=("health",),
    ),
    _Key(
        "PEMBINA-KOP",
        "Eko Prasetyo",
        "cooperative_supervisor",
        None,
        position="Pembina koperasi, Dinas Koperasi",
        fields=("cooperative",),
    ),
    _Key(
        "BIDAN",
        "Bidan Ratna",
        "agency_staff",
        "Krajan",
        gender="female",
        position="Bidan desa (Puskesmas)",
        fields=("health",),
    ),
    _Key(
        "TOKE",
        "Juragan Hartono",
        "trader",
        "Krajan",
        welfare="well_off",
        position="Pedagang beras besar",
        fields=("economy",),
    ),
    _Key(
        "BAKUL-1",
        "Slamet Bakul",
        "trader",
        "Ngasem",
        position="Tengkulak gabah",
        fields=("economy",),
    ),
    _Key(
        "BAKUL-2",
        "Sumi",
        "trader",
        "Sidomulyo",
        gender="female",
        position="Bakul gabah",
        fields=("economy",),
    ),
    _Key(
        "BAKUL-3",
        "Jumadi",
        "trader",
        "Gunungsari",
        position="Tengkulak palawija",
        fields=("economy",),
    ),
    _Key(
        "TOKO-TANI",
        "Toko Tani Subur (Liem)",
        "supplier",
        "Krajan",
        kind="institution",
        gender="",
        welfare="well_off",
        position="Kios pupuk dan benih",
        fields=("agriculture", "economy"),
    ),
    _Key(
        "GROSIR",
        "Grosir Makmur (Hadi)",
        "supplier",
        "Krajan",
        welfare="well_off",
        position="Grosir sembako",
        fields=("economy",),
    ),
    _Key(
        "HAJI-SLAMET",
        "H. Slamet Riyadi",
        "landowner",
        "Sidomulyo",
        welfare="well_off",
        position="Pemilik sawah, pemberi pinjaman",
        fields=("agriculture", "credit"),
    ),
    _Key(
        "BROTO",
        "Broto Sumarto",
        "landowner",
        "Ngasem",
        welfare="well_off",
        position="Pemilik sawah",
        fields=("agriculture",),
    ),
    _Key(
        "HJ-AMINAH",
        "Hj. Aminah",
        "landowner",
        "Krajan",
        gender="female",
        welfare="well_off",
        position="Pemilik sawah",
        fields=("agriculture",),
    ),
    _Key(
        "DARSIH",
        "Darsih",
        "moneylender",
        "Gunungsari",
        gender="female",
        position="Rentenir (bank titil)",
        fields=("credit",),
    ),
    _Key(
        "UNTUNG",
        "Untung",
        "moneylender",
        "Ngasem",
        position="Bank plecit keliling",
        fields=("credit",),
    ),
    _Key(
        "BATA",
        "Wiryo (juragan bata)",
        "employer",
        "Sidomulyo",
        welfare="well_off",
        position="Pemilik usaha batu bata",
        fields=("economy",),
    ),
    _Key(
        "SELEP",
        "Harun (penggilingan padi)",
        "employer",
        "Ngasem",
        welfare="well_off",
        position="Pemilik penggilingan padi",
        fields=("economy", "agriculture"),
    ),
    _Key(
        "PEMASOK-BAMBU",
        "Karno",
        "supplier",
        "Gunungsari",
        position="Pemasok bambu",
        fields=("crafts",),
    ),
    _Key(
        "PENGEPUL",
        "CV Anyaman Jaya (Rudi)",
        "trader",
        None,
        kind="institution",
        gender="",
        welfare="well_off",
        position="Pengepul kerajinan bambu",
        fields=("crafts", "economy"),
    ),
    _Key(
        "FASIL",
        "Rina Pratiwi",
        "facilitator",
        None,
        gender="female",
        position="Pendamping desa",
        fields=("poor_households",),
        facilitator=True,
    ),
    _Key(
        "FASIL-2",
        "Andi Nugroho",
        "facilitator",
        None,
        position="Pendamping teknik",
        fields=("infrastructure",),
        facilitator=True,
    ),
)


@dataclass
class _State:
    rng: random.Random
    id_rng: random.Random
    today: dt.date
    village: Village
    tie_types: dict[str, TieType]
    categories: dict[str, Category]
    fields: dict[str, Field]
    hamlets: dict[str, Hamlet]
    actors: list[Actor] = field(default_factory=list)
    by_code: dict[str, Actor] = field(default_factory=dict)
    actor_fields: list[tuple[Actor, str]] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    tie_pairs: set[tuple[str, str, str]] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.id_rng.getrandbits(128), version=4)

    def days_ago(self, lo: int, hi: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(lo, hi))


def _pick_welfare(rng: random.Random, hamlet: str) -> str:
    mix = WELFARE_MIX[hamlet]
    return rng.choices([t.code for t in vocab.WELFARE_RANKS], weights=mix)[0]


def _add_actor(s: _State, **kw) -> Actor:
    fields = kw.pop("fields", ())
    actor = Actor(id=s.uid(), village=s.village, **kw)
    s.actors.append(actor)
    s.by_code[actor.code] = actor
    for f in fields:
        s.actor_fields.append((actor, f))
    return actor


def _tie(s: _State, source: Actor, target: Actor, type_code: str, **attrs) -> Tie | None:
    """Add one current tie unless the same (source, target, type) exists already."""
    if source.pk == target.pk:
        return None
    tt = s.tie_types[type_code]
    key = (str(source.pk), str(target.pk), type_code)
    if not tt.directed:
        key = (*sorted(key[:2]), type_code)
    if key in s.tie_pairs:
        return None
    s.tie_pairs.add(key)
    if tt.is_dependency:
        attrs.setdefault("form", tt.default_form)
    tie = Tie(
        id=s.uid(),
        village=s.village,
        source=source,
        target=target,
        type=tt,
        directed=tt.directed,
        start_date=attrs.pop("start_date", None) or s.days_ago(200, 3000),
        confidence=attrs.pop("confidence", None) or s.rng.choice(["medium", "high", "high"]),
        **attrs,
    )
    s.ties.append(tie)
    return tie


def _dependency(s: _State, client: Actor, patron: Actor, type_code: str, **overrides) -> Tie | None:
    """A patron–client tie with the attributes facilitators trace: form, frequency, attachment…"""
    rng = s.rng
    poor = client.welfare in vocab.POOR_WELFARE
    attrs = {
        "frequency": rng.choice(
            ["weekly", "monthly", "seasonal"] if poor else ["monthly", "seasonal", "yearly"]
        ),
        "attachment": rng.choices(
            ["loose", "moderate", "binding"], weights=[2, 3, 4] if poor else [4, 3, 1]
        )[0],
        "exclusive": rng.random() < (0.45 if poor else 0.15),
        "terms_set_by": rng.choices(["patron", "both", "custom"], weights=[6, 2, 2])[0],
        "balance": rng.choices(["favours_patron", "balanced", "favours_client"], weights=[6, 3, 1])[
            0
        ],
        "strength": rng.randint(2, 5),
    }
    attrs.update(overrides)
    return _tie(s, client, patron, type_code, **attrs)


def _households(s: _State, count: int) -> dict[str, list[Actor]]:
    rng = s.rng
    per_hamlet = {h: [] for h in HAMLETS}
    weights = (0.24, 0.26, 0.25, 0.25)
    for i in range(count):
        hamlet = rng.choices(HAMLETS, weights=weights)[0]
        female_head = rng.random() < 0.18
        first = rng.choice(names.FEMALE if female_head else names.MALE)
        welfare = _pick_welfare(rng, hamlet)
        actor = _add_actor(
            s,
            code=f"H{i + 1:03d}",
            kind="household",
            name=f"KK {first}",
            category=s.categories["household"],
            hamlet=s.hamlets[hamlet],
            rt=f"{HAMLETS.index(hamlet) * 2 + rng.randint(1, 2):02d}",
            rw=f"{HAMLETS.index(hamlet) + 1:02d}",
            gender="female" if female_head else "male",
            welfare=welfare,
            household_size=rng.randint(1, 7),
            consent="given" if rng.random() < 0.8 else "not_asked",
        )
        per_hamlet[hamlet].append(actor)
    # Names repeat in a village of 300 households; add the hamlet to tell them apart.
    seen: dict[str, int] = {}
    for a in s.actors:
        if a.kind == "household":
            seen[a.name] = seen.get(a.name, 0) + 1
    for a in s.actors:
        if a.kind == "household" and seen[a.name] > 1:
            a.name = f"{a.name} ({a.hamlet.name}, RT {a.rt})"
    return per_hamlet


def _build_actors(s: _State, household_count: int) -> dict[str, list[Actor]]:
    for k in KEY_ACTORS:
        _add_actor(
            s,
            code=k.code,
            kind=k.kind,
            name=k.name,
            category=s.categories[k.category],
            hamlet=s.hamlets[k.hamlet] if k.hamlet else None,
            gender=k.gender,
            welfare=k.welfare if k.kind in ("person", "household") else "",
            position=k.position,
            fields=k.fields,
            is_facilitator=k.facilitator,
            consent="given",
            contact=f"08{s.rng.randint(11, 99)}-{s.rng.randint(1000, 9999)}-{s.rng.randint(1000, 9999)}"
            if k.kind == "person"
            else "",
        )
    households = _households(s, household_count)
    # Craft households in Gunungsari weave bamboo: a classic craftsman–supplier–buyer chain.
    crafts = s.rng.sample(households["Gunungsari"], k=min(14, len(households["Gunungsari"])))
    for a in crafts:
        a.category = s.categories["craftsman"]
        a.position = "Pengrajin anyaman bambu"
        s.actor_fields.append((a, "crafts"))
    return households


def _build_ties(s: _State, households: dict[str, list[Actor]]) -> None:
    rng, A = s.rng, s.by_code
    all_hh = [a for h in HAMLETS for a in households[h]]
    poor_hh = [a for a in all_hh if a.welfare in vocab.POOR_WELFARE]
    crafts = [a for a in all_hh if a.category.code == "craftsman"]
    kadus = {
        "Krajan": A["KADUS-KRJ"],
        "Ngasem": A["KADUS-NGS"],
        "Sidomulyo": A["KADUS-SDM"],
        "Gunungsari": A["KADUS-GNS"],
    }

    # Government: authority runs up to the village head and on to the camat.
    for code in (
        "SEKDES",
        "KAUR-KEU",
        "KASI-KESRA",
        "KADUS-KRJ",
        "KADUS-NGS",
        "KADUS-SDM",
        "KADUS-GNS",
    ):
        _tie(s, A[code], A["KADES"], "authority", frequency="daily", strength=4)
    _tie(s, A["KADES"], A["CAMAT"], "authority", frequency="monthly", strength=3)
    for code in ("BPD-KETUA", "BPD-2", "BPD-3", "BPD-4", "SEKDES", "KYAI", "GURU"):
        _tie(s, A["KADES"], A[code], "communication", frequency="weekly", strength=3)
    for code in ("BPD-2", "BPD-3", "BPD-4"):
        _tie(s, A[code], A["BPD-KETUA"], "influence", strength=3)
    # The elite is knit by marriage and kinship: the village head is H. Slamet's brother-in-law.
    _tie(s, A["KADES"], A["HAJI-SLAMET"], "marriage", strength=5)
    _tie(s, A["KADES"], A["HJ-AMINAH"], "kinship", strength=4)
    _tie(s, A["TOKE"], A["HJ-AMINAH"], "marriage", strength=5)
    _tie(s, A["KYAI"], A["BPD-KETUA"], "kinship", strength=3)
    _tie(s, A["BROTO"], A["SELEP"], "kinship", strength=4)

    # Agency field staff work through the groups.
    _tie(s, A["PPL"], A["KT-SRI"], "communication", frequency="monthly", strength=3)
    _tie(s, A["PPL"], A["KT-NGUDI"], "communication", frequency="monthly", strength=2)
    _tie(s, A["PLKB"], A["PKK"], "communication", frequency="monthly", strength=3)
    _tie(s, A["BIDAN"], A["PKK"], "communication", frequency="weekly", strength=4)
    _tie(s, A["PEMBINA-KOP"], A["KUD"], "communication", frequency="seasonal", strength=2)
    _tie(s, A["KUD"], A["PEMBINA-KOP"], "authority", frequency="yearly", strength=2)
    _tie(s, A["KT-SRI"], A["KUD"], "membership", strength=2)
    _tie(s, A["KT-NGUDI"], A["KUD"], "membership", strength=2)
    _tie(
        s,
        A["KP-BAMBU"],
        A["PENGEPUL"],
        "purchase",
        form="market",
        frequency="monthly",
        attachment="moderate",
        balance="favours_patron",
        exclusive=False,
        strength=3,
    )
    # The facilitators' own acquaintances: where the approach can start.
    for code in ("KADES", "SEKDES", "PPL", "KADUS-KRJ", "BIDAN", "GURU"):
        _tie(s, A["FASIL"], A[code], "communication", frequency="weekly", strength=3)
    for code in ("KADES", "KADUS-GNS", "KP-BAMBU"):
        _tie(s, A["FASIL-2"], A[code], "communication", frequency="monthly", strength=2)
    _tie(s, A["FASIL"], A["FASIL-2"], "communication", frequency="daily", strength=5)

    # Rice: farmers sell to small collectors, who deliver to Juragan Hartono (a pyramid).
    collectors = {"Ngasem": A["BAKUL-1"], "Sidomulyo": A["BAKUL-2"], "Gunungsari": A["BAKUL-3"]}
    for code in ("BAKUL-1", "BAKUL-2", "BAKUL-3"):
        _dependency(
            s,
            A[code],
            A["TOKE"],
            "purchase",
            frequency="weekly",
            attachment="binding",
            exclusive=True,
            balance="favours_patron",
            strength=5,
        )
        _dependency(
            s,
            A[code],
            A["TOKE"],
            "credit",
            frequency="seasonal",
            attachment="binding",
            amount=Decimal(rng.choice([15, 20, 30]) * 1_000_000),
            strength=4,
        )
    _dependency(
        s,
        A["SELEP"],
        A["TOKE"],
        "purchase",
        attachment="moderate",
        exclusive=False,
        balance="balanced",
    )
    for hamlet in HAMLETS:
        for a in households[hamlet]:
            if a.category.code == "craftsman" or rng.random() > 0.62:
                continue
            buyer = collectors.get(hamlet) if rng.random() < 0.8 else A["TOKE"]
            buyer = buyer or A["TOKE"]
            tie = _dependency(s, a, buyer, "purchase")
            # Harvest bought on advance (ijon): the seller is also a debtor of the buyer.
            if tie and a.welfare == "very_poor" and rng.random() < 0.5:
                _dependency(
                    s,
                    a,
                    buyer,
                    "credit",
                    frequency="seasonal",
                    attachment="binding",
                    exclusive=True,
                    amount=Decimal(rng.choice([500, 750, 1000, 1500]) * 1000),
                )
            if rng.random() < 0.35:
                _tie(
                    s,
                    a,
                    A["SELEP"],
                    "purchase",
                    form="market",
                    frequency="seasonal",
                    attachment="loose",
                    exclusive=False,
                    balance="balanced",
                    strength=2,
                )

    # Land: sharecroppers (mostly poor) work the land of four owners.
    owners = [A["HAJI-SLAMET"], A["BROTO"], A["HJ-AMINAH"], A["KADES"]]
    croppers = rng.sample(poor_hh, k=min(58, len(poor_hh)))
    for i, a in enumerate(croppers):
        a.category = s.categories["sharecropper"] if a.category.code == "household" else a.category
        owner = owners[0] if i < 24 else rng.choice(owners[1:])
        _dependency(
            s,
            a,
            owner,
            "land",
            frequency="seasonal",
            attachment=rng.choice(["moderate", "binding", "binding"]),
            terms_set_by=rng.choice(["patron", "custom"]),
            reciprocation=rng.choice(
                [
                    "Bagi hasil maro (1/2)",
                    "Bagi hasil mertelu (1/3)",
                    "Tenaga saat panen dan hajatan",
                ]
            ),
        )
        if i < 24 and i % 3 == 0:
            _dependency(
                s,
                a,
                A["HAJI-SLAMET"],
                "employment",
                frequency="seasonal",
                attachment="moderate",
                reciprocation="Kerja bakti di rumah juragan",
            )

    # Credit: H. Slamet lends to his sharecroppers and others (the multiplex patron); the
    # moneylenders reach the poorest; the cooperative is the alternative few can use.
    for i, a in enumerate(croppers[:24]):
        if i % 2 == 0:
            captive = i % 4 == 0
            _dependency(
                s,
                a,
                A["HAJI-SLAMET"],
                "credit",
                frequency="monthly",
                attachment="binding",
                exclusive=captive,
                amount=Decimal(rng.choice([1, 2, 3, 5]) * 1_000_000),
                reciprocation="Bunga 10% per bulan, dibayar dengan gabah",
            )
    gunungsari_poor = [a for a in households["Gunungsari"] if a.welfare in vocab.POOR_WELFARE]
    for a in rng.sample(gunungsari_poor, k=min(26, len(gunungsari_poor))):
        _dependency(
            s,
            a,
            A["DARSIH"],
            "credit",
            frequency="weekly",
            attachment="binding",
            exclusive=rng.random() < 0.6,
            amount=Decimal(rng.choice([200, 300, 500, 1000]) * 1000),
            reciprocation="Cicilan harian, bunga 20%",
        )
    for a in rng.sample(poor_hh, k=min(30, len(poor_hh))):
        _dependency(
            s,
            a,
            A["UNTUNG"],
            "credit",
            frequency="weekly",
            attachment="moderate",
            amount=Decimal(rng.choice([300, 500, 1000]) * 1000),
        )
    middle = [a for a in all_hh if a.welfare in ("middle", "well_off")]
    for a in rng.sample(middle, k=min(40, len(middle))):
        _dependency(
            s,
            a,
            A["KUD"],
            "credit",
            frequency="yearly",
            attachment="loose",
            exclusive=False,
            balance="balanced",
            terms_set_by="both",
            amount=Decimal(rng.choice([2, 3, 5]) * 1_000_000),
        )
    for a in rng.sample(all_hh, k=60):
        _dependency(
            s,
            a,
            A["TOKO-TANI"],
            "supply",
            frequency="seasonal",
            attachment="loose",
            exclusive=False,
            balance="balanced",
        )

    # Bamboo crafts: material from Karno (often on credit against finished goods), sold to the
    # buyer through him or through the craft group.
    for a in crafts:
        _dependency(
            s,
            a,
            A["PEMASOK-BAMBU"],
            "raw_material",
            frequency="weekly",
            attachment="binding",
            exclusive=rng.random() < 0.7,
            reciprocation="Bambu dibayar dengan anyaman jadi",
        )
        if rng.random() < 0.6:
            _dependency(
                s,
                a,
                A["PEMASOK-BAMBU"],
                "product_order",
                frequency="weekly",
                attachment="binding",
                exclusive=True,
            )
        else:
            _dependency(
                s,
                a,
                A["PENGEPUL"],
                "product_order",
                frequency="monthly",
                attachment="moderate",
                exclusive=False,
            )
        _tie(s, a, A["KP-BAMBU"], "membership", strength=3)
    _dependency(
        s,
        A["PEMASOK-BAMBU"],
        A["PENGEPUL"],
        "product_order",
        frequency="weekly",
        attachment="binding",
        exclusive=True,
        balance="favours_patron",
    )
    _dependency(
        s,
        A["PEMASOK-BAMBU"],
        A["PENGEPUL"],
        "credit",
        frequency="monthly",
        attachment="moderate",
        amount=Decimal(10_000_000),
    )

    # Work: the brick kiln and the rice mill employ the poorest as day labourers.
    for a in rng.sample(poor_hh, k=min(34, len(poor_hh))):
        employer = A["BATA"] if rng.random() < 0.6 else A["SELEP"]
        _dependency(
            s,
            a,
            employer,
            "employment",
            frequency="daily",
            attachment=rng.choice(["loose", "moderate"]),
            exclusive=False,
            reciprocation="Upah harian",
        )

    # Religious and customary life, groups, advice and the hamlet heads' influence.
    for hamlet in HAMLETS:
        for a in households[hamlet]:
            r = rng.random()
            if r < 0.30:
                _tie(
                    s,
                    a,
                    A["KYAI"] if hamlet in ("Krajan", "Ngasem") else A["USTADZ"],
                    "advice",
                    frequency="monthly",
                    strength=3,
                )
            if rng.random() < 0.25:
                _tie(s, a, kadus[hamlet], "influence", strength=2)
            if (
                hamlet in ("Ngasem", "Sidomulyo")
                and a.category.code in ("household", "sharecropper")
                and rng.random() < 0.35
            ):
                _tie(
                    s,
                    a,
                    A["KT-SRI"] if hamlet == "Ngasem" else A["KT-NGUDI"],
                    "membership",
                    strength=2,
                )
            if a.gender == "female" and rng.random() < 0.6:
                _tie(
                    s, a, A["TAKLIM"] if rng.random() < 0.5 else A["PKK"], "membership", strength=2
                )
            if hamlet == "Gunungsari" and rng.random() < 0.3:
                _tie(s, a, A["SESEPUH"], "advice", frequency="occasional", strength=3)
    for code in ("KT-SRI", "KT-NGUDI"):
        _tie(s, A[code], A["PPL"], "advice", frequency="monthly", strength=3)
    _tie(s, A["NYAI"], A["TAKLIM"], "membership", strength=5)
    _tie(s, A["KASI-KESRA"], A["PKK"], "membership", strength=4)
    _tie(s, A["USTADZ"], A["KYAI"], "advice", strength=4)
    _tie(s, A["ADAT-2"], A["SESEPUH"], "advice", strength=3)
    _tie(s, A["KADUS-GNS"], A["SESEPUH"], "influence", strength=4)
    _tie(
        s,
        A["DARSIH"],
        A["KADUS-GNS"],
        "protection",
        form="protection",
        frequency="occasional",
        attachment="moderate",
    )
    _tie(s, A["BAKUL-3"], A["KADUS-GNS"], "kinship", strength=4)

    # Neighbours and kin: most households are tied to several others in their hamlet.
    for hamlet in HAMLETS:
        members = households[hamlet]
        for a in members:
            for b in rng.sample(members, k=min(len(members), rng.randint(0, 3))):
                _tie(
                    s,
                    a,
                    b,
                    "kinship" if rng.random() < 0.45 else "communication",
                    strength=rng.randint(2, 5),
                )
    # A few marriages across hamlets: the bridges a broker sits on.
    for _ in range(12):
        h1, h2 = rng.sample(HAMLETS, 2)
        _tie(s, rng.choice(households[h1]), rng.choice(households[h2]), "marriage", strength=4)

    # Traders, lenders and employers are part of village life too: kin, neighbours, people they
    # talk to. These are the trusted routes through which a facilitator can reach them.
    since = s.today - dt.timedelta(days=3650)
    for a, b, kind in (
        ("DARSIH", "KADUS-GNS", "kinship"),
        ("UNTUNG", "KADUS-NGS", "communication"),
        ("BATA", "KADUS-SDM", "communication"),
        ("BATA", "HAJI-SLAMET", "communication"),
        ("SELEP", "BPD-3", "communication"),
        ("GROSIR", "KADES", "communication"),
        ("TOKO-TANI", "KT-SRI", "communication"),
        ("TOKO-TANI", "PPL", "communication"),
        ("PEMASOK-BAMBU", "KP-BAMBU", "communication"),
        ("PENGEPUL", "KP-BAMBU", "communication"),
        ("BAKUL-1", "KADUS-NGS", "kinship"),
        ("BAKUL-2", "USTADZ", "advice"),
        ("TOKE", "KYAI", "advice"),
        ("HJ-AMINAH", "NYAI", "communication"),
        ("BROTO", "BPD-3", "kinship"),
    ):
        _tie(s, A[a], A[b], kind, start_date=since, confidence="high", strength=3)


DISCUSSION_PLACES = (
    "Warung kopi Pak Slamet",
    "Pos ronda RT 02",
    "Serambi masjid setelah Jumatan",
    "Balai desa",
    "Rumah Pak Kadus",
    "Sawah saat panen",
    "Pertemuan PKK",
    "Teras rumah warga",
    "Pasar Bayat",
    "Tempat kerja pengrajin bambu",
)
DISCUSSION_TOPICS = (
    "Obrolan tentang harga gabah",
    "Cerita tentang pinjaman untuk sekolah anak",
    "Bagi hasil sawah musim ini",
    "Utang ke bank titil",
    "Bambu dan harga anyaman",
    "Kerja harian di tempat bata",
    "Siapa yang didengar warga di dusun",
    "Persiapan rasulan",
    "Kelompok tani dan pupuk bersubsidi",
    "Arisan dan simpan pinjam ibu-ibu",
)


def _build_discussions(s: _State) -> list[Discussion]:
    rng = s.rng
    discussions = []
    for i in range(44):
        date = s.today - dt.timedelta(days=int(175 - i * 4 + rng.randint(-1, 1)))
        discussions.append(
            Discussion(
                id=s.uid(),
                village=s.village,
                kind=rng.choices(["informal", "interview", "visit", "group"], weights=[6, 3, 2, 1])[
                    0
                ],
                date=date,
                place=rng.choice(DISCUSSION_PLACES),
                title=rng.choice(DISCUSSION_TOPICS),
                notes="Catatan lapangan: warga bercerita secara terbuka; beberapa nama disebut berulang.",
            )
        )
    Discussion.objects.bulk_create(discussions)
    return discussions


def _build_evidence(s: _State, discussions: list[Discussion]) -> dict[uuid.UUID, set]:
    """Accounts for ties: each dependency tie from the client, a third of them confirmed (or
    contradicted) by someone else; a share of other ties stays without evidence, as in the field."""
    rng = s.rng
    participants: dict[uuid.UUID, set] = {d.pk: set() for d in discussions}
    for tie in s.ties:
        if not tie.type.is_dependency and rng.random() < 0.45:
            continue
        disc = rng.choice(discussions)
        informant = tie.source if tie.type.is_dependency or rng.random() < 0.5 else tie.target
        reported = {
            k: getattr(tie, k) for k in ("form", "frequency", "attachment") if getattr(tie, k)
        }
        s.evidence.append(
            Evidence(
                id=s.uid(),
                tie=tie,
                informant=informant,
                discussion=disc,
                reported_on=disc.date,
                confidence=rng.choice(["medium", "high"]),
                reported=reported,
                account="Disampaikan sendiri oleh yang bersangkutan."
                if informant == tie.source
                else "",
            )
        )
        participants[disc.pk].add(informant.pk)
        if tie.type.is_dependency and rng.random() < 0.33:
            disc2 = rng.choice(discussions)
            other = dict(reported)
            # Another informant sometimes sees the tie differently: kept side by side.
            if "attachment" in other and rng.random() < 0.4:
                other["attachment"] = rng.choice(
                    [a.code for a in vocab.ATTACHMENTS if a.code != other["attachment"]]
                )
            hamlet_heads = [a for a in s.actors if a.code.startswith("KADUS")]
            witness = rng.choice(hamlet_heads)
            s.evidence.append(
                Evidence(
                    id=s.uid(),
                    tie=tie,
                    informant=witness,
                    discussion=disc2,
                    reported_on=disc2.date,
                    confidence=rng.choice(["low", "medium"]),
                    reported=other,
                    account="Diceritakan oleh tetangga / kepala dusun.",
                )
            )
            participants[disc2.pk].add(witness.pk)
    Evidence.objects.bulk_create(s.evidence, batch_size=500)
    return participants


def _build_assessments(s: _State) -> None:
    """Two raters, two dates: about five months ago and last month (so some are older than
    three months, and stances moved for a few)."""
    rng = s.rng
    rated = [a for a in s.actors if a.kind != "household" and not a.is_facilitator]
    rated += rng.sample([a for a in s.actors if a.kind == "household"], k=20)
    base_influence = {
        "village_official": 4,
        "village_council": 3,
        "district_head": 5,
        "religious_leader": 4,
        "customary_leader": 3,
        "community_figure": 3,
        "influential_group": 3,
        "agricultural_extension": 3,
        "family_planning": 2,
        "cooperative_supervisor": 2,
        "agency_staff": 2,
        "trader": 4,
        "supplier": 3,
        "landowner": 4,
        "moneylender": 3,
        "employer": 3,
        "craftsman": 1,
        "household": 1,
        "sharecropper": 1,
    }
    rows = []
    first, second = s.today - dt.timedelta(days=150), s.today - dt.timedelta(days=30)
    for a in rated:
        infl = base_influence.get(a.category.code, 1)
        if a.code in ("KADES", "HAJI-SLAMET", "TOKE", "KYAI"):
            infl = 5
        stance = rng.choice([-1, 0, 0, 1, 1, 2])
        if a.code in ("DARSIH", "UNTUNG", "TOKE"):
            stance = -2 if a.code == "DARSIH" else -1
        if a.code == "HAJI-SLAMET":
            stance = 0
        interest = rng.randint(1, 5)
        for rater_no, rater in enumerate(RATERS):
            for date, drift in ((first, 0), (second, 1)):
                moved = drift and rng.random() < 0.35 and a.code not in ("DARSIH",)
                rows.append(
                    Assessment(
                        id=s.uid(),
                        actor=a,
                        rater_name=rater,
                        date=date + dt.timedelta(days=rater_no),
                        influence=max(0, min(5, infl + rng.choice([-1, 0, 0, 0, 1]) * rater_no)),
                        interest=max(0, min(5, interest + (1 if moved else 0))),
                        stance=max(-2, min(2, stance + (1 if moved else 0))),
                        note="" if not moved else "Mulai terbuka setelah beberapa kali kunjungan.",
                    )
                )
    Assessment.objects.bulk_create(rows, batch_size=500)


FIRST_APPROACH = (
    # (actor code, status path, their gatherings, channels, how they decide). Every
    # first-approach group of the technique is here; a few people of each group are left
    # unapproached (KAUR-KEU, BPD-3) so the checklist shows gaps.
    (
        "KADES",
        ["approached", "receptive", "supportive", "active_partner"],
        "Rapat perangkat desa setiap Senin",
        "Lewat sekdes; WhatsApp",
        "Musyawarah dengan perangkat, lalu diputuskan Kades",
    ),
    (
        "SEKDES",
        ["approached", "receptive", "supportive"],
        "Rapat perangkat desa",
        "Kantor desa",
        "Mengikuti Kades",
    ),
    (
        "KASI-KESRA",
        ["approached", "receptive", "supportive"],
        "Posyandu dan rapat perangkat",
        "Kantor desa; WhatsApp",
        "Menunggu arahan Kades",
    ),
    (
        "KADUS-KRJ",
        ["approached", "supportive"],
        "Pertemuan RT bulanan",
        "Datang ke rumah",
        "Rembug dengan ketua RT",
    ),
    (
        "KADUS-NGS",
        ["approached", "receptive"],
        "Ronda dan pertemuan RT",
        "Bertemu di pos ronda",
        "Rembug dengan ketua RT",
    ),
    (
        "KADUS-SDM",
        ["approached"],
        "Kerja bakti Minggu pagi",
        "Datang ke rumah malam hari",
        "Ikut suara tokoh dusun",
    ),
    (
        "KADUS-GNS",
        ["approached", "receptive"],
        "Kenduri dan ronda",
        "Lewat Mbah Karto",
        "Menunggu restu sesepuh",
    ),
    (
        "CAMAT",
        ["approached", "receptive"],
        "Rapat koordinasi kecamatan",
        "Surat resmi lewat desa",
        "Mengikuti program kabupaten",
    ),
    (
        "BPD-KETUA",
        ["approached", "receptive", "supportive"],
        "Rapat BPD",
        "Bertemu di sekolah",
        "Musyawarah anggota BPD",
    ),
    (
        "BPD-2",
        ["approached", "receptive"],
        "Rapat BPD dan arisan PKK",
        "Lewat PKK",
        "Musyawarah anggota BPD",
    ),
    (
        "BPD-4",
        ["approached", "receptive", "supportive"],
        "Rapat BPD; kenduri di Gunungsari",
        "Datang ke rumah",
        "Bertanya dulu kepada warga dusunnya",
    ),
    (
        "KYAI",
        ["approached", "receptive"],
        "Pengajian malam Jumat",
        "Sowan ke pondok setelah Ashar",
        "Istikharah dan musyawarah dengan para ustadz",
    ),
    (
        "USTADZ",
        ["approached", "supportive", "active_partner"],
        "Kultum setelah Subuh; pengajian",
        "Di serambi masjid",
        "Bersama takmir masjid",
    ),
    (
        "NYAI",
        ["approached", "receptive", "supportive"],
        "Majelis taklim Kamis sore",
        "Lewat pengurus taklim",
        "Musyawarah pengurus",
    ),
    (
        "SESEPUH",
        ["approached", "receptive", "supportive"],
        "Kenduri, rasulan (bersih desa)",
        "Datang sore hari membawa teh",
        "Kata sesepuh diikuti warga",
    ),
    ("ADAT-2", ["approached"], "Rasulan", "Bertemu di rumah", "Menurut adat"),
    (
        "KT-SRI",
        ["approached", "receptive", "supportive", "active_partner"],
        "Pertemuan selapanan (35 hari)",
        "Ketua kelompok",
        "Musyawarah anggota",
    ),
    (
        "KT-NGUDI",
        ["approached", "receptive"],
        "Pertemuan selapanan",
        "Ketua kelompok",
        "Ketua memutuskan",
    ),
    (
        "PKK",
        ["approached", "supportive", "active_partner"],
        "Arisan PKK bulanan",
        "Ketua PKK (istri Kades)",
        "Rapat pengurus",
    ),
    (
        "TAKLIM",
        ["approached", "receptive"],
        "Pengajian ibu-ibu Kamis",
        "Nyai Siti",
        "Nyai memutuskan",
    ),
    ("KARTAR", ["approached"], "Malam Minggu di balai", "Grup WhatsApp", "Ketua dan pengurus"),
    ("KUD", ["approached", "resistant"], "Rapat anggota tahunan", "Manajer KUD", "Pengurus"),
    (
        "KP-BAMBU",
        ["approached", "receptive", "supportive"],
        "Kumpul menganyam sore hari",
        "Di tempat kerja pengrajin",
        "Ketua kelompok bersama anggota",
    ),
    (
        "PPL",
        ["approached", "supportive", "active_partner"],
        "Kunjungan kelompok tani",
        "WhatsApp",
        "Program dinas pertanian",
    ),
    (
        "PLKB",
        ["approached", "receptive"],
        "Posyandu dan pertemuan PKK",
        "Lewat bidan",
        "Target dinas",
    ),
    (
        "BIDAN",
        ["approached", "supportive"],
        "Posyandu setiap tanggal 10",
        "Di polindes",
        "Arahan Puskesmas",
    ),
    ("PEMBINA-KOP", ["approached"], "Rapat anggota koperasi", "Kantor dinas", "Aturan koperasi"),
    (
        "HAJI-SLAMET",
        ["approached", "receptive"],
        "Pengajian dan hajatan",
        "Lewat Kades (ipar)",
        "Sendiri",
    ),
    ("TOKE", ["approached"], "Di gudang beras", "Lewat bakul", "Sendiri, menurut harga pasar"),
    ("DARSIH", ["approached", "resistant"], "Arisan pasar", "Datang ke rumah", "Sendiri"),
)

OUTCOMES = {
    "approached": (
        "Diterima dengan baik, masih menjaga jarak.",
        "Mendengarkan; minta waktu untuk berpikir.",
    ),
    "receptive": (
        "Mau mendengar dan bertanya tentang program.",
        "Bercerita panjang tentang masalah warga; mau diajak bicara lagi.",
    ),
    "supportive": (
        "Menyatakan dukungan, menawarkan bantuan.",
        "Mau mengajak warganya ikut forum.",
    ),
    "active_partner": ("Ikut memimpin kegiatan.", "Memimpin pembahasan di pertemuannya sendiri."),
    "resistant": (
        "Menolak; khawatir kehilangan pelanggan/peminjam.",
        "Tidak mau bertemu lagi; curiga pada program.",
    ),
}
NEXT_STEPS = (
    "Kunjungan lanjutan",
    "Mengundang ke pertemuan forum",
    "Datang ke pertemuan mereka berikutnya",
    "Mengirim ringkasan hasil diskusi",
)
# Contacts planned ahead (days from today; negative: planned in the past and not held yet).
PLANNED_CONTACTS = (
    ("BROTO", 7, "Perkenalan; minta pandangan tentang bagi hasil", "BPD-3"),
    ("HJ-AMINAH", 12, "Perkenalan lewat PKK", "PKK"),
    ("BATA", 20, "Membahas upah harian buruh", "KADUS-SDM"),
    ("UNTUNG", -9, "Mendengar cara kerja pinjaman keliling", "KADUS-NGS"),
    ("PENGEPUL", 15, "Harga anyaman bambu", "KP-BAMBU"),
    ("SELEP", 25, "Perkenalan", "BROTO"),
    ("KAUR-KEU", -4, "Perkenalan; data keuangan desa untuk dana bergulir", "SEKDES"),
    ("BPD-3", 9, "Perkenalan; pandangan petani Sidomulyo", "BPD-KETUA"),
    ("KYAI", 5, "Sowan; minta doa restu untuk dana bergulir", "USTADZ"),
    ("KARTAR", 3, "Mengajak pemuda mendata rumah tangga miskin", "KADES"),
    ("CAMAT", 18, "Melaporkan perkembangan forum", "KADES"),
)


def _trusted_routes(s: _State):
    """Whom the facilitators can go through, over the demo's own trusted ties (the same rule
    as the app's suggestion), so the recorded intermediaries make sense on the map."""
    from jejaring.engagement.paths import TRUSTED_TIE_TYPES, suggest_routes

    ties = [
        (str(t.source.pk), str(t.target.pk), t.strength)
        for t in s.ties
        if t.type.code in TRUSTED_TIE_TYPES
    ]
    facilitators = [str(a.pk) for a in s.actors if a.is_facilitator]
    by_id = {str(a.pk): a for a in s.actors}

    def via(actor: Actor) -> Actor | None:
        routes = suggest_routes(ties, facilitators, str(actor.pk), limit=1)
        if not routes or routes[0].known is None:
            return None
        return by_id[routes[0].known]

    return via


def _build_engagement(s: _State) -> None:
    """Five months of approach: each first-approach stakeholder met several times, each
    contact dated, with its outcome, next step and the status it led to; their way recorded;
    some already steered to the program's way; contacts planned ahead, two of them late."""
    rng, A = s.rng, s.by_code
    engagements, changes, contacts = [], [], []
    approached = set()
    via_for = _trusted_routes(s)
    for code, path, gatherings, channels, deciding in FIRST_APPROACH:
        actor = A[code]
        approached.add(code)
        start = s.today - dt.timedelta(days=rng.randint(125, 165))
        end = s.today - dt.timedelta(days=rng.randint(3, 25))
        gap = (end - start).days / max(1, len(path) - 1)
        previous = "not_approached"
        for i, status in enumerate(path):
            date = start + dt.timedelta(days=round(i * gap)) if len(path) > 1 else end
            last = i == len(path) - 1
            open_ended = status not in ("active_partner", "resistant")
            contact = Contact(
                id=s.uid(),
                village=s.village,
                actor=actor,
                state="held",
                planned_date=date - dt.timedelta(days=rng.randint(2, 7)),
                held_date=date,
                channel="gathering"
                if i == 0 and gatherings
                else rng.choice(["visit", "visit", "meeting", "phone", "gathering"]),
                purpose="Perkenalan dan mendengarkan"
                if i == 0
                else rng.choice(
                    [
                        "Membahas masalah warga miskin",
                        "Mengundang ke forum dialog",
                        "Meminta pendapat tentang program",
                        "Menindaklanjuti kesepakatan",
                    ]
                ),
                who_goes=RATERS[0] if i % 2 == 0 else RATERS[1],
                via=via_for(actor) if i == 0 else None,
                outcome=rng.choice(OUTCOMES[status]),
                next_step=rng.choice(NEXT_STEPS) if open_ended or not last else "",
                next_step_due=date + dt.timedelta(days=21) if open_ended or not last else None,
                next_step_done=not last,
            )
            contacts.append(contact)
            changes.append(
                StatusChange(
                    id=s.uid(),
                    actor=actor,
                    date=date,
                    from_status=previous,
                    to_status=status,
                    contact=contact,
                    note=contact.outcome,
                )
            )
            previous = status
        steered = path[-1] in ("supportive", "active_partner") and rng.random() < 0.6
        engagements.append(
            Engagement(
                id=s.uid(),
                actor=actor,
                status=path[-1],
                stage="steer_program_way" if steered else "follow_their_way",
                gatherings=gatherings,
                channels=channels,
                decision_making=deciding,
                steered_on=s.today - dt.timedelta(days=rng.randint(10, 40)) if steered else None,
                steer_note="Mulai membahas rencana program dalam pertemuan mereka sendiri, "
                "lalu bersedia hadir di forum desa."
                if steered
                else "",
            )
        )
    for code, days, purpose, via in PLANNED_CONTACTS:
        contacts.append(
            Contact(
                id=s.uid(),
                village=s.village,
                actor=A[code],
                state="planned",
                planned_date=s.today + dt.timedelta(days=days),
                channel="visit",
                purpose=purpose,
                who_goes=RATERS[0],
                via=A[via],
            )
        )
    # Plans change: the camat was called to the regency on the day.
    contacts.append(
        Contact(
            id=s.uid(),
            village=s.village,
            actor=A["CAMAT"],
            state="cancelled",
            planned_date=s.today - dt.timedelta(days=16),
            channel="meeting",
            purpose="Melaporkan perkembangan forum",
            who_goes=RATERS[0],
            via=A["KADES"],
            outcome="Camat dipanggil rapat ke kabupaten; dijadwalkan ulang.",
        )
    )
    for a in s.actors:
        if a.code not in approached and a.kind != "household":
            engagements.append(Engagement(id=s.uid(), actor=a, status="not_approached"))
    Contact.objects.bulk_create(contacts)
    StatusChange.objects.bulk_create(changes)
    Engagement.objects.bulk_create(engagements)


FORUM_MEMBERS = (
    ("KADES", "government", "chair"),
    ("BPD-KETUA", "government", "member"),
    ("USTADZ", "religion", "member"),
    ("NYAI", "women", "member"),
    ("SESEPUH", "custom", "member"),
    ("KT-SRI", "agriculture", "member"),
    ("PKK", "health", "member"),
    ("PPL", "agriculture", "member"),
    ("BIDAN", "health", "member"),
    ("KP-BAMBU", "crafts", "member"),
    ("HAJI-SLAMET", "credit", "sponsor"),
    ("BPD-4", "poor_households", "member"),
    ("KASI-KESRA", "government", "secretary"),
    ("FASIL", "poor_households", "facilitator"),
)

# Who stayed away from which meeting (1-based), so attendance tells a story: H. Slamet missed
# the third meeting, and his captive sharecropper did too.
ABSENT = {
    1: ("PPL", "KP-BAMBU"),
    2: ("SESEPUH",),
    3: ("HAJI-SLAMET", "CAPTIVE", "BPD-KETUA"),
}

FORUM_MEETINGS = (
    # (days ago, title, agenda [(title, field, lead code)], decisions [item index], minutes)
    (
        100,
        "Perkenalan forum dan masalah utama warga",
        [
            ("Pembukaan dan tujuan forum", "government", "KADES"),
            ("Cerita warga tentang utang harian", "poor_households", "GNS-POOR"),
            ("Tata cara forum", "poor_households", "FASIL"),  # the facilitator leads: flagged
        ],
        [0, 1],
        "Pertemuan pertama. Kades membuka; warga Gunungsari bercerita tentang cicilan harian "
        "bank titil. Pendamping menjelaskan tata cara forum (seharusnya dibawakan anggota).",
    ),
    (
        65,
        "Pinjaman yang lebih adil",
        [
            ("Pengalaman simpan pinjam kelompok", "agriculture", "KT-SRI"),
            ("Pandangan agama tentang riba dan tolong-menolong", "religion", "USTADZ"),
            ("Usul dana bergulir untuk buruh tani", "credit", "HAJI-SLAMET"),
            ("Kesehatan ibu dan anak keluarga miskin", "health", "BIDAN"),
        ],
        [0, 2],
        "Kelompok tani bercerita tentang simpan pinjam anggota. Ustadz Fauzi mengaitkan "
        "tolong-menolong dengan pengajian. H. Slamet mengusulkan dana bergulir; peserta minta "
        "aturannya disusun bersama BPD.",
    ),
    (
        30,
        "Harga anyaman dan gabah",
        [
            ("Harga bambu dan anyaman", "crafts", "KP-BAMBU"),
            ("Jadwal tanam dan pupuk", "agriculture", "PPL"),
            ("Rasulan sebagai ajang gotong royong", "custom", "SESEPUH"),
            ("Arisan ibu-ibu untuk modal", "agriculture", "NYAI"),  # outside her field: flagged
        ],
        [0, 1, 2],
        "Pengrajin membandingkan harga dari pengepul. PPL menyampaikan jadwal pupuk bersubsidi. "
        "Mbah Karto mengusulkan rasulan tahun ini sekaligus kerja bakti.",
    ),
)


def _forum_people(s: _State) -> tuple[Actor | None, Actor | None]:
    """A captive sharecropper of H. Slamet and a poor Gunungsari borrower of the bank titil,
    who sit in the forum to speak for poor households themselves."""
    haji, darsih = s.by_code["HAJI-SLAMET"], s.by_code["DARSIH"]
    captive = next(
        (
            t.source
            for t in s.ties
            if t.target is haji
            and t.form == "credit"
            and t.exclusive
            and t.source.kind == "household"
            and t.source.welfare in vocab.POOR_WELFARE
        ),
        None,
    )
    borrower = next(
        (
            t.source
            for t in s.ties
            if t.target is darsih and t.source.kind == "household" and t.source is not captive
        ),
        None,
    )
    return captive, borrower


def _build_forum(s: _State) -> None:
    """The village dialogue forum: members with their fields, three held meetings with agenda,
    attendance (absences included), minutes, decisions and action items — one done, one late
    and carried from meeting to meeting, one in progress — and the next meeting planned."""
    A, F = s.by_code, s.fields
    forum = Forum.objects.create(
        id=s.uid(),
        village=s.village,
        name="Forum Dialog Warga Tegalrejo",
        purpose="Membahas bersama cara mengurangi jeratan utang dan memperbaiki penghidupan "
        "warga miskin.",
        established=s.today - dt.timedelta(days=110),
    )
    captive, borrower = _forum_people(s)
    people = dict(A)
    people["CAPTIVE"] = captive or A["BPD-4"]
    people["GNS-POOR"] = borrower or A["BPD-4"]
    members = [(A[c], f, r) for c, f, r in FORUM_MEMBERS]
    for extra in (captive, borrower):
        if extra is not None:
            members.append((extra, "poor_households", "member"))
    ForumMember.objects.bulk_create(
        [
            ForumMember(
                id=s.uid(), forum=forum, actor=a, field=F[f], role=r, joined=forum.established
            )
            for a, f, r in members
        ]
    )
    meetings = []
    for n, (days, title, agenda, decided, minutes) in enumerate(FORUM_MEETINGS, start=1):
        meeting = Meeting.objects.create(
            id=s.uid(),
            forum=forum,
            date=s.today - dt.timedelta(days=days),
            place="Balai Desa Tegalrejo" if n != 2 else "Serambi Masjid Al-Hidayah",
            title=title,
            state="held",
            minutes=minutes,
        )
        items = [
            AgendaItem(
                id=s.uid(), meeting=meeting, order=i + 1, title=t, field=F[f], lead=people[c]
            )
            for i, (t, f, c) in enumerate(agenda)
        ]
        AgendaItem.objects.bulk_create(items)
        away = {people[c].pk for c in ABSENT.get(n, ())}
        Attendance.objects.bulk_create(
            [
                Attendance(id=s.uid(), meeting=meeting, actor=a, present=a.pk not in away)
                for a, _, _ in members
            ]
        )
        Decision.objects.bulk_create(
            [
                Decision(
                    id=s.uid(),
                    meeting=meeting,
                    agenda_item=items[i],
                    text=f"Disepakati: {items[i].title.lower()} ditindaklanjuti oleh "
                    f"{items[i].lead.name}.",
                )
                for i in decided
            ]
        )
        meetings.append((meeting, items))
    (m1, i1), (m2, i2), (m3, i3) = meetings
    actions = [
        ActionItem(
            id=s.uid(),
            forum=forum,
            meeting=m1,
            agenda_item=i1[1],
            text="Mendata rumah tangga yang meminjam ke bank titil",
            owner=A["KADUS-GNS"],
            due=m1.date + dt.timedelta(days=21),
            status="done",
            done_on=m1.date + dt.timedelta(days=18),
        ),
        # Late and still open: carried into the third meeting and the next one.
        ActionItem(
            id=s.uid(),
            forum=forum,
            meeting=m2,
            agenda_item=i2[2],
            text="Menyusun aturan dana bergulir bersama BPD",
            owner=A["BPD-KETUA"],
            due=s.today - dt.timedelta(days=12),
            status="open",
        ),
        ActionItem(
            id=s.uid(),
            forum=forum,
            meeting=m2,
            agenda_item=i2[0],
            text="Mengundang pembina koperasi ke pertemuan berikut",
            owner=A["KT-SRI"],
            due=m2.date + dt.timedelta(days=30),
            status="done",
            done_on=m2.date + dt.timedelta(days=28),
        ),
        ActionItem(
            id=s.uid(),
            forum=forum,
            meeting=m3,
            agenda_item=i3[0],
            text="Membandingkan harga anyaman dari tiga pembeli",
            owner=A["KP-BAMBU"],
            due=s.today + dt.timedelta(days=14),
            status="in_progress",
        ),
        ActionItem(
            id=s.uid(),
            forum=forum,
            meeting=m3,
            agenda_item=i3[2],
            text="Menyiapkan kerja bakti rasulan",
            owner=A["SESEPUH"],
            due=s.today + dt.timedelta(days=25),
            status="open",
        ),
    ]
    ActionItem.objects.bulk_create(actions)
    planned = Meeting.objects.create(
        id=s.uid(),
        forum=forum,
        date=s.today + dt.timedelta(days=10),
        place="Balai Desa Tegalrejo",
        title="Rencana dana bergulir",
        state="planned",
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                id=s.uid(),
                meeting=planned,
                order=i + 1,
                title=t,
                field=F[f],
                lead=people[c],
            )
            for i, (t, f, c) in enumerate(
                (
                    ("Rancangan aturan dana bergulir", "government", "BPD-KETUA"),
                    ("Pengalaman meminjam dari bank titil", "poor_households", "GNS-POOR"),
                    ("Peran koperasi", "cooperative", "KT-SRI"),  # KT-SRI sits for agriculture
                )
            )
        ]
    )


@transaction.atomic
def build_demo_village(
    *, seed: int = 2024, today: dt.date | None = None, slug: str = DEMO_SLUG, households: int = 300
) -> Village:
    """Create the demo village (replacing one with the same slug) and return it.

    Its thousands of rows go into the village's history as one entry, not one each.
    """
    from auditlog.context import disable_auditlog

    from jejaring.audit.tracked import record_import

    with transaction.atomic():
        with disable_auditlog():
            village = _build_demo_village(seed=seed, today=today, slug=slug, households=households)
        record_import(village, kind="demo", source="jejaring demo", summary={})
    return village


def _build_demo_village(*, seed: int, today: dt.date | None, slug: str, households: int) -> Village:
    """Create the demo village (replacing one with the same slug) and return it.

    ``seed`` fixes every random choice and id; ``today`` anchors the dates (default: today).
    """
    today = today or dt.date.today()
    Village.objects.filter(slug=slug).delete()
    rng = random.Random(seed)
    village = create_village(
        "Tegalrejo",
        slug=slug,
        area_code=DEMO_AREA_CODE,
        hamlets=list(HAMLETS),
        is_demo=True,
        description=(
            "Desa contoh untuk mencoba Jejaring. Semua orang dan data di dalamnya rekaan. / "
            "A demo village to try Jejaring. All people and data in it are invented."
        ),
        program_goal="Mengurangi ketergantungan rumah tangga miskin pada utang berbunga tinggi.",
    )
    s = _State(
        rng=rng,
        # Ids come from their own stream, seeded with the slug too: a second copy of the demo
        # under another slug gets the same people but different ids.
        id_rng=random.Random(f"{seed}:{slug}"),
        today=today,
        village=village,
        tie_types={t.code: t for t in TieType.objects.filter(village__isnull=True)},
        categories={c.code: c for c in Category.objects.filter(village__isnull=True)},
        fields={f.code: f for f in Field.objects.filter(village__isnull=True)},
        hamlets={h.name: h for h in village.hamlets.all()},
    )
    households_by_hamlet = _build_actors(s, households)
    _build_ties(s, households_by_hamlet)
    Actor.objects.bulk_create(s.actors, batch_size=500)
    Actor.fields.through.objects.bulk_create(
        [Actor.fields.through(actor_id=a.pk, field_id=s.fields[f].pk) for a, f in s.actor_fields],
        ignore_conflicts=True,
    )
    Tie.objects.bulk_create(s.ties, batch_size=500)
    discussions = _build_discussions(s)
    participants = _build_evidence(s, discussions)
    Discussion.participants.through.objects.bulk_create(
        [
            Discussion.participants.through(discussion_id=d, actor_id=a)
            for d, actors in participants.items()
            for a in actors
        ]
    )
    facts = [
        Fact(id=s.uid(), discussion=rng.choice(discussions), actor=s.by_code[code], statement=text)
        for code, text in (
            (
                "HAJI-SLAMET",
                "Meminjamkan uang kepada penggarapnya sendiri; bunga dibayar dengan gabah.",
            ),
            ("DARSIH", "Menagih setiap hari di Gunungsari; warga takut pinjaman berhenti."),
            ("TOKE", "Menentukan harga gabah untuk semua bakul di desa."),
            (
                "PEMASOK-BAMBU",
                "Memberi bambu lebih dulu, dibayar dengan anyaman di bawah harga pasar.",
            ),
            ("KUD", "Pinjaman KUD hanya untuk anggota yang punya jaminan."),
        )
    ]
    Fact.objects.bulk_create(facts)
    _build_assessments(s)
    _build_engagement(s)
    _build_forum(s)
    build_history(village, today, seed=seed)  # a year of snapshots and commitments (issue 15)
    build_circles(village, today=s.today, uid=s.uid)
    village.touch()
    return village
