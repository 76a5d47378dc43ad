"""The network map as a picture for the report: a reportlab drawing, as SVG or inside the PDF.

Pure Python (reportlab's graphics), so the report prints the same on Windows, Linux and a
server without a browser. Positions are the village map's own (stored per data version by
:func:`jejaring.analysis.layout.map_positions`), so the report shows the map the facilitator
knows. Colour says the actor's role; the key actors are named.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

# Fill colour per kind of actor, most telling first (an actor takes the first that applies).
COLOURS = {
    "facilitator": "#3b5bdb",
    "patron": "#b3261e",
    "broker": "#1d6b57",
    "captive": "#e0a526",
    "poor": "#c9a46a",
    "other": "#8a9aa3",
}
WIDTH, HEIGHT = 480.0, 340.0
LEGEND_HEIGHT = 22.0
MAX_LABELS = 14


def legend_labels() -> dict[str, str]:
    return {
        "facilitator": _("Facilitator"),
        "patron": _("Patron"),
        "broker": _("Broker between groups"),
        "captive": _("Captive client"),
        "poor": _("Poor household"),
        "other": _("Other actor"),
    }


def positions_for(village, net, *, seed: int = 0) -> np.ndarray:
    """``(n, 2)`` positions in ``net``'s actor order: the stored map layout, else computed."""
    stored: Mapping[str, Any] = {}
    try:
        from jejaring.analysis.layout import map_positions

        stored = map_positions(village)
    except ImportError:
        stored = {}
    if stored and all(a in stored for a in net.ids):
        return np.array([stored[a][:2] for a in net.ids], dtype=float)
    import igraph

    src, dst = np.asarray(net.src), np.asarray(net.dst)
    keep = src != dst
    g = igraph.Graph(n=net.n, edges=np.c_[src[keep], dst[keep]].tolist(), directed=False)
    g.simplify()
    rng = np.random.default_rng(seed)
    start = (rng.random((net.n, 2)) - 0.5) * max(net.n, 1) ** 0.5
    layout = g.layout_fruchterman_reingold(seed=start.tolist(), niter=300)
    return np.asarray(layout.coords, dtype=float).reshape(net.n, 2)


def drawing(
    net,
    xy: np.ndarray,
    kinds: list[str],
    labels: Mapping[int, str],
    *,
    font: str = "Helvetica",
):
    """A reportlab ``Drawing`` of the network: ties, actors coloured by ``kinds``, ``labels``
    (actor index → text) beside their actor, and a legend."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib import colors

    d = Drawing(WIDTH, HEIGHT + LEGEND_HEIGHT)
    d.add(
        Rect(
            0,
            LEGEND_HEIGHT,
            WIDTH,
            HEIGHT,
            fillColor=colors.white,
            strokeColor=colors.HexColor("#d8dee2"),
        )
    )
    n = net.n
    if n:
        pad = 14.0
        # A few far-off isolates would shrink the whole map to a dot: they sit on the rim.
        lo, hi = np.percentile(xy, 1, axis=0), np.percentile(xy, 99, axis=0)
        xy = np.clip(xy, lo, hi)
        span = np.where(hi - lo > 0, hi - lo, 1.0)
        scale = min((WIDTH - 2 * pad) / span[0], (HEIGHT - 2 * pad) / span[1])
        offset = np.array([pad, LEGEND_HEIGHT + pad])
        centre = (np.array([WIDTH - 2 * pad, HEIGHT - 2 * pad]) - span * scale) / 2
        p = (xy - lo) * scale + offset + centre
        grey, orange = colors.HexColor("#c3ccd1"), colors.HexColor("#e6b85c")
        src, dst = np.asarray(net.src), np.asarray(net.dst)
        dep = np.asarray(net.dependency, bool)
        seen: set[tuple[int, int]] = set()
        # Dependency ties drawn last so they stay visible over the others.
        for k in np.r_[np.flatnonzero(~dep), np.flatnonzero(dep)].tolist():
            a, b = int(src[k]), int(dst[k])
            key = (min(a, b), max(a, b), bool(dep[k]))
            if a == b or key in seen:
                continue
            seen.add(key)
            d.add(
                Line(
                    p[a, 0],
                    p[a, 1],
                    p[b, 0],
                    p[b, 1],
                    strokeColor=orange if dep[k] else grey,
                    strokeWidth=0.5 if dep[k] else 0.3,
                )
            )
        degree = np.bincount(np.r_[src, dst], minlength=n)
        radius = 1.6 + 4.4 * np.sqrt(degree / max(degree.max(), 1))
        order = sorted(range(n), key=lambda i: (kinds[i] != "other", radius[i]))
        for i in order:
            d.add(
                Circle(
                    p[i, 0],
                    p[i, 1],
                    float(radius[i]),
                    fillColor=colors.HexColor(COLOURS.get(kinds[i], COLOURS["other"])),
                    strokeColor=colors.white,
                    strokeWidth=0.4,
                )
            )
        from reportlab.pdfbase.pdfmetrics import stringWidth

        for i, text in labels.items():
            # A white backing under each name, drawn over the ties, so no line crosses a label.
            d.add(
                Rect(
                    p[i, 0] + radius[i] + 0.8,
                    p[i, 1] - 3.6,
                    stringWidth(text, font, 6.5) + 1.4,
                    8.2,
                    fillColor=colors.white,
                    fillOpacity=0.85,
                    strokeColor=None,
                )
            )
            d.add(
                String(
                    p[i, 0] + radius[i] + 1.5,
                    p[i, 1] - 2,
                    text,
                    fontName=font,
                    fontSize=6.5,
                    fillColor=colors.HexColor("#1f2a30"),
                )
            )
    x = 4.0
    for key, text in legend_labels().items():
        d.add(Circle(x + 4, 9, 3.5, fillColor=colors.HexColor(COLOURS[key]), strokeColor=None))
        d.add(String(x + 10, 6.5, text, fontName=font, fontSize=7))
        x += 12 + 4.2 * len(text) + 10
    return d


def classify(
    n: int,
    ids: list[str],
    roles: Mapping[str, list[str]],
    facilitator: set[str],
    captive: set[str],
    poor: set[str],
) -> list[str]:
    """The colour key of each actor."""
    out = []
    for pk in ids:
        held = set(roles.get(pk, ()))
        if pk in facilitator:
            out.append("facilitator")
        elif held & {"patron", "multiplex_patron"}:
            out.append("patron")
        elif held & {"broker", "gatekeeper", "liaison"}:
            out.append("broker")
        elif pk in captive:
            out.append("captive")
        elif pk in poor:
            out.append("poor")
        else:
            out.append("other")
    return out


def to_svg(d) -> str:
    """The drawing as an SVG document (text), to embed in the HTML report."""
    from reportlab.graphics import renderSVG

    svg = renderSVG.drawToString(d)
    # Drop the XML prolog and DOCTYPE so the SVG can sit inside HTML.
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
