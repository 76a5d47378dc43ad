"""The PDF report's tables: headers wrap at spaces only, numbers in the reader's format
(issue 12, item 17)."""

from __future__ import annotations

import pytest
from django.utils import translation

from jejaring.reports import pdf


def _lines(paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 1000)
    out = []
    for line in paragraph.blPara.lines:
        words = line[1] if isinstance(line, tuple) else [w.text for w in line.words]
        out.append(" ".join(str(w) for w in words))
    return out


@pytest.mark.parametrize("language", ["id", "en"])
def test_column_headers_never_break_a_word(language):
    with translation.override(language):
        header = pdf.supervisor_header()
        widths = [80, 45, 45, 55, 50, 55, 60, 60]  # the supervisor report's columns
        pdf._register_fonts()
        table = pdf._table(header, [["x"] * len(header)], pdf._styles(), widths=widths)
        for i, text in enumerate(header):
            cell = table._cellvalues[0][i]
            lines = _lines(cell, widths[i] - 6)
            words = str(text).split()
            assert [w for line in lines for w in line.split()] == words, (text, lines)


def test_numbers_in_the_pdf_follow_the_language():
    with translation.override("id"):
        assert pdf._num(0.9612) == "0,96"
    with translation.override("en"):
        assert pdf._num(0.9612) == "0.96"
