"""Real network data sets as example villages, with their citation and license.

The GPL-licensed sets ship with Jejaring (``examples/<name>/``, built by
``tools/interchange_examples.py``). The Karnataka microfinance villages (Banerjee,
Chandrasekhar, Duflo & Jackson 2013) do not: their license is not stated, so they are read
from a copy the user downloaded, given with ``--path`` (the folder holding the adjacency
matrices and ``household_characteristics.csv`` or ``.dta``, found anywhere below it).

An example loads through the same importer as a user's file.
"""

from __future__ import annotations

import csv as _csv
import gzip
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction
from django.utils.translation import gettext_noop

from jejaring.actors.models import Tie, TieType
from jejaring.audit.tracked import record_import
from jejaring.interchange import progress as P
from jejaring.interchange import records, schema
from jejaring.interchange import services as S
from jejaring.interchange.problems import ImportRejected, Problems
from jejaring.interchange.tables import Table
from jejaring.villages.models import Village
from jejaring.villages.services import create_village, unique_slug

FOLDER = Path(__file__).resolve().parent / "examples"
KARNATAKA = re.compile(r"^karnataka-(\d{1,2})$")
KARNATAKA_CITATION = (
    "Banerjee, A., Chandrasekhar, A. G., Duflo, E. & Jackson, M. O. (2013). The Diffusion of "
    "Microfinance. Science 341(6144), 1236498. doi:10.1126/science.1236498. Data: Harvard "
    "Dataverse, doi:10.7910/DVN/U3BIHX. Households of village {village}, Karnataka, India; "
    "every relation is recorded without direction (the direction of lending is not in the "
    "public data)."
)
# Stored in English with the village; pages show it translated (``vocab`` filter).
KARNATAKA_LICENSE = gettext_noop("not stated by the source: loaded from the user's own copy")

#: Karnataka relation → (code, English name, Indonesian name); "rel" is the built-in kinship.
KARNATAKA_RELATIONS = {
    "borrowmoney": ("borrowmoney", "Borrowing money (either way)", "Pinjam uang (dua arah)"),
    "lendmoney": ("lendmoney", "Lending money (either way)", "Meminjamkan uang (dua arah)"),
    "keroricecome": ("keroricecome", "Borrowing kerosene or rice", "Pinjam minyak tanah/beras"),
    "keroricego": ("keroricego", "Lending kerosene or rice", "Meminjamkan minyak tanah/beras"),
    "visitcome": ("visitcome", "Visits received", "Menerima kunjungan"),
    "visitgo": ("visitgo", "Visits made", "Berkunjung"),
    "giveadvice": ("giveadvice", "Advice", "Nasihat"),
    "helpdecision": ("helpdecision", "Help with decisions", "Bantuan mengambil keputusan"),
    "medic": ("medic", "Medical advice", "Nasihat kesehatan"),
    "nonrel": ("nonrel", "Socialising (non-relatives)", "Bergaul (bukan kerabat)"),
    "rel": ("kinship", "", ""),
    "templecompany": ("templecompany", "Temple company", "Bersama ke tempat ibadah"),
}
HOUSEHOLD_ATTRIBUTES = (
    "hohreligion",
    "castesubcaste",
    "rooftype1",
    "rooftype2",
    "rooftype3",
    "rooftype4",
    "rooftype5",
    "room_no",
    "bed_no",
    "electricity",
    "latrine",
    "ownrent",
    "hhSurveyed",
    "leader",
)


class ExampleError(Exception):
    """The example cannot be loaded (unknown name, missing files, village exists)."""

    def __init__(self, message: str, **params) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


@dataclass
class Example:
    key: str
    name: str
    description: str
    description_id: str
    citation: str
    license: str
    shipped: bool = True
    tie_types: list[dict] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.key


