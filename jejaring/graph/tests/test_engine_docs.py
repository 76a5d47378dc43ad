"""docs/measures.md documents every key of the JSON network summary and actor record."""

from __future__ import annotations

import re
from pathlib import Path

from jejaring.graph import analyze
from jejaring.graph.pipeline import NETWORK_KEYS

DOC = Path(__file__).resolve().parents[3] / "docs" / "measures.md"


def _documented() -> set[str]:
    return set(re.findall(r"`([a-z_0-9]+)`", DOC.read_text(encoding="utf-8")))


def test_every_json_key_is_documented():
    res = analyze(
        [{"id": "p", "name": "P", "dusun": "X"}, {"id": "c", "name": "C", "dusun": "Y"}],
        [{"source": "c", "target": "p", "type": "credit"}],
        brokerage_z=True,
    )
    out = res.to_dict()
    keys = set(out) | set(NETWORK_KEYS) | set(out["network"])
    for record in out["actors"]:
        keys |= set(record) | set(record["brokerage"])
    missing = sorted(keys - _documented())
    assert not missing, f"undocumented in docs/measures.md: {missing}"


def test_patronage_section_is_reserved():
    text = DOC.read_text(encoding="utf-8")
    assert "## Patron–client measures" in text
