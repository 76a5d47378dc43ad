#!/usr/bin/env python
"""Build the example villages shipped in ``jejaring/interchange/examples/`` (developers only).

    python tools/interchange_examples.py [/path/to/shared/data]

Reads the published data sets (GPL-licensed copies, see each folder's README in the data
folder) and writes each as Jejaring's own ``actors.csv`` and ``ties.csv`` plus an
``example.json`` with the citation, license and the tie types the example adds. Only the
GPL sets are written; the Karnataka data (license not stated) is never copied: it is loaded
from the user's own copy at run time (``jejaring load-example karnataka-<n> --path DIR``).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "jejaring" / "interchange" / "examples"
from jejaring.shared_data import shared_data  # noqa: E402

DEFAULT_DATA = shared_data()

ACTOR_HEADERS = ["id", "name", "kind", "category", "position"]
TIE_HEADERS = ["id", "source", "target", "type", "directed", "current"]


def read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(name: str, meta: dict, actors: list[dict], ties: list[dict]) -> None:
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    extra_a = sorted({k for a in actors for k in a} - set(ACTOR_HEADERS))
    extra_t = sorted({k for t in ties for k in t} - set(TIE_HEADERS))
    for file, headers, rows in (
        ("actors.csv", ACTOR_HEADERS + extra_a, actors),
        ("ties.csv", TIE_HEADERS + extra_t, ties),
    ):
        with (folder / file).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, headers, lineterminator="\n")
            writer.writeheader()
            for r in rows:
                writer.writerow(r)
    (folder / "example.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"{name}: {len(actors)} actors, {len(ties)} ties")


def number(text: str) -> str:
    value = float(text)
    return str(int(value)) if value.is_integer() else repr(value)


def florentine(data: Path) -> None:
    d = data / "florentine-families"
    attrs = read(d / "csv" / "families_ergmx_attributes.csv")
    name_of = {a["family"].upper(): a["family"] for a in attrs}
    actors = [
        {
            "id": a["family"],
            "name": a["family"],
            "kind": "group",
            "wealth_1427": number(a["wealth"]),
            "priorates": number(a["priorates"]),
            "total_ties_116": number(a["totalties"]),
        }
        for a in attrs
    ]
    ties = []
    for rel, type_code in (("marriage", "marriage"), ("business", "business")):
        for i, e in enumerate(read(d / "csv" / f"{rel}_edges.csv"), 1):
            ties.append(
                {
                    "id": f"{rel[0].upper()}{i:02d}",
                    "source": name_of[e["node_a"]],
                    "target": name_of[e["node_b"]],
                    "type": type_code,
                    "directed": "no",
                    "current": "yes",
                }
            )
    meta = {
        "slug": "florentine",
        "name": "Florentine families (c. 1430)",
        "description": (
            "16 elite families of Renaissance Florence: marriage alliances and business ties "
            "(loans, credits, partnerships), with each family's net wealth in 1427 (thousands "
            "of lira), seats on the civic council (priorates) and its ties in Padgett's full "
            "116-family data. The Medici are the classic broker."
        ),
        "description_id": (
            "16 keluarga elit Firenze abad ke-15: hubungan perkawinan dan bisnis (pinjaman, "
            "kredit, kemitraan), dengan kekayaan tiap keluarga tahun 1427. Keluarga Medici "
            "adalah contoh klasik perantara (broker)."
        ),
        "citation": (
            "Padgett, J. F. & Ansell, C. K. (1993). Robust Action and the Rise of the Medici, "
            "1400-1434. American Journal of Sociology 98(6), 1259-1319. Breiger, R. L. & "
            "Pattison, P. E. (1986). Cumulated social roles. Social Networks 8(3), 215-256. "
            "Copy: R package ergm via the PyPI package ergmx 0.5.0 (flomarriage, flobusiness)."
        ),
        "license": "GPL-3.0-only (ergm / ergmx data)",
        "tie_types": [
            {
                "code": "business",
                "name": "Business (loans, credit, partnership)",
                "name_id": "Bisnis (pinjaman, kredit, kemitraan)",
                "directed": False,
            }
        ],
    }
    write("florentine", meta, actors, ties)


def nyakatoke(data: Path) -> None:
    d = data / "nyakatoke"
    derived = {r["hh"]: r for r in read(d / "derived" / "households_derived.csv")}
    actors = [
        {
            "id": hh,
            "name": f"Household {hh}",
            "kind": "household",
            "category": "household",
            "members": r["members"],
            "wealth_score_vs_hh1": r["excess_wealth1_i_vs_1"],
        }
        for hh, r in sorted(derived.items(), key=lambda kv: int(kv[0]))
    ]
    ties = []
    for r in read(d / "Nyakatoke.csv"):
        if r["willingness_link1"] == "1":
            ties.append(
                {
                    "id": f"H{int(r['hh1']):03d}-{int(r['hh2']):03d}",
                    "source": r["hh1"],
                    "target": r["hh2"],
                    "type": "help",
                    "directed": "yes",
                    "current": "yes",
                }
            )
    kin = set()
    for r in read(d / "tanzania_data.csv"):
        if r["kinship1"] == "1":
            kin.add(tuple(sorted((int(r["hh1"]), int(r["hh2"])))))
    for a, b in sorted(kin):
        ties.append(
            {
                "id": f"K{a:03d}-{b:03d}",
                "source": str(a),
                "target": str(b),
                "type": "kinship",
                "directed": "no",
                "current": "yes",
            }
        )
    meta = {
        "slug": "nyakatoke",
        "name": "Nyakatoke (Tanzania), risk-sharing network",
        "description": (
            "All 119 households of Nyakatoke, a Haya village in Kagera, Tanzania (2000). A "
            "'help' tie A → B means a member of A named someone in B as a person they can rely "
            "on for help in cash, kind or labour (630 ties); kinship ties are undirected. "
            "'wealth_score_vs_hh1' is a wealth difference to household 1 whose sign and unit "
            "the source does not document."
        ),
        "description_id": (
            "Seluruh 119 rumah tangga desa Nyakatoke, Tanzania (2000). Hubungan 'bantuan' "
            "A → B: anggota rumah tangga A menyebut orang di B sebagai tempat bergantung untuk "
            "bantuan uang, barang atau tenaga."
        ),
        "citation": (
            "De Weerdt, J. (2004). Risk-sharing and endogenous network formation. In S. Dercon "
            "(ed.), Insurance Against Poverty, Oxford University Press, 197-216. Comola, M. & "
            "Fafchamps, M. (2014). Testing unilateral and bilateral link formation. Economic "
            "Journal 124, 954-976. Copy: R package riskSharing (A. Alam)."
        ),
        "license": "GPL-3.0 (R package riskSharing)",
        "tie_types": [
            {
                "code": "help",
                "name": "Can rely on for help",
                "name_id": "Tempat bergantung untuk bantuan",
                "directed": True,
                "phrase": "can rely for help on",
            }
        ],
    }
    write("nyakatoke", meta, actors, ties)


def krackhardt(data: Path) -> None:
    d = data / "krackhardt-hightech"
    levels = {"1": "CEO", "2": "Vice President", "3": "Manager"}
    actors = [
        {
            "id": a["NodeName"],
            "name": f"Manager {a['NodeName']}",
            "kind": "person",
            "position": levels[a["Level"]],
            "age": a["Age"],
            "tenure": number(a["Tenure"]),
            "level": a["Level"],
            "department": a["Department"],
        }
        for a in read(d / "csv" / "attributes.csv")
    ]
    ties = []
    for rel, type_code in (
        ("advice", "advice"),
        ("friendship", "friendship"),
        ("reportto", "authority"),
    ):
        for i, e in enumerate(read(d / "csv" / f"{rel}_edges.csv"), 1):
            ties.append(
                {
                    "id": f"{rel[:3].upper()}{i:03d}",
                    "source": e["source"],
                    "target": e["target"],
                    "type": type_code,
                    "directed": "yes",
                    "current": "yes",
                }
            )
    meta = {
        "slug": "krackhardt",
        "name": "Krackhardt's high-tech managers",
        "description": (
            "21 managers of a US high-tech firm: whom each goes to for advice, whom each "
            "considers a friend, and to whom each reports (the formal hierarchy, recorded as "
            "authority ties). Attributes: age, tenure (years), level (1 CEO, 2 vice president, "
            "3 manager) and department (0 for the CEO)."
        ),
        "description_id": (
            "21 manajer sebuah perusahaan teknologi di AS: kepada siapa meminta nasihat, siapa "
            "yang dianggap teman, dan kepada siapa melapor (hierarki resmi)."
        ),
        "citation": (
            "Krackhardt, D. (1987). Cognitive social structures. Social Networks 9, 109-134. "
            "Copy: R package xUCINET 0.0.1.0022 (Agneessens, Everett, Borgatti)."
        ),
        "license": "GPL-2.0-or-later (R package xUCINET)",
        "tie_types": [
            {
                "code": "friendship",
                "name": "Friendship",
                "name_id": "Pertemanan",
                "directed": True,
                "phrase": "considers a friend",
            }
        ],
    }
    write("krackhardt", meta, actors, ties)


def kapferer(data: Path) -> None:
    d = data / "kapferer-tailorshop"
    actors = [
        {"id": a["NodeName"], "name": a["NodeName"].title(), "kind": "person"}
        for a in read(d / "csv" / "attributes.csv")
    ]
    ties = []
    for rel, type_code, directed in (
        ("sociational", "sociational", "no"),
        ("instrumental", "instrumental", "yes"),
    ):
        for time in ("t1", "t2"):
            for i, e in enumerate(read(d / "csv" / f"{rel}{time}_edges.csv"), 1):
                a = e.get("source") or e["node_a"]
                b = e.get("target") or e["node_b"]
                ties.append(
                    {
                        "id": f"{rel[0].upper()}{time.upper()}-{i:03d}",
                        "source": a,
                        "target": b,
                        "type": type_code,
                        "directed": directed,
                        "current": "yes" if time == "t2" else "no",
                        "time": time.upper(),
                    }
                )
    meta = {
        "slug": "kapferer",
        "name": "Kapferer's tailor shop (Zambia)",
        "description": (
            "39 workers of a tailor shop in Zambia observed around an abortive and a successful "
            "strike: sociational (friendship) and instrumental (work and assistance) "
            "interactions at two times seven months apart. Ties of the second observation (T2) "
            "are current, those of the first (T1) past."
        ),
        "description_id": (
            "39 pekerja bengkel jahit di Zambia: hubungan pertemanan dan hubungan kerja/bantuan "
            "pada dua waktu (T1 lampau, T2 sekarang)."
        ),
        "citation": (
            "Kapferer, B. (1972). Strategy and Transaction in an African Factory. Manchester "
            "University Press. Copy: R package xUCINET 0.0.1.0022."
        ),
        "license": "GPL-2.0-or-later (R package xUCINET)",
        "tie_types": [
            {
                "code": "sociational",
                "name": "Sociational (friendship)",
                "name_id": "Pertemanan (sosial)",
                "directed": False,
            },
            {
                "code": "instrumental",
                "name": "Instrumental (work, assistance)",
                "name_id": "Instrumental (kerja, bantuan)",
                "directed": True,
            },
        ],
    }
    write("kapferer", meta, actors, ties)


def taro(data: Path) -> None:
    d = data / "schwimmer-taro-exchange"
    actors = [
        {
            "id": a["NodeName"],
            "name": f"Household {a['NodeName']}",
            "kind": "household",
            "category": "household",
        }
        for a in read(d / "csv" / "attributes.csv")
    ]
    ties = [
        {
            "id": f"T{i:02d}",
            "source": e["node_a"],
            "target": e["node_b"],
            "type": "taro",
            "directed": "no",
            "current": "yes",
        }
        for i, e in enumerate(read(d / "csv" / "taroexchange_edges.csv"), 1)
    ]
    meta = {
        "slug": "taro",
        "name": "Schwimmer's taro exchange (Papua New Guinea)",
        "description": (
            "Gift exchange of taro among 22 households of an Orokaiva village: the ties mark "
            "who may mediate in asking for or receiving help."
        ),
        "description_id": "Pertukaran hadiah talas di antara 22 rumah tangga desa Orokaiva.",
        "citation": (
            "Schwimmer, E. (1973). Exchange in the Social Structure of the Orokaiva. St "
            "Martin's, New York. Hage, P. & Harary, F. (1983). Structural Models in "
            "Anthropology. Cambridge University Press. Copy: R package xUCINET 0.0.1.0022."
        ),
        "license": "GPL-2.0-or-later (R package xUCINET)",
        "tie_types": [
            {
                "code": "taro",
                "name": "Taro gift exchange",
                "name_id": "Pertukaran talas",
                "directed": False,
            }
        ],
    }
    write("taro", meta, actors, ties)


def davis(data: Path) -> None:
    d = data / "davis-southern-women"
    women = read(d / "csv" / "attributes_woman.csv")
    events = read(d / "csv" / "attributes_event.csv")
    actors = [
        {"id": w["NodeName"], "name": w["NodeName"].title(), "kind": "person"} for w in women
    ] + [{"id": e["NodeName"], "name": f"Event {e['NodeName']}", "kind": "group"} for e in events]
    ties = [
        {
            "id": f"A{i:02d}",
            "source": e["woman"],
            "target": e["event"],
            "type": "attended",
            "directed": "yes",
            "current": "yes",
        }
        for i, e in enumerate(read(d / "csv" / "attendance_edges.csv"), 1)
    ]
    meta = {
        "slug": "davis",
        "name": "Davis's Southern Women (event attendance)",
        "description": (
            "18 women of Natchez, Mississippi, and the 14 social events each attended in the "
            "1930s: the classic example of attendance (meeting, forum) data."
        ),
        "description_id": "18 perempuan dan 14 acara sosial yang mereka hadiri (tahun 1930-an).",
        "citation": (
            "Davis, A., Gardner, B. B. & Gardner, M. R. (1941). Deep South. University of "
            "Chicago Press. Breiger, R. L. (1974). The duality of persons and groups. Social "
            "Forces 53, 181-190. Copy: R package xUCINET 0.0.1.0022."
        ),
        "license": "GPL-2.0-or-later (R package xUCINET)",
        "tie_types": [
            {
                "code": "attended",
                "name": "Attended",
                "name_id": "Menghadiri",
                "directed": True,
                "phrase": "attended",
            }
        ],
    }
    write("davis", meta, actors, ties)


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else DEFAULT_DATA
    for build in (florentine, nyakatoke, krackhardt, kapferer, taro, davis):
        build(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
