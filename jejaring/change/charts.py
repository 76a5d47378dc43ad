"""Small server-rendered SVG line charts, one per indicator (no script; they scale to the
width of a phone). The numbers are also given as a table under each chart."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from jejaring.graph.indicators import LOWER_IS_BETTER

#: The indicators shown, with their label and how a value is written.
LABELS = {
    "captive_clients": (_("Captive clients"), "count"),
    "poor_single_patron": (_("Poor households depending on a single patron"), "count"),
    "poor_concentration": (_("Mean dependency concentration of poor households"), "index"),
    "top3_share": (_("Share of dependency held by the top three patrons"), "share"),
    "forum_poor": (_("Poor households covered by the forum"), "share"),
    "forum_captive": (_("Captive clients covered by the forum"), "share"),
    "engaged": (_("Stakeholders receptive or further"), "count"),
    "commitments_done": (_("Patrons' commitments done"), "count"),
    # Filled only when the awareness circles are installed (jejaring.awareness).
    "switched_provider": (_("Circle members who switched provider"), "count"),
    "joined_alternative": (_("Circle members who joined an alternative"), "count"),
}

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 320, 120, 34, 10, 10, 22


def fmt(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "share":
        return f"{round(value * 100)}%"
    if kind == "index":
        return number_format(value, 2)  # 0,73 in Indonesian, 0.73 in English
    return number_format(int(value), force_grouping=True)


def line_chart(points: list[tuple[str, float | None]], kind: str, title: str) -> SafeString:
    """An SVG line chart of ``(label, value)`` points; gaps where the value is None."""
    values = [v for _l, v in points if v is not None]
    top = 1.0 if kind in ("share", "index") else max([*values, 1])
    n = len(points)
    inner_w, inner_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def x(i: int) -> float:
        return PAD_L + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)

    def y(v: float) -> float:
        return PAD_T + inner_h * (1 - v / top) if top else PAD_T + inner_h

    parts = [
        f'<svg class="change-chart" viewBox="0 0 {W} {H}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{PAD_L}" y1="{PAD_T + inner_h}" x2="{W - PAD_R}" y2="{PAD_T + inner_h}" '
        'stroke="#999" stroke-width="1"/>',
        f'<text x="{PAD_L - 4}" y="{PAD_T + 4}" text-anchor="end" font-size="10">'
        f"{escape(fmt(top, kind))}</text>",
        f'<text x="{PAD_L - 4}" y="{PAD_T + inner_h}" text-anchor="end" font-size="10">'
        f"{escape(fmt(0, kind))}</text>",
    ]
    run: list[str] = []
    runs: list[list[str]] = []
    for i, (_label, v) in enumerate(points):
        if v is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{x(i):.1f},{y(v):.1f}")
    if run:
        runs.append(run)
    for r in runs:
        parts.append(
            f'<polyline points="{" ".join(r)}" fill="none" stroke="#1f6f8b" stroke-width="2"/>'
        )
    for i, (label, v) in enumerate(points):
        if v is None:
            continue
        last = i == n - 1
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{4 if last else 2.5}" '
            f'fill="{"#c0392b" if last else "#1f6f8b"}"><title>{escape(label)}: '
            f"{escape(fmt(v, kind))}</title></circle>"
        )
    if points:
        parts.append(f'<text x="{PAD_L}" y="{H - 6}" font-size="10">{escape(points[0][0])}</text>')
        parts.append(
            f'<text x="{W - PAD_R}" y="{H - 6}" text-anchor="end" font-size="10">'
            f"{escape(points[-1][0])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def charts(series: list[dict[str, Any]], now_label: str) -> list[dict[str, Any]]:
    """One chart per indicator present in the latest point, with the rows of its table."""
    if not series:
        return []
    latest = series[-1]["values"]
    out = []
    for key, (label, kind) in LABELS.items():
        if key not in latest:
            continue
        pts = [
            (now_label if p["id"] == "now" else p["date"].isoformat(), p["values"].get(key))
            for p in series
        ]
        first = next((v for _l, v in pts if v is not None), None)
        last = pts[-1][1]
        trend = None
        if first is not None and last is not None and first != last:
            better = (last < first) == (key in LOWER_IS_BETTER)
            trend = "better" if better else "worse"
        out.append(
            {
                "key": key,
                "label": label,
                "kind": kind,
                "svg": line_chart(pts, kind, str(label)),
                "rows": [
                    {"when": when, "name": p["name"], "value": fmt(v, kind), "number": v}
                    for (when, v), p in zip(pts, series, strict=True)
                ],
                "first": fmt(first, kind),
                "last": fmt(last, kind),
                "trend": trend,
            }
        )
    return out


#: The indicators of the supervisor's compact trend.
TREND_KEYS = ("captive_clients", "poor_single_patron", "poor_concentration")


def sparkline(values: list[float | None], label: str) -> SafeString:
    """A tiny line (no axes) for a table cell; the numbers are written beside it."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return mark_safe("")
    lo, hi = min(known), max(known)
    span = (hi - lo) or 1.0
    w, h, n = 80, 20, len(values)
    pts = " ".join(
        f"{2 + 76 * i / (n - 1):.1f},{18 - 16 * (v - lo) / span:.1f}"
        for i, v in enumerate(values)
        if v is not None
    )
    return mark_safe(
        f'<svg class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f'<polyline points="{pts}" fill="none" stroke="#1f6f8b" stroke-width="1.5"/></svg>'
    )


def trend(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The supervisor's compact trend: for a few indicators, first point → now, a sparkline
    and whether that is better or worse."""
    return trend_of(trend_values(series))


def trend_values(series: list[dict[str, Any]]) -> dict[str, list]:
    """The trend's indicators over the series, oldest first (what the roll-up stores)."""
    return {key: [p["values"].get(key) for p in series] for key in TREND_KEYS}


def trend_of(values_by_key: dict[str, list]) -> list[dict[str, Any]]:
    """:func:`trend` from stored values, labelled in the reader's language."""
    out = []
    for key in TREND_KEYS:
        label, kind = LABELS[key]
        values = values_by_key.get(key) or []
        first = next((v for v in values if v is not None), None)
        last = values[-1] if values else None
        direction = None
        if first is not None and last is not None and first != last:
            direction = "better" if (last < first) == (key in LOWER_IS_BETTER) else "worse"
        out.append(
            {
                "key": key,
                "label": label,
                "first": fmt(first, kind),
                "last": fmt(last, kind),
                "points": len(values),
                "direction": direction,
                "svg": sparkline(values, str(label)),
            }
        )
    return out
