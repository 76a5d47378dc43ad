"""Spelling variants of Indonesian names are proposed for review; different people are not.

Expected pairs are hand-made from Indonesian naming conventions: forms of address and titles
(Pak, Bu, H./Haji, Hj., K.H., Mbah, Drs., S.Pd.), the pre-1972 spelling (oe → u, dj → j,
tj → c), Arabic transliterations (Mochammad / Muhammad / M., Achmad / Ahmad, Taufiq / Taufik),
and "Bu X" as the wife of "Pak X" in Javanese usage.
"""

from __future__ import annotations

import pytest

from jejaring.interchange.names import NameIndex, compare, core, parse

SAME_PERSON = [
    ("Pak Haji Slamet", "H. Slamet"),
    ("Bpk. H. Slamet", "Slamet"),
    ("K.H. Ahmad Dahlan", "Kyai Achmad Dahlan"),
    ("Hj. Siti Aminah", "Ibu Hajjah Siti Aminah"),
    ("Soekarno", "Sukarno"),
    ("Djoko Widodo", "Joko Widodo"),
    ("Tjipto", "Cipto"),
    ("Mochammad Yusuf", "Muhammad Yusuf"),
    ("M. Yusuf", "Moh. Jusuf"),
    ("Drs. Sutrisno, M.Pd.", "Sutrisno"),
    ("Sutrisno, S.Pd.", "Pak Sutrisno"),
    ("Mbah Darsih", "Darsih"),
    ("Taufiq Hidayat", "Taufik Hidayat"),
    ("Ramadhan", "Ramadan"),
    ("Chairul Anwar", "Khairul Anwar"),
    ("Slamet", "Selamet"),
    ("Sri Wahyuningsih", "Sri Wahyuningsi"),
    ("KK Tarjo (Gunungsari, RT 07)", "Pak Tarjo"),
]

DIFFERENT = [
    ("Bu Slamet", "Pak Slamet"),  # husband and wife in Javanese usage
    ("Hj. Aminah", "H. Aminah"),
    ("Sutarno", "Suwarno"),  # two common, different names one letter apart
    ("Budi Santoso", "Budi Hartono"),
    ("KK Budi (Ngasem)", "KK Budi (Krajan)"),  # the same name in two hamlets
    ("Sri", "Sri Wahyuni"),  # too short a name to propose on containment alone
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_spelling_variants_are_proposed(a, b):
    assert compare(a, b) is not None, (a, b, core(a), core(b))
    assert compare(b, a) is not None


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_people_are_not_proposed(a, b):
    assert compare(a, b) is None, (a, b, compare(a, b))


def test_titles_give_the_gender_and_are_not_part_of_the_name():
    p = parse("Hj. Siti Aminah, S.Ag.")
    assert p.tokens == ("siti", "aminah") and p.gender == "female"
    assert parse("Pak Haji Slamet").gender == "male"
    assert core("Haji") == core("haji") != ""  # a lone title stays a name, not nothing


def test_scores_order_the_kinds_of_match():
    assert compare("H. Slamet", "Pak Haji Slamet") == (1.0, "same_name")
    assert compare("Slamet", "Selamet") == (0.9, "spelling")
    assert compare("H. Slamet", "H. Slamet Riyadi") == (0.8, "part")


def test_index_finds_the_match_among_many_and_stays_blocked():
    index = NameIndex((f"w{i}", f"Warga {i:05d}") for i in range(3000))
    index.add("slamet", "H. Slamet Riyadi")
    index.add("kk", "KK Slamet (Ngasem)")
    found = index.similar("Pak Haji Slamet")
    # Both are proposed; the one sharing the title Haji first, though a part match.
    assert [(m.key, m.reason) for m in found] == [("slamet", "part"), ("kk", "same_name")]
    # "warga" is carried by 3,000 names: too common to compare against all of them.
    assert len(index.by_token["wrg"]) > NameIndex.BLOCK_LIMIT
    assert index.similar("Warga 99999") == []
