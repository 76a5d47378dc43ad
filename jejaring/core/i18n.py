"""Compiling the message catalogues without GNU gettext.

Django's ``compilemessages`` needs ``msgfmt``, which Windows machines lack; the install compiles
``.po`` files to ``.mo`` with polib instead (``jejaring setup`` and first use of any command).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    """Every ``.po`` file shipped with the package."""
    return sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/*.po"))


def stale_catalogues() -> list[Path]:
    out = []
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            out.append(po)
    return out


def compile_catalogues(force: bool = False) -> list[Path]:
    """Compile stale (or, with ``force``, all) catalogues; returns the ``.mo`` files written.

    Catalogues in a read-only installation are skipped: a wheel ships them compiled.
    """
    import polib

    written = []
    for po in catalogues() if force else stale_catalogues():
        mo = po.with_suffix(".mo")
        try:
            polib.pofile(str(po)).save_as_mofile(str(mo))
        except PermissionError:
            continue
        written.append(mo)
    return written
