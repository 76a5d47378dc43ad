"""docs/import-export.md lists every column and every accepted spelling."""

from __future__ import annotations

from pathlib import Path

from jejaring.interchange import schema

DOC = Path(__file__).resolve().parents[3] / "docs" / "import-export.md"


def test_every_column_and_spelling_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for cols, aliases in (
        (schema.ACTOR_COLS, schema.ACTOR_ALIASES),
        (schema.TIE_COLS, schema.TIE_ALIASES),
    ):
        for col in cols:
            assert f"| `{col.name}` | {col.header_id} |" in text, col.name
            for alias in aliases[col.name]:
                assert f"`{alias}`" in text, (col.name, alias)


def test_template_headers_are_accepted_spellings():
    from jejaring.graph.columns import canonical_column

    for kind in (schema.ACTORS, schema.TIES):
        for col in schema.cols(kind):
            assert canonical_column(col.header_id, schema.aliases(kind)) == col.name
