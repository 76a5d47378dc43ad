"""The report map: each name sits on a white backing drawn over the ties, so no line crosses
a label (issue 12, item 7)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest


def test_every_label_has_a_backing_drawn_over_the_ties():
    from reportlab.graphics.shapes import Line, Rect, String

    from jejaring.reports import mapdraw

    net = SimpleNamespace(n=3, src=[0, 1, 2], dst=[1, 2, 0], dependency=[True, False, False])
    xy = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 1.0]])
    d = mapdraw.drawing(net, xy, ["patron", "other", "other"], {0: "Juragan Hartono"})
    shapes = d.contents
    label = next(
        i for i, s in enumerate(shapes) if isinstance(s, String) and s.text == "Juragan Hartono"
    )
    backing = shapes[label - 1]
    assert isinstance(backing, Rect) and backing.fillColor is not None
    last_line = max(i for i, s in enumerate(shapes) if isinstance(s, Line))
    assert last_line < label - 1
    assert backing.width > 40  # covers the whole name


@pytest.mark.django_db
def test_the_report_map_names_the_village_head_and_the_top_patron(demo_village):
    from jejaring.reports.queries import report

    labels = set(report(demo_village)["picture"]["labels"].values())
    assert {"H. Sutrisno", "Juragan Hartono"} <= labels
