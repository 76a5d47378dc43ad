"""The village network report and the supervisor's report as PDF, with reportlab (pure Python).

No system library is needed, so the same PDF comes out on Windows, Linux and a server. Text is
set in Bitstream Vera, the font reportlab ships, embedded so that the PDF reads the same
everywhere (and converts back to text, which the tests rely on).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from jejaring.reports.sections import section_title

FONT, FONT_BOLD = "JejaringSans", "JejaringSans-Bold"


@cache
def _register_fonts() -> None:
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "VeraBd.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    ink = colors.HexColor("#1f2a30")
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, textColor=ink)
    return {
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=21,
            spaceAfter=4,
            textColor=colors.HexColor("#1d6b57"),
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=colors.HexColor("#1d6b57"),
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "body": base,
        "muted": ParagraphStyle(
            "muted", parent=base, textColor=colors.HexColor("#5b6870"), fontSize=8
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "item": ParagraphStyle("item", parent=base, leftIndent=12, bulletIndent=0, spaceAfter=2),
    }


def _p(text: Any, style) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text)), style)


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], styles, widths=None) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cell = styles["cell"]
    heads = [_header_cell(h, cell, widths[i] - 6 if widths else None) for i, h in enumerate(header)]
    data = [heads] + [[_p(c, cell) for c in r] for r in rows]
    t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f0")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#d8dee2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return t


def _header_cell(text: Any, style, width: float | None) -> Any:
    """A column header that wraps only at spaces: words are never split; a word longer than
    the column makes the header's font smaller until it fits (down to 5.5 pt)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = style.fontSize
    if width:
        longest = max((str(text).split() or [""]), key=lambda w: stringWidth(w, FONT, size))
        while size > 5.5 and stringWidth(longest, FONT, size) > width:
            size -= 0.25
    head = ParagraphStyle(
        "head", parent=style, fontSize=size, leading=size * 1.25, splitLongWords=0
    )
    return _p(text, head)


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return formats.number_format(round(value, digits), digits)
    return str(value)


def _pct(share: Any) -> str:
    return "–" if share is None else f"{round(float(share) * 100)}%"


