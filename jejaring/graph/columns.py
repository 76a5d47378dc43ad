"""Column names and cell values of the actors and ties tables, in English and Indonesian.

The file contract (DESIGN.md) names the columns in English; field teams often type the
Indonesian word instead. This module is the one place that maps both to the canonical name,
and the few coded values (tie types, dependency forms, frequencies, welfare ranks, yes/no …)
to the codes of :mod:`jejaring.vocab`. It is pure standard library so that the importers,
exporters and the engine can share it cheaply.

A header is normalised before lookup: lower case, surrounding spaces removed, inner spaces,
hyphens and dots turned into ``_`` (``"Jenis Kelamin"`` → ``jenis_kelamin``). A header that is
not in the table is kept, normalised, as an extra attribute.

Examples
--------
>>> canonical_column("Nama", ACTOR_COLUMNS)
'name'
>>> canonical_column("Tujuan", TIE_COLUMNS)
'target'
>>> canonical_column("Jenis", ACTOR_COLUMNS), canonical_column("Jenis", TIE_COLUMNS)
('kind', 'type')
>>> parse_bool("Ya"), parse_bool("tidak"), parse_bool("")
(True, False, None)
>>> normalise_value("frequency", "Mingguan"), normalise_value("type", "Kredit")
('weekly', 'credit')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from jejaring import vocab

__all__ = [
    "ACTOR_COLUMNS",
    "ACTOR_FLOAT_COLUMNS",
    "ACTOR_VOCAB_COLUMNS",
    "BOOL_FALSE",
    "BOOL_TRUE",
    "FLOAT_RANGES",
    "SHEET_NAMES",
    "TIE_COLUMNS",
    "TIE_FLOAT_COLUMNS",
    "TIE_VOCAB_COLUMNS",
    "VALUE_ALIASES",
    "canonical_column",
    "normalise_header",
    "normalise_value",
    "parse_bool",
    "parse_float",
]

#: Canonical actor column → accepted spellings (after :func:`normalise_header`).
ACTOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "actor_id", "id_aktor", "kode", "kode_aktor", "kode_pelaku"),
    "name": ("name", "nama", "nama_aktor", "nama_pelaku", "label"),
    "kind": ("kind", "jenis", "jenis_aktor", "jenis_pelaku", "tipe", "tipe_aktor"),
    "category": ("category", "kategori", "tipologi", "golongan", "kelompok_aktor"),
    "hamlet": ("hamlet", "dusun", "dukuh", "banjar"),
    "gender": ("gender", "sex", "jenis_kelamin", "kelamin", "jk"),
    "welfare": (
        "welfare",
        "welfare_rank",
        "wealth_rank",
        "kesejahteraan",
        "tingkat_kesejahteraan",
        "peringkat_kesejahteraan",
    ),
    "influence": ("influence", "pengaruh"),
    "interest": ("interest", "kepentingan", "minat"),
    "stance": ("stance", "sikap"),
    "position": ("position", "jabatan", "posisi"),
    "field": ("field", "bidang"),
}

#: Canonical tie column → accepted spellings (after :func:`normalise_header`).
TIE_COLUMNS: dict[str, tuple[str, ...]] = {
    "source": ("source", "from", "sumber", "dari", "asal"),
    "target": ("target", "to", "tujuan", "ke", "sasaran"),
    "type": (
        "type",
        "tie_type",
        "relation",
        "jenis",
        "tipe",
        "jenis_hubungan",
        "tipe_hubungan",
        "relasi",
    ),
    "directed": ("directed", "berarah"),
    "weight": ("weight", "bobot"),
    "frequency": ("frequency", "frekuensi"),
    "attachment": ("attachment", "keterikatan"),
    "form": ("form", "bentuk", "bentuk_ketergantungan", "dependency_form"),
    "balance": ("balance", "benefit_balance", "keseimbangan", "keseimbangan_manfaat"),
    "exclusive": ("exclusive", "exclusivity", "eksklusif", "eksklusivitas"),
    "terms_set_by": ("terms_set_by", "terms", "penentu_syarat", "syarat_ditentukan_oleh"),
    "strength": ("strength", "kekuatan"),
    "amount": ("amount", "jumlah", "nilai"),
    "since": ("since", "start", "sejak", "mulai"),
    "until": ("until", "end", "sampai", "hingga", "selesai"),
    "confidence": ("confidence", "keyakinan", "tingkat_keyakinan"),
    "informant": ("informant", "informan"),
    "note": ("note", "notes", "catatan", "keterangan"),
}

#: Accepted sheet names of a workbook holding both tables.
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "actors": ("actors", "actor", "aktor", "pelaku", "pemangku_kepentingan"),
    "ties": ("ties", "tie", "hubungan", "relasi", "ikatan", "jaringan"),
}

ACTOR_FLOAT_COLUMNS = ("influence", "interest", "stance")
TIE_FLOAT_COLUMNS = ("weight", "strength", "amount")
#: Allowed closed ranges of numeric columns (None: unbounded on that side).
FLOAT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "influence": (vocab.SCALE_MIN, vocab.SCALE_MAX),
    "interest": (vocab.SCALE_MIN, vocab.SCALE_MAX),
    "stance": (vocab.STANCE_MIN, vocab.STANCE_MAX),
    "strength": (1, 5),
    "amount": (0, None),
}
ACTOR_VOCAB_COLUMNS = ("kind", "category", "gender", "welfare")
TIE_VOCAB_COLUMNS = ("type", "form", "frequency", "attachment", "balance", "terms_set_by")
TIE_VOCAB_COLUMNS_EXTRA = ("confidence",)

BOOL_TRUE = frozenset({"yes", "y", "ya", "iya", "true", "t", "benar", "1", "1.0"})
BOOL_FALSE = frozenset({"no", "n", "tidak", "tdk", "false", "f", "salah", "0", "0.0"})

#: Column → accepted spelling → vocabulary code. Codes themselves are always accepted.
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "type": {
        "kekerabatan": "kinship",
        "kerabat": "kinship",
        "saudara": "kinship",
        "keluarga": "kinship",
        "perkawinan": "marriage",
        "pernikahan": "marriage",
        "kredit": "credit",
        "pinjaman": "credit",
        "utang": "credit",
        "hutang": "credit",
        "sewa_tanah": "land",
        "bagi_hasil": "land",
        "penggarapan": "land",
        "tanah": "land",
        "lahan": "land",
        "pasokan": "supply",
        "pasokan_barang": "supply",
        "pembelian_hasil": "purchase",
        "penjualan_hasil": "purchase",
        "bahan_baku": "raw_material",
        "pesanan": "product_order",
        "pesanan_kerajinan": "product_order",
        "kredit_barang": "goods_credit",
        "utang_barang": "goods_credit",
        "barang_dagangan": "goods_credit",
        "pekerjaan": "employment",
        "kerja": "employment",
        "perlindungan": "protection",
        "nasihat": "advice",
        "nasehat": "advice",
        "saran": "advice",
        "wewenang": "authority",
        "perintah": "authority",
        "keanggotaan": "membership",
        "anggota": "membership",
        "komunikasi": "communication",
        "pengaruh": "influence",
    },
    "form": {
        "kredit": "credit",
        "pinjaman": "credit",
        "utang": "credit",
        "hutang": "credit",
        "modal": "credit",
        "tanah": "land",
        "lahan": "land",
        "pasar": "market",
        "pemasaran": "market",
        "pembelian_hasil": "market",
        "input": "inputs",
        "saprodi": "inputs",
        "sarana_produksi": "inputs",
        "pupuk": "inputs",
        "benih": "inputs",
        "bahan_baku": "raw_material",
        "bahan": "raw_material",
        "pesanan": "product_orders",
        "uang_muka_pesanan": "product_orders",
        "borongan": "product_orders",
        "utang_barang": "goods_credit",
        "kredit_barang": "goods_credit",
        "barang_dagangan": "goods_credit",
        "stok": "goods_credit",
        "pekerjaan": "employment",
        "kerja": "employment",
        "lapangan_kerja": "employment",
        "perlindungan": "protection",
        "keamanan": "protection",
        "informasi": "information",
        "keagamaan": "ritual",
        "agama": "ritual",
        "politik": "political",
        "politis": "political",
    },
    "frequency": {
        "harian": "daily",
        "setiap_hari": "daily",
        "tiap_hari": "daily",
        "mingguan": "weekly",
        "bulanan": "monthly",
        "musiman": "seasonal",
        "per_musim": "seasonal",
        "tahunan": "yearly",
        "annual": "yearly",
        "kadang_kadang": "occasional",
        "sesekali": "occasional",
        "jarang": "occasional",
    },
    "attachment": {"longgar": "loose", "sedang": "moderate", "mengikat": "binding"},
    "balance": {
        "menguntungkan_patron": "favours_patron",
        "favors_patron": "favours_patron",
        "seimbang": "balanced",
        "menguntungkan_klien": "favours_client",
        "favors_client": "favours_client",
    },
    "terms_set_by": {
        "klien": "client",
        "keduanya": "both",
        "bersama": "both",
        "kesepakatan": "both",
        "adat": "custom",
        "kebiasaan": "custom",
        "tradisi": "custom",
    },
    "confidence": {"rendah": "low", "sedang": "medium", "tinggi": "high"},
    "welfare": {
        "sangat_miskin": "very_poor",
        "miskin": "poor",
        "sedang": "middle",
        "menengah": "middle",
        "mampu": "well_off",
        "kaya": "well_off",
        "sejahtera": "well_off",
        "well-off": "well_off",
    },
    "gender": {
        "perempuan": "female",
        "wanita": "female",
        "p": "female",
        "f": "female",
        "laki_laki": "male",
        "pria": "male",
        "l": "male",
        "m": "male",
        "lainnya": "other",
    },
    "kind": {
        "orang": "person",
        "perorangan": "person",
        "individu": "person",
        "rumah_tangga": "household",
        "keluarga": "household",
        "kelompok": "group",
        "lembaga": "institution",
        "instansi": "institution",
    },
    "category": {
        "kepala_desa": "village_official",
        "perangkat_desa": "village_official",
        "aparat_desa": "village_official",
        "bpd": "village_council",
        "camat": "district_head",
        "tokoh_agama": "religious_leader",
        "tokoh_adat": "customary_leader",
        "tokoh_masyarakat": "community_figure",
        "kelompok_berpengaruh": "influential_group",
        "ppl": "agricultural_extension",
        "plkb": "family_planning",
        "pembina_koperasi": "cooperative_supervisor",
        "dinas": "agency_staff",
        "instansi": "agency_staff",
        "pedagang": "trader",
        "tengkulak": "trader",
        "toke": "trader",
        "bakul": "trader",
        "pemasok": "supplier",
        "pemilik_lahan": "landowner",
        "pemilik_tanah": "landowner",
        "penggarap": "sharecropper",
        "penyewa": "sharecropper",
        "rentenir": "moneylender",
        "juragan": "employer",
        "punggawa": "employer",
        "pengrajin": "craftsman",
        "perajin": "craftsman",
        "rumah_tangga": "household",
        "pendamping": "facilitator",
        "fasilitator": "facilitator",
    },
}

_CODES: dict[str, frozenset[str]] = {
    "type": frozenset(vocab.TIE_TYPE_BY_CODE),
    "form": frozenset(vocab.codes(vocab.DEPENDENCY_FORMS)),
    "frequency": frozenset(vocab.codes(vocab.FREQUENCIES)),
    "attachment": frozenset(vocab.codes(vocab.ATTACHMENTS)),
    "balance": frozenset(vocab.codes(vocab.BALANCES)),
    "terms_set_by": frozenset(vocab.codes(vocab.TERMS_SET_BY)),
    "confidence": frozenset(vocab.codes(vocab.CONFIDENCES)),
    "welfare": frozenset(vocab.codes(vocab.WELFARE_RANKS)),
    "gender": frozenset(vocab.codes(vocab.GENDERS)),
    "kind": frozenset(vocab.codes(vocab.ACTOR_KINDS)),
    "category": frozenset(vocab.CATEGORY_BY_CODE),
}

#: Columns whose values are open lists (extendable per program): an unknown value is kept
#: without a warning. For the others an unknown value is kept but reported.
OPEN_VOCABULARIES = frozenset({"type", "category", "kind"})

_SPACES = re.compile(r"[\s\-.]+")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def normalise_header(text: str) -> str:
    """Lower case, trimmed, with spaces, hyphens and dots as ``_``.

    >>> normalise_header("  Jenis Kelamin ")
    'jenis_kelamin'
    """
    return _SPACES.sub("_", str(text).strip().lower()).strip("_")


def _reverse(table: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: canon for canon, aliases in table.items() for alias in aliases}


_ACTOR_LOOKUP = _reverse(ACTOR_COLUMNS)
_TIE_LOOKUP = _reverse(TIE_COLUMNS)


def canonical_column(header: str, table: Mapping[str, tuple[str, ...]]) -> str:
    """Canonical name of a header in ``table`` (:data:`ACTOR_COLUMNS` or :data:`TIE_COLUMNS`).

    Unknown headers come back normalised, to be kept as extra attributes.
    """
    key = normalise_header(header)
    lookup = _ACTOR_LOOKUP if table is ACTOR_COLUMNS else _TIE_LOOKUP
    if table is not ACTOR_COLUMNS and table is not TIE_COLUMNS:
        lookup = _reverse(table)
    return lookup.get(key, key)


def canonical_columns(
    headers: Iterable[str], table: Mapping[str, tuple[str, ...]]
) -> list[tuple[str, str]]:
    """``(canonical, original)`` per header, in order."""
    return [(canonical_column(h, table), str(h)) for h in headers]


def normalise_value(column: str, text: str) -> str:
    """The vocabulary code of ``text`` for a coded ``column``; other text comes back trimmed.

    >>> normalise_value("welfare", "Sangat Miskin")
    'very_poor'
    >>> normalise_value("category", "Kelompok tani")
    'Kelompok tani'
    """
    raw = str(text).strip()
    if not raw:
        return ""
    key = normalise_header(raw)
    codes = _CODES.get(column)
    if codes is not None and key in codes:
        return key
    alias = VALUE_ALIASES.get(column, {}).get(key)
    if alias is None and column == "welfare":
        alias = VALUE_ALIASES[column].get(raw.lower())
    return alias if alias is not None else raw


def is_known_value(column: str, code: str) -> bool:
    """Whether ``code`` is a code of the vocabulary of ``column`` (True for free columns)."""
    codes = _CODES.get(column)
    return codes is None or code == "" or code in codes


def parse_bool(text: object) -> bool | None:
    """yes/no in English or Indonesian, true/false, 1/0; None when empty.

    Raises
    ------
    ValueError
        On any other text.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        return text
    if isinstance(text, int | float):
        if text != text:  # NaN
            return None
        if text in (0, 1):
            return bool(text)
        raise ValueError(f"expected yes/no, got {text!r}")
    key = str(text).strip().lower()
    if not key:
        return None
    if key in BOOL_TRUE:
        return True
    if key in BOOL_FALSE:
        return False
    raise ValueError(f"expected yes/no (ya/tidak, true/false, 1/0), got {str(text)!r}")


def parse_float(text: object) -> float:
    """A number written with ``.`` or a single decimal comma (``2,5``); NaN when empty.

    Raises
    ------
    ValueError
        When the text is not a number.
    """
    if text is None:
        return float("nan")
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    raw = str(text).strip()
    if not raw:
        return float("nan")
    if _DECIMAL_COMMA.match(raw):
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"expected a number, got {str(text)!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"expected a finite number, got {str(text)!r}")
    return value