def catalogue() -> list[Example]:
    """The shipped examples and the Karnataka family (which needs ``--path``)."""
    out = []
    for meta_file in sorted(FOLDER.glob("*/example.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        out.append(
            Example(
                key=meta_file.parent.name,
                name=meta["name"],
                description=meta["description"],
                description_id=meta.get("description_id", ""),
                citation=meta["citation"],
                license=meta["license"],
                tie_types=meta.get("tie_types", []),
            )
        )
    out.append(
        Example(
            key="karnataka-<n>",
            name="Karnataka microfinance villages (India)",
            description=(
                "Household networks of 75 villages in Karnataka, India: 12 relations (money "
                "and kerosene-rice lending, visits, advice, kinship, temple company…) with "
                "caste, religion and housing. Give the folder of your copy with --path."
            ),
            description_id=(
                "Jaringan rumah tangga 75 desa di Karnataka, India. Perlu salinan data Anda "
                "sendiri (--path)."
            ),
            citation=KARNATAKA_CITATION.format(village="<n>"),
            license=KARNATAKA_LICENSE,
            shipped=False,
        )
    )
    return out


def find(key: str) -> Example | None:
    m = KARNATAKA.match(key)
    if m:
        village = int(m[1])
        return Example(
            key=key,
            name=f"Karnataka village {village}",
            description="",
            description_id="",
            citation=KARNATAKA_CITATION.format(village=village),
            license=KARNATAKA_LICENSE,
            shipped=False,
            tie_types=[
                {"code": code, "name": name, "name_id": name_id, "directed": False}
                for code, name, name_id in KARNATAKA_RELATIONS.values()
                if name
            ],
        )
    return next((e for e in catalogue() if e.key == key and e.shipped), None)


def load(
    key: str,
    *,
    path: str | Path | None = None,
    replace: bool = False,
    copy: bool = False,
    user=None,
    progress: P.ProgressFn = P.silent,
) -> Village:
    """Load example ``key`` as a village of the same slug (the user becomes its admin).

    With ``copy`` (the web page) the example always becomes a *new* village of the user's own,
    under a free slug (``florentine-2``…): another user's copy of the example is never touched
    nor shared, since its data may have been edited and is theirs. ``replace`` (the command
    line) replaces an earlier copy under the example's slug, and only an example village.
    """
    example = find(key)
    if example is None:
        raise ExampleError(gettext_noop("there is no example called %(name)s"), name=key)
    if example.shipped:
        folder = FOLDER / key
        files = [S.InputFile(n, (folder / n).read_bytes()) for n in ("actors.csv", "ties.csv")]
        tables = _tables(files)
    else:
        if path is None:
            raise ExampleError(
                gettext_noop(
                    "the Karnataka data are not shipped with Jejaring: give the folder of "
                    "your copy with --path"
                )
            )
        tables = karnataka_tables(Path(path), int(KARNATAKA.match(key)[1]))
    with transaction.atomic():
        slug = unique_slug(example.slug) if copy else example.slug
        existing = Village.objects.filter(slug=slug).first()
        if existing is not None:
            if not (existing.is_demo and existing.source_citation):
                raise ExampleError(
                    gettext_noop(
                        "the village %(slug)s exists already and is not an example village: "
                        "it is never replaced"
                    ),
                    slug=slug,
                )
            if not replace:
                raise ExampleError(
                    gettext_noop("the village %(slug)s exists already (replace it with --replace)"),
                    slug=example.slug,
                )
            # Ties go first: Tie.type protects the village's own tie types from a cascade.
            Tie.objects.filter(village=existing).delete()
            existing.delete()
        village = create_village(
            example.name,
            slug=slug,
            description=example.description,
            source_citation=example.citation,
            source_license=example.license,
            is_demo=True,
            admin=user,
        )
        for spec in example.tie_types:
            TieType.objects.create(
                village=village,
                code=spec["code"],
                name=spec["name"],
                name_id=spec.get("name_id", ""),
                directed=spec.get("directed", True),
                is_dependency=spec.get("dependency", False),
                phrase=spec.get("phrase", ""),
            )
        problems = Problems()
        actors = records.parse_table(tables[0], schema.ACTORS, problems)
        ties = records.parse_table(tables[1], schema.TIES, problems)
        if problems.has_errors:
            raise ImportRejected(problems)
        summary = S.import_tables(
            village,
            actors,
            ties,
            problems,
            match_names=False,
            progress=progress,
            source=example.name,
            user=user,
        )
        record_import(
            village, user=user, kind="example", source=example.name, summary=summary.as_dict()
        )
    return village


def _tables(files: list[S.InputFile]) -> tuple[Table, Table]:
    problems = Problems()
    actors, ties = S.read_tables(files, problems)
    if problems.has_errors or actors is None or ties is None:
        raise ImportRejected(problems)
    return actors, ties


def copies_of(example: Example, user) -> models.QuerySet[Village]:
    """The villages loaded from ``example`` that ``user`` is a member of (their own copies)."""
    return Village.objects.filter(
        is_demo=True, source_citation=example.citation, memberships__user=user
    ).order_by("created_at", "pk")


# --------------------------------------------------------------------------- Karnataka


def _find_file(root: Path, name: str) -> Path | None:
    if (root / name).exists():
        return root / name
    return next(iter(sorted(root.rglob(name))), None)


def _households(root: Path, village: int) -> list[dict]:
    csv_file = _find_file(root, "household_characteristics.csv")
    if csv_file is not None:
        with csv_file.open(newline="", encoding="utf-8") as fh:
            rows = [r for r in _csv.DictReader(fh) if r.get("village") == str(village)]
    else:
        dta = _find_file(root, "household_characteristics.dta")
        if dta is None:
            raise ExampleError(
                gettext_noop(
                    "household_characteristics.csv (or .dta) was not found under %(path)s"
                ),
                path=str(root),
            )
        import pandas as pd

        frame = pd.read_stata(dta)
        frame = frame[frame["village"] == village]
        rows = [
            {k: ("" if v != v else str(v)) for k, v in r.items()} for r in frame.to_dict("records")
        ]
        for r in rows:
            for k in ("village", "adjmatrix_key", "hhid"):
                r[k] = str(int(float(r[k])))
    if not rows:
        raise ExampleError(
            gettext_noop("the data have no households of village %(village)s"), village=village
        )
    return rows


def karnataka_tables(root: Path, village: int) -> tuple[Table, Table]:
    """The households and typed ties of one Karnataka village as tables."""
    if not root.is_dir():
        raise ExampleError(gettext_noop("%(path)s is not a folder"), path=str(root))
    households = _households(root, village)
    by_key = {int(float(h["adjmatrix_key"])): h["hhid"] for h in households}
    actors = Table(
        f"Karnataka {village}: households",
        ["id", "name", "kind", "category", *HOUSEHOLD_ATTRIBUTES],
    )
    for n, h in enumerate(sorted(households, key=lambda h: int(h["hhid"])), start=2):
        actors.rows.append(
            (
                n,
                [
                    h["hhid"],
                    f"Household {h['hhid']}",
                    "household",
                    "household",
                    *[h.get(a, "") for a in HOUSEHOLD_ATTRIBUTES],
                ],
            )
        )
    pairs: list[tuple[str, str, str]] = []
    for relation in KARNATAKA_RELATIONS:
        matrix = _find_file(root, f"adj_{relation}_HH_vilno_{village}.csv")
        if matrix is None:
            continue
        with matrix.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                cells = line.strip().split(",")
                for j in range(i, len(cells)):  # upper triangle: the matrices are symmetric
                    if cells[j].strip() not in ("", "0") and (j + 1) in by_key and i in by_key:
                        pairs.append((by_key[i], by_key[j + 1], relation))
    if not pairs:
        pairs = _derived_edges(root, village)
    if not pairs:
        raise ExampleError(
            gettext_noop(
                "no adjacency matrices (adj_<relation>_HH_vilno_%(village)s.csv) were found "
                "under %(path)s"
            ),
            village=village,
            path=str(root),
        )
    ties = Table(
        f"Karnataka {village}: ties", ["id", "source", "target", "type", "directed", "current"]
    )
    for n, (a, b, relation) in enumerate(pairs, start=2):
        code = KARNATAKA_RELATIONS[relation][0]
        ties.rows.append((n, [f"{relation}-{a}-{b}", a, b, code, "no", "yes"]))
    return actors, ties


def _derived_edges(root: Path, village: int) -> list[tuple[str, str, str]]:
    gz = _find_file(root, "household_edges_all_villages.csv.gz")
    if gz is None:
        return []
    out = []
    with gzip.open(gz, "rb") as fh:
        for row in _csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8")):
            if row["village"] == str(village) and row["relation"] in KARNATAKA_RELATIONS:
                out.append((row["hhid_a"], row["hhid_b"], row["relation"]))
    return out
