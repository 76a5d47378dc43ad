"""The printable circle list as PDF (reportlab, the report's fonts and styles): codes instead of
names unless names were asked for, and on every circle whom not to invite."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from jejaring.reports.pdf import _document, _p, _register_fonts, _styles


def circle_list(
    village_name: str,
    rows: Sequence[dict[str, Any]],
    *,
    with_names: bool,
    language: str | None = None,
) -> bytes:
    """``rows`` as :func:`jejaring.awareness.queries.printable` gives them."""
    _register_fonts()
    with translation.override(language or translation.get_language()):
        s = _styles()
        title = _("Awareness circles")
        story = [_p(f"{title} — {village_name}", s["title"])]
        if with_names:
            story.append(
                _p(
                    _(
                        "This list shows names. Keep it away from patrons and their brokers; "
                        "do not leave it behind."
                    ),
                    s["h3"],
                )
            )
        else:
            story.append(
                _p(
                    _("Codes instead of names: keep the key to the codes apart from this sheet."),
                    s["muted"],
                )
            )
        for row in rows:
            story.append(_p(row["title"], s["h2"]))
            story.append(_p(f"{_('Members')}: {', '.join(row['members']) or '—'}", s["body"]))
            story.append(_p(_("Do not invite") + ":", s["h3"]))
            for d in row["do_not_invite"] or [
                {"who": "", "sentence": _("the patron and those close to them.")}
            ]:
                text = f"{d['who']} — {d['sentence']}" if d["who"] else d["sentence"]
                story.append(_p(text, s["item"]))
        if not rows:
            story.append(_p(_("No circle adopted yet."), s["muted"]))
        return _document(story, title)
