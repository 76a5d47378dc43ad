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


#: argparse's own words (usage, "show this help message and exit", its error messages), which
#: Python ships in English only. Marked here so the catalogue carries them.
ARGPARSE_WORDS = (
    gettext_noop("usage: "),
    gettext_noop("options"),
    gettext_noop("positional arguments"),
    gettext_noop("show this help message and exit"),
    gettext_noop("show program's version number and exit"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("expected one argument"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("not allowed with argument %s"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("one of the arguments %s is required"),
)


def argparse_words(language: str) -> None:
    """Let argparse speak ``language``: its module-level ``_`` is looked up at each call."""
    import argparse

    _ = translator(language)
    argparse._ = _  # type: ignore[attr-defined]