def _document(story: list, title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(1.8 * cm, 1.0 * cm, f"Jejaring · {title}")
        canvas.drawRightString(A4[0] - 1.8 * cm, 1.0 * cm, str(doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.6 * cm,
        title=title,
        author="Jejaring",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- village report


def village_report(report: Mapping[str, Any], *, language: str | None = None) -> bytes:
    """The village network report (:func:`jejaring.reports.queries.report`) as PDF bytes."""
    _register_fonts()
    with translation.override(language or translation.get_language()):
        return _village_report(report)


def _village_report(r: Mapping[str, Any]) -> bytes:
    from reportlab.platypus import Spacer

    s = _styles()
    village = r["village"]
    title = _("Village network report: %(village)s") % {"village": village.name}
    story: list = [_p(title, s["title"])]
    if village.area_id:
        story.append(_p(" › ".join(str(a.name) for a in village.area.lineage()), s["muted"]))
    story.append(
        _p(
            _("Made on %(date)s.") % {"date": formats.date_format(r["generated"], "DATE_FORMAT")},
            s["muted"],
        )
    )
    if r["pseudonymized"]:
        story.append(_p(_("Pseudonymised: people are named by category and number."), s["muted"]))
    if village.program_goal:
        story.append(_p(_("Program goal: %(goal)s") % {"goal": village.program_goal}, s["body"]))
    story += _summary(r, s)
    story += _map(r, s)
    story += _grid(r, s)
    story += _key_actors(r, s)
    story += _clusters(r, s)
    story += _brokers(r, s)
    story += _engagement(r, s)
    story += _forum(r, s)
    story += _change(r, s)
    story += _recommendations(r, s)
    story.append(Spacer(1, 6))
    return _document(story, title)


def _summary(r, s) -> list:
    return [
        _p(section_title("summary"), s["h2"]),
        _table([_("Figure"), _("Value")], r["summary"], s, widths=[330, 120]),
    ]


def _map(r, s) -> list:
    from jejaring.reports import mapdraw

    out = [_p(section_title("map"), s["h2"])]
    pic = r.get("picture")
    if not pic:
        out.append(_p(_("No map: the village has no actors yet."), s["muted"]))
        return out
    out.append(mapdraw.drawing(pic["net"], pic["xy"], pic["kinds"], pic["labels"], font=FONT))
    out.append(
        _p(
            _("Orange lines are dependency ties (client to patron); grey lines other ties."),
            s["muted"],
        )
    )
    return out


def _grid(r, s) -> list:
    out = [_p(section_title("grid"), s["h2"])]
    rows = []
    for q in r["grid"]:
        names = ", ".join(a["name"] for a in q["actors"])
        more = q["count"] - len(q["actors"])
        if more > 0:
            names += " " + _("and %(n)s more") % {"n": more}
        rows.append((f"{q['label']} ({q['count']})", q["help"], names or "–"))
    out.append(
        _table([_("Quadrant"), _("What to do"), _("Actors")], rows, s, widths=[95, 130, 235])
    )
    return out


def _key_actors(r, s) -> list:
    rows = [
        (
            a["name"],
            a["category_label"],
            a["hamlet"],
            a["roles"],
            _num(a["patron_score"]),
            _num(a["betweenness"]),
        )
        for a in r["key_actors"]
    ]
    return [
        _p(section_title("key-actors"), s["h2"]),
        _table(
            [_("Actor"), _("Category"), _("Hamlet"), _("Roles"), _("Patron score"), _("Brokerage")],
            rows,
            s,
            widths=[100, 85, 60, 110, 50, 55],
        ),
    ]


def _clusters(r, s) -> list:
    d = r["dependency"]
    out = [_p(section_title("clusters"), s["h2"])]
    rows = [
        (
            c["patron_name"],
            c["size"],
            c["poor_members"],
            c["captive_poor"],
            c["forms"],
            c["brokers"] or "–",
        )
        for c in r["clusters"]
    ]
    out.append(
        _table(
            [
                _("Patron"),
                _("Members"),
                _("Poor members"),
                _("Captive poor"),
                _("Controls"),
                _("Intermediaries"),
            ],
            rows,
            s,
            widths=[95, 45, 50, 50, 110, 110],
        )
    )
    out.append(_p(_("Poverty exposure by hamlet"), s["h3"]))
    out.append(
        _table(
            [_("Hamlet"), _("Poor households"), _("Depending on a patron"), _("Captive")],
            [
                (h["hamlet"], h["poor_households"], h["poor_clients"], h["captive_poor"])
                for h in d["by_hamlet"]
            ],
            s,
            widths=[140, 100, 120, 100],
        )
    )
    return out


def _brokers(r, s) -> list:
    out = [_p(section_title("brokers"), s["h2"])]
    if not r["brokers"]:
        out.append(_p(_("No broker between groups was found."), s["muted"]))
        return out
    out.append(
        _table(
            [_("Actor"), _("Category"), _("Links")],
            [(b["name"], b["category_label"], b["between"] or "–") for b in r["brokers"]],
            s,
            widths=[140, 120, 200],
        )
    )
    return out


def _engagement(r, s) -> list:
    e = r["engagement"]
    out = [_p(section_title("engagement"), s["h2"])]
    out.append(
        _table(
            [_("Status"), _("Stakeholders")],
            [(x["label"], x["count"]) for x in e["statuses"]],
            s,
            widths=[200, 100],
        )
    )
    if e["groups"]:
        out.append(_p(_("By first-approach group"), s["h3"]))
        out.append(
            _table(
                [_("Group"), _("Stakeholders"), _("Approached"), _("Receptive or better")],
                [(g["label"], g["total"], g["approached"], g["engaged"]) for g in e["groups"]],
                s,
                widths=[200, 80, 80, 100],
            )
        )
    return out


def _forum(r, s) -> list:
    out = [_p(section_title("forum"), s["h2"])]
    fc = r["forum_coverage"]
    if r["forum"] is None or fc["current"] is None:
        out.append(_p(_("The village has no active forum yet."), s["muted"]))
        return out
    cur = fc["current"]
    out.append(
        _p(
            _(
                "%(forum)s: %(members)s members; covers %(covered)s of %(total)s groups the forum should include."
            )
            % {
                "forum": r["forum"].name,
                "members": len(cur["members"]),
                "covered": cur["coverage"]["covered"],
                "total": cur["coverage"]["total"],
            },
            s["body"],
        )
    )
    if cur["missing"]:
        out.append(
            _p(_("Missing: %(missing)s.") % {"missing": ", ".join(cur["missing"])}, s["body"])
        )
    for w in cur["warnings"]:
        out.append(_p(w, s["item"]))
    practice = r.get("forum_practice")
    if practice and practice["only_with_patron"]:
        out.append(
            _p(
                _("Captive clients who came to the forum only alongside their own patron:")
                + " "
                + ", ".join(practice["only_with_patron"]),
                s["body"],
            )
        )
    if practice and practice["meetings"]:
        out.append(
            _table(
                [_("Meeting"), _("Agenda items"), _("Led by members"), _("Led by the facilitator")],
                [
                    (
                        f"{formats.date_format(m['date'], 'DATE_FORMAT')} {m['title']}",
                        m["items"],
                        m["community"],
                        m["facilitator"],
                    )
                    for m in practice["meetings"]
                ],
                s,
                widths=[220, 70, 80, 90],
            )
        )
    return out


def change_drawing(chart: Mapping[str, Any], width: float = 230, height: float = 80) -> Any:
    """One indicator over time as a reportlab drawing: a line through the snapshots, the
    last point (now) in red, the first and last values written at the ends."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
    from reportlab.lib import colors

    rows = chart["rows"]
    values = [x["number"] for x in rows]
    known = [v for v in values if v is not None]
    top = 1.0 if chart["kind"] in ("share", "index") else max([*known, 1])
    left, right, bottom, head = 28, 6, 14, 6
    inner_w, inner_h = width - left - right, height - bottom - head
    n = len(values)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        return x, bottom + inner_h * (v / top if top else 0)

    d = Drawing(width, height)
    d.add(Line(left, bottom, width - right, bottom, strokeColor=colors.grey, strokeWidth=0.5))
    d.add(
        String(
            left - 3,
            bottom + inner_h - 3,
            _chart_label(top, chart["kind"]),
            fontName=FONT,
            fontSize=6,
            textAnchor="end",
        )
    )
    d.add(
        String(
            left - 3,
            bottom - 2,
            _chart_label(0, chart["kind"]),
            fontName=FONT,
            fontSize=6,
            textAnchor="end",
        )
    )
    pts = [xy(i, v) for i, v in enumerate(values) if v is not None]
    if len(pts) > 1:
        d.add(
            PolyLine(
                [c for p in pts for c in p], strokeColor=colors.HexColor("#1f6f8b"), strokeWidth=1.2
            )
        )
    for k, (x, y) in enumerate(pts):
        last = k == len(pts) - 1
        d.add(
            Circle(
                x,
                y,
                2.2 if last else 1.3,
                fillColor=colors.HexColor("#c0392b" if last else "#1f6f8b"),
                strokeColor=None,
            )
        )
    if rows:
        d.add(String(left, 2, rows[0]["when"], fontName=FONT, fontSize=6))
        d.add(
            String(width - right, 2, rows[-1]["when"], fontName=FONT, fontSize=6, textAnchor="end")
        )
    return d


def _chart_label(value: float, kind: str) -> str:
    if kind == "share":
        return f"{round(value * 100)}%"
    if kind == "index":
        return number_format(value, 1)
    return number_format(int(value), force_grouping=True)


def _change(r, s) -> list:
    """Each indicator over time: a small chart with its first and latest value."""
    from reportlab.platypus import Table

    out = [_p(section_title("change"), s["h2"])]
    charts = r.get("change") or []
    if not charts:
        out.append(_p(_("No snapshots yet."), s["muted"]))
        return out
    out.append(
        _p(
            _("Each point is a snapshot of the network; the last, red point is the village now."),
            s["muted"],
        )
    )
    cells = [
        [_p(f"{c['label']}: {c['first']} → {c['last']}", s["item"]), change_drawing(c)]
        for c in charts
    ]
    pairs = []
    for i in range(0, len(cells), 2):
        left = cells[i]
        right = cells[i + 1] if i + 1 < len(cells) else ["", ""]
        pairs.append([left[0], right[0]])
        pairs.append([left[1], right[1]])
    out.append(Table(pairs, colWidths=[240, 240]))
    return out


def _recommendations(r, s) -> list:
    rec = r["recommendations"]
    out = [_p(section_title("recommendations"), s["h2"])]
    out.append(
        _p(
            _(
                "Already reached through supportive actors: %(before)s of the village (poor households weigh double); with the entry points below: %(after)s."
            )
            % {"before": f"{rec['reach']['before']}%", "after": f"{rec['reach']['after']}%"},
            s["body"],
        )
    )
    out.append(_p(_("Whom to approach first"), s["h3"]))
    for item in rec["entry_points"]:
        out.append(_p(f"{item['rank']}. {item['person']['name']}: {item['sentence']}", s["item"]))
    out.append(_p(_("The positive side of the interest networks"), s["h3"]))
    for item in rec["patron_levers"]:
        out.append(_p(f"{item['person']['name']}: {item['sentence']}", s["item"]))
        for lv in item["lever_rows"][:4]:
            used = f" ({_('already used')})" if lv.get("used") else ""
            out.append(_p(f"– {lv['text']}{used}", s["item"]))
    out.append(_p(_("Who may block"), s["h3"]))
    for item in rec["blockers"]:
        out.append(_p(f"{item['person']['name']}: {item['sentence']}", s["item"]))
        for m in item["mitigations"][:3]:
            out.append(_p(f"– {m}", s["item"]))
    fc = r["forum_coverage"]
    out.append(_p(_("Suggested forum"), s["h3"]))
    out.append(
        _table(
            [_("Member"), _("Speaks for"), _("Adds")],
            [
                (m["person"]["name"], m["speaks_for"] or "–", ", ".join(m["adds"]))
                for m in fc["members"]
            ],
            s,
            widths=[120, 100, 240],
        )
    )
    return out


# --------------------------------------------------------------------------- supervisor


def supervisor_report(
    rows: Sequence[Mapping[str, Any]], *, user: str, language: str | None = None
) -> bytes:
    """The supervisor's comparison of villages as PDF bytes."""
    _register_fonts()
    with translation.override(language or translation.get_language()):
        s = _styles()
        title = _("Villages compared")
        story = [
            _p(title, s["title"]),
            _p(_("Villages %(user)s is a member of.") % {"user": user}, s["muted"]),
            _table(
                supervisor_header(),
                [supervisor_cells(r) for r in rows],
                s,
                widths=[80, 45, 45, 55, 50, 55, 60, 60],
            ),
        ]
        trends = [(r["name"], supervisor_trend(r)) for r in rows]
        if any(line for _name, line in trends):
            story.append(_p(_("Change since the first snapshot"), s["h3"]))
            for name, line in trends:
                story.append(_p(f"{name}: {line or _('No snapshots yet.')}", s["item"]))
        return _document(story, title)


def supervisor_header() -> list[str]:
    return [
        _("Village"),
        _("Actors"),
        _("Ties"),
        _("Dependency concentration"),
        _("Captive poor households"),
        _("Poor households depending on a patron"),
        _("Stakeholders approached"),
        _("Forum coverage"),
    ]


def supervisor_cells(r: Mapping[str, Any]) -> list[str]:
    if r.get("state") == "computing":  # a village whose first figures are being computed
        return [r["name"], *(["–"] * (len(supervisor_header()) - 1))]
    return [
        r["name"],
        str(r["actors"]),
        str(r["ties"]),
        _num(r.get("mean_concentration")),
        str(r.get("captive_poor", 0)),
        str(r.get("poor_clients", 0)),
        _pct(r.get("approached_share")),
        _pct(r.get("forum_coverage")),
    ]


def supervisor_trend(r: Mapping[str, Any]) -> str:
    """A village's compact change since its first snapshot, as one line."""
    parts = [
        f"{t['label']}: {t['first']} → {t['last']}"
        for t in (r.get("trend") or [])
        if t["points"] > 1
    ]
    return "; ".join(parts)
