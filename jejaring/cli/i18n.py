"""Translating the command line's own texts (help) without starting Django.

``jejaring --help`` must start fast, so the command summaries are marked with
:func:`gettext_noop` (extracted into ``jejaring/locale`` like every other message) and
translated here with the standard library's :mod:`gettext` from the compiled catalogue.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated when shown."""
    return message


def translator(language: str):
    """A gettext function for ``language`` ("id" or "en") from the compiled catalogue."""
    if language != "id":
        return lambda message: message
    mo = LOCALE_DIR / "id" / "LC_MESSAGES" / "django.mo"
    if not mo.exists():
        try:
            from jejaring.core.i18n import compile_catalogues

            compile_catalogues()
        except Exception:  # no polib or a read-only install: English help
            return lambda message: message
    try:
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh).gettext
    except OSError:
        return lambda message: message


def language_from_argv(argv) -> str | None:
    """The value of the global ``--lang`` (``--lang id`` or ``--lang=id``, before the command
    name), if any. A command's own ``--lang`` (``jejaring report --lang en``) is not it."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if not arg.startswith("-"):
            break  # the command name
    return None
