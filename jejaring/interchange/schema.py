"""The columns of Jejaring's actors and ties tables, as files and the template spell them.

The column names, their Indonesian and English spellings and the value parsers of the
analysis engine live in :mod:`jejaring.graph.columns`; this module adds the columns only the
database keeps (RT/RW, contact, consent, whether a tie is current…) and says, for each column,
its header in the template, its kind of value and the model field it fills.
"""

from __future__ import annotations

from dataclasses import dataclass

from jejaring.graph import columns

#: Actor columns the engine does not read but the database keeps (accepted spellings,
#: normalised as :func:`jejaring.graph.columns.normalise_header` does).
EXTRA_ACTOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "rt": ("rt",),
    "rw": ("rw",),
    "household_size": (
        "household_size",
        "jumlah_anggota_rumah_tangga",
        "jumlah_anggota_keluarga",
        "jumlah_anggota",
        "anggota_rumah_tangga",
    ),
    "contact": ("contact", "kontak", "telepon", "no_hp", "hp", "alamat_kontak"),
    "consent": ("consent", "persetujuan", "bersedia"),
    "sensitive": ("sensitive", "sensitif", "rahasia"),
    "facilitator": ("facilitator", "is_facilitator", "pendamping_program", "staf_program"),
    "notes": ("notes", "note", "catatan", "keterangan"),
}

#: Tie columns the engine does not read but the database keeps.
EXTRA_TIE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "tie_id", "kode", "kode_hubungan", "id_hubungan"),
    "reciprocation": (
        "reciprocation",
        "gives_back",
        "what_given_back",
        "balasan",
        "imbal_balik",
    ),
    "current": ("current", "is_current", "masih_berlaku", "masih_aktif", "aktif", "berlaku"),
}

ACTOR_ALIASES: dict[str, tuple[str, ...]] = {**columns.ACTOR_COLUMNS, **EXTRA_ACTOR_COLUMNS}
TIE_ALIASES: dict[str, tuple[str, ...]] = {**columns.TIE_COLUMNS, **EXTRA_TIE_COLUMNS}

# Kinds of value a column holds.
TEXT, CODE, INT, DECIMAL, FLOAT, BOOL, DATE, VOCAB, TERM, TERMS = (
    "text",
    "code",
    "int",
    "decimal",
    "float",
    "bool",
    "date",
    "vocab",
    "term",
    "terms",
)


@dataclass(frozen=True)
class Col:
    """One column of a table.

    ``header_id`` is the template's Indonesian header (it must normalise to one of the
    accepted spellings: a test checks). ``kind`` says how cells are read; for ``vocab``
    columns ``vocab`` names the closed list, for ``term``/``terms`` the open, per-village
    list (category, tie type, field, hamlet). ``field`` is the model field it fills (None
    when the column is handled apart: assessments, fields, the tie's evidence).
    """

    name: str
    header_id: str
    kind: str
    field: str | None = None
    vocab: str | None = None
    required: bool = False
    low: float | None = None
    high: float | None = None
    max_length: int | None = None


ACTOR_COLS: tuple[Col, ...] = (
    Col("id", "Kode", CODE, "code", required=True, max_length=100),
    Col("name", "Nama", TEXT, "name", required=True, max_length=200),
    Col("kind", "Jenis", VOCAB, "kind", vocab="kind"),
    Col("category", "Kategori", TERM, "category", vocab="category"),
    Col("hamlet", "Dusun", TERM, "hamlet", vocab="hamlet"),
    Col("rt", "RT", TEXT, "rt", max_length=10),
    Col("rw", "RW", TEXT, "rw", max_length=10),
    Col("gender", "Jenis kelamin", VOCAB, "gender", vocab="gender"),
    Col("welfare", "Kesejahteraan", VOCAB, "welfare", vocab="welfare"),
    Col("household_size", "Jumlah anggota rumah tangga", INT, "household_size", low=0, high=999),
    Col("influence", "Pengaruh", INT, None, low=0, high=5),
    Col("interest", "Kepentingan", INT, None, low=0, high=5),
    Col("stance", "Sikap", INT, None, low=-2, high=2),
    Col("position", "Jabatan", TEXT, "position", max_length=200),
    Col("field", "Bidang", TERMS, None, vocab="field"),
    Col("contact", "Kontak", TEXT, "contact", max_length=200),
    Col("consent", "Persetujuan", VOCAB, "consent", vocab="consent"),
    Col("sensitive", "Sensitif", BOOL, "sensitive"),
    Col("facilitator", "Pendamping program", BOOL, "is_facilitator"),
    Col("notes", "Catatan", TEXT, "notes"),
)

TIE_COLS: tuple[Col, ...] = (
    Col("id", "Kode", CODE, "code", max_length=100),
    Col("source", "Dari", CODE, None, required=True, max_length=100),
    Col("target", "Ke", CODE, None, required=True, max_length=100),
    Col("type", "Jenis hubungan", TERM, "type", vocab="type"),
    Col("directed", "Berarah", BOOL, "directed"),
    Col("weight", "Bobot", FLOAT, "weight"),
    Col("form", "Bentuk ketergantungan", VOCAB, "form", vocab="form"),
    Col("frequency", "Frekuensi", VOCAB, "frequency", vocab="frequency"),
    Col("attachment", "Keterikatan", VOCAB, "attachment", vocab="attachment"),
    Col("balance", "Keseimbangan manfaat", VOCAB, "balance", vocab="balance"),
    Col("exclusive", "Eksklusif", BOOL, "exclusive"),
    Col("terms_set_by", "Penentu syarat", VOCAB, "terms_set_by", vocab="terms_set_by"),
    Col("reciprocation", "Balasan", TEXT, "reciprocation", max_length=300),
    Col("strength", "Kekuatan", INT, "strength", low=1, high=5),
    Col("amount", "Jumlah", DECIMAL, "amount", low=0),
    Col("since", "Sejak", DATE, "start_date"),
    Col("until", "Sampai", DATE, "end_date"),
    Col("current", "Masih berlaku", BOOL, "is_current"),
    Col("confidence", "Keyakinan", VOCAB, "confidence", vocab="confidence"),
    Col("informant", "Informan", TEXT, None, max_length=200),
    Col("note", "Catatan", TEXT, "note"),
)

ACTOR_COL = {c.name: c for c in ACTOR_COLS}
TIE_COL = {c.name: c for c in TIE_COLS}

ACTORS, TIES = "actors", "ties"


def aliases(kind: str) -> dict[str, tuple[str, ...]]:
    return ACTOR_ALIASES if kind == ACTORS else TIE_ALIASES


def cols(kind: str) -> tuple[Col, ...]:
    return ACTOR_COLS if kind == ACTORS else TIE_COLS


def header(col: Col, language: str) -> str:
    """The column's header in the template and exports: Indonesian or the English name."""
    return col.header_id if language.startswith("id") else col.name


def sheet_name(kind: str, language: str) -> str:
    if language.startswith("id"):
        return "aktor" if kind == ACTORS else "hubungan"
    return kind
