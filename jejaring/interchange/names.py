"""Recognising the same person under different spellings of an Indonesian name.

Field notes write one person many ways: "Pak Haji Slamet", "H. Slamet", "Slamet, S.Pd.",
"Bpk. Selamet"; old and new spelling ("Soekarno" / "Sukarno", "Djoko" / "Joko"); Arabic names
transliterated differently ("Mochammad" / "Muhammad" / "M."). This module reduces a name to its
*core* (titles and degrees removed, spelling normalised) and scores how alike two names are.
It never decides that two names are one person: it proposes pairs for a person to review.

Pure Python, no Django.

Examples
--------
>>> core("Pak Haji Slamet"), core("H. Slamet"), core("Bpk. Selamet, S.Pd.")
('slamet', 'slamet', 'selamet')
>>> core("Soekarno") == core("Sukarno"), core("Djoko Widodo") == core("Joko Widodo")
(True, True)
>>> core("Mochammad Yusuf") == core("M. Yusuf") == core("Muhammad Yusuf")
True
>>> compare("Pak Haji Slamet", "H. Slamet")
(1.0, 'same_name')
>>> compare("Slamet", "Selamet")
(0.9, 'spelling')
>>> compare("Bu Slamet", "Pak Slamet") is None   # Bu Slamet is often Pak Slamet's wife
True
>>> compare("KK Budi (Ngasem)", "KK Budi (Krajan)") is None   # told apart by where they live
True
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["NameIndex", "ParsedName", "compare", "core", "parse"]

MALE, FEMALE = "male", "female"

#: Titles and forms of address that come before a name, with the gender they imply.
HONORIFICS: dict[str, str | None] = {
    # forms of address
    "pak": MALE,
    "bapak": MALE,
    "bp": MALE,
    "bpk": MALE,
    "mas": MALE,
    "kang": MALE,
    "akang": MALE,
    "aa": MALE,
    "cak": MALE,
    "bang": MALE,
    "abang": MALE,
    "uda": MALE,
    "om": MALE,
    "pakde": MALE,
    "paklik": MALE,
    "tuan": MALE,
    "tn": MALE,
    "sdr": None,
    "saudara": None,
    "sdri": FEMALE,
    "saudari": FEMALE,
    "bu": FEMALE,
    "ibu": FEMALE,
    "ib": FEMALE,
    "mbak": FEMALE,
    "mbok": FEMALE,
    "mak": FEMALE,
    "teh": FEMALE,
    "ceu": FEMALE,
    "neng": FEMALE,
    "bude": FEMALE,
    "bulik": FEMALE,
    "nyonya": FEMALE,
    "ny": FEMALE,
    "mbah": None,
    "kk": None,  # kepala keluarga: the household named after its head
    "kel": None,
    "keluarga": None,
    "lik": None,
    "wak": None,
    # religious titles
    "haji": MALE,
    "h": MALE,
    "hajjah": FEMALE,
    "hajah": FEMALE,
    "hj": FEMALE,
    "kyai": MALE,
    "kiai": MALE,
    "kh": MALE,
    "nyai": FEMALE,
    "gus": MALE,
    "ning": FEMALE,
    "ustadz": MALE,
    "ustad": MALE,
    "ustaz": MALE,
    "ust": None,
    "ustadzah": FEMALE,
    "ustazah": FEMALE,
    "habib": MALE,
    "syekh": MALE,
    "tgk": None,
    "teungku": None,
    # nobility and custom
    "raden": None,
    "r": None,
    "rm": MALE,
    "ra": FEMALE,
    "rr": FEMALE,
    "datuk": MALE,
    "datu": None,
    "daeng": None,
    "alm": None,
    "almarhum": MALE,
    "almarhumah": FEMALE,
    # academic titles written in front
    "dr": None,
    "drs": MALE,
    "dra": FEMALE,
    "ir": None,
    "prof": None,
}

#: Titles that single a person out (a pilgrim, a religious teacher): two names sharing one are
#: proposed first.
TITLE_GROUPS = {
    **dict.fromkeys(("haji", "h", "hajjah", "hajah", "hj"), "haji"),
    **dict.fromkeys(("kyai", "kiai", "kh", "nyai", "gus", "ning"), "kyai"),
    **dict.fromkeys(("ustadz", "ustad", "ustaz", "ust", "ustadzah", "ustazah"), "ustadz"),
    **dict.fromkeys(("dr", "drs", "dra", "ir", "prof"), "academic"),
    **dict.fromkeys(("raden", "r", "rm", "ra", "rr"), "raden"),
}

#: Degrees written after a name ("Slamet, S.Pd., M.Si."), dots removed.
DEGREES = frozenset(
    [
        "spd",
        "sag",
        "se",
        "sh",
        "st",
        "sip",
        "sos",
        "ssos",
        "skom",
        "sp",
        "skm",
        "sked",
        "spdi",
        "shi",
        "sthi",
        "sei",
        "shut",
        "spt",
        "ssi",
        "ss",
        "mpd",
        "msi",
        "mm",
        "mag",
        "mh",
        "mt",
        "mkes",
        "mkom",
        "amd",
        "amdkeb",
        "amdkep",
        "bsc",
        "ba",
        "ma",
        "msc",
        "phd",
        "hc",
        "mba",
    ]
)

#: Spellings of Muhammad and a few other common abbreviations, after normalisation.
TOKEN_ALIASES = {
    **dict.fromkeys(
        [
            "m",
            "mhd",
            "moh",
            "mohd",
            "muh",
            "muhd",
            "moch",
            "much",
            "mohamad",
            "muhamad",
            "mohamed",
            "muhamed",
            "mukhamad",
            "mochamad",
            "muchamad",
            "mohammad",
            "muhammad",
        ],
        "muhamad",
    ),
    "abd": "abdul",
    "nur": "nur",
}

_PARENS = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_PUNCT = re.compile(r"[^\w\s,]", re.UNICODE)
_SPLIT = re.compile(r"[\s_]+")
#: Edit-distance similarity above which two names are proposed as one person. One letter
#: changed in a seven-letter name ("Sutarno" / "Suwarno", two different names) scores 0.86.
SIMILAR = 0.9
_VOWELS = re.compile(r"[aeiou]")
_REPEATS = re.compile(r"(.)\1+")


def _ascii(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()


def _respell(token: str) -> str:
    """Old (Dutch-era) spelling and common transliteration variants to one form."""
    t = token.replace("oe", "u").replace("dj", "j").replace("tj", "c")
    t = t.replace("sj", "sy").replace("nj", "ny")
    if t.startswith("ch"):
        # "Chandra" = "Candra", but "Chairul", "Cholil" = "Khairul", "Kholil" (Arabic kh).
        t = ("c" if t.startswith(("chan", "chr")) else "h") + t[2:]
    t = t.replace("kh", "h").replace("ch", "h").replace("ph", "f").replace("th", "t")
    t = t.replace("dh", "d").replace("sh", "sy").replace("q", "k")
    t = t.replace("j", "y")  # old spelling j = y (Jogja / Yogya); applied to both sides alike
    t = _REPEATS.sub(r"\1", t)
    return TOKEN_ALIASES.get(t, t)


def skeleton(token: str) -> str:
    """The consonants of a normalised token after its first letter ("slamet" → "slmt")."""
    if not token:
        return ""
    return token[0] + _VOWELS.sub("", token[1:])


@dataclass(frozen=True, slots=True)
class ParsedName:
    tokens: tuple[str, ...]
    gender: str | None
    titled: bool
    qualifier: str = ""
    titles: frozenset = frozenset()

    @property
    def core(self) -> str:
        return " ".join(self.tokens)

    @property
    def skeletons(self) -> tuple[str, ...]:
        return tuple(skeleton(t) for t in self.tokens)


_NO_TITLES: frozenset = frozenset()


# An import parses each new name three times in a row (against the village, against the
# file's other new names, then to index it): a small cache makes that one parse.
@functools.lru_cache(maxsize=1024)
def parse(name: str) -> ParsedName:
    """Split ``name`` into its core tokens and the gender its titles imply.

    >>> parse("Hj. Siti Aminah, S.Ag.").tokens, parse("Hj. Siti Aminah").gender
    (('siti', 'aminah'), 'female')
    """
    # A qualifier in brackets ("KK Tarjo (Ngasem, RT 04)") says where, not who: it is
    # compared apart.
    text = _ascii(name or "")
    qualifier = " ".join(re.sub(r"[^\w]+", " ", q).strip() for q in _PARENS.findall(text)).strip()
    text = _PARENS.sub(" ", text)
    # "S.Pd." and "K.H." become "spd" and "kh" when the dots go.
    text = text.replace(".", "")
    text = _PUNCT.sub(" ", text)
    main, _, after_comma = text.partition(",")
    words = [w for w in _SPLIT.split(main) if w]
    tail = [w for w in _SPLIT.split(after_comma.replace(",", " ")) if w]
    gender: str | None = None
    titled = False
    titles = set()
    i = 0
    while i < len(words) - 1 and words[i] in HONORIFICS:
        gender = gender or HONORIFICS[words[i]]
        titled = True
        if words[i] in TITLE_GROUPS:
            titles.add(TITLE_GROUPS[words[i]])
        i += 1
    words = [w for w in words[i:] if w not in DEGREES]
    # After a comma only degrees are expected; anything else is part of the name.
    words += [w for w in tail if w not in DEGREES and w not in HONORIFICS]
    titled = titled or len(tail) > 0
    tokens = tuple(_respell(w) for w in words if w)
    if not tokens:
        tokens = tuple(_respell(w) for w in _SPLIT.split(main) if w)
    # Most names carry no title group: one shared empty set instead of one each (an import
    # of 70,000 new names keeps them all in its index).
    return ParsedName(
        tokens, gender, titled, qualifier, frozenset(titles) if titles else _NO_TITLES
    )


def core(name: str) -> str:
    """The name without titles or degrees, in one spelling."""
    return parse(name).core


def _compare_parsed(a: ParsedName, b: ParsedName) -> tuple[float, str] | None:
    if not a.tokens or not b.tokens:
        return None
    if a.gender and b.gender and a.gender != b.gender:
        return None
    if a.qualifier and b.qualifier and a.qualifier != b.qualifier:
        return None
    if a.core == b.core:
        return 1.0, "same_name"
    if a.skeletons == b.skeletons:
        return 0.9, "spelling"
    short, long_ = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if len(short.tokens) < len(long_.tokens) and min(len(t) for t in short.tokens) >= 4:
        long_sk = set(long_.skeletons)
        if all(s in long_sk for s in short.skeletons):
            return 0.8, "part"
    matcher = SequenceMatcher(None, a.core, b.core, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return None
    ratio = matcher.ratio()
    if ratio >= SIMILAR:
        return round(ratio, 3), "similar"
    return None


def compare(a: str, b: str) -> tuple[float, str] | None:
    """``(score, reason)`` when the two names may be one person, else None.

    Reasons: ``same_name`` (1.0: same once titles are removed and spelling normalised),
    ``spelling`` (0.9: same consonants), ``part`` (0.8: one name is part of the other),
    ``similar`` (0.9–1: close by edit distance). Names whose titles say different genders
    never match.
    """
    return _compare_parsed(parse(a), parse(b))


@dataclass(frozen=True)
class Match:
    key: object
    score: float
    reason: str
    shared_titles: int = 0


class NameIndex:
    """Names to compare new names against, blocked by token so large villages stay fast.

    Exact matches (same core, same skeleton) are found by hashing whatever the village size;
    fuzzy comparisons only run against names sharing an uncommon token, since comparing every
    pair of 5,000 names would take minutes.
    """

    #: A token carried by more names than this is too common to narrow the search.
    BLOCK_LIMIT = 60

    def __init__(self, entries: Iterable[tuple[object, str]] = ()) -> None:
        self.names: dict[object, ParsedName] = {}
        self.by_core: dict[str, list[object]] = defaultdict(list)
        self.by_skeleton: dict[tuple[str, ...], list[object]] = defaultdict(list)
        self.by_token: dict[str, list[object]] = defaultdict(list)
        for key, name in entries:
            self.add(key, name)

    def add(self, key: object, name: str) -> None:
        parsed = parse(name)
        if not parsed.tokens:
            return
        self.names[key] = parsed
        self.by_core[parsed.core].append(key)
        self.by_skeleton[parsed.skeletons].append(key)
        for sk in set(parsed.skeletons):
            self.by_token[sk].append(key)

    def similar(
        self, name: str, *, exclude: object = None, limit: int = 5, threshold: float = 0.8
    ) -> list[Match]:
        """The best ``limit`` names like ``name`` (score ≥ ``threshold``), best first; among
        equal scores, names sharing a title ("H." and "Pak Haji") first."""
        parsed = parse(name)
        if not parsed.tokens:
            return []
        candidates: list[object] = []
        seen: set[object] = set()
        for key in (
            self.by_core.get(parsed.core, [])
            + self.by_skeleton.get(parsed.skeletons, [])
            + [
                k
                for sk in set(parsed.skeletons)
                if len(self.by_token.get(sk, ())) <= self.BLOCK_LIMIT
                for k in self.by_token.get(sk, ())
            ]
        ):
            if key != exclude and key not in seen:
                seen.add(key)
                candidates.append(key)
        matches = []
        for key in candidates:
            other = self.names[key]
            result = _compare_parsed(parsed, other)
            if result and result[0] >= threshold:
                shared = len(parsed.titles & other.titles)
                matches.append(Match(key, result[0], result[1], shared))
        matches.sort(key=lambda m: (-m.shared_titles, -m.score))
        return matches[:limit]
