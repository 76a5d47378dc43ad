"""The ``jejaring`` command.

Each subcommand is a module in :mod:`jejaring.cli.commands` exposing ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. Command modules import only the standard
library at top level: the command line must start fast, and ``jejaring analyze`` must never pay
for Django. Commands that need the database call :func:`jejaring.cli.setup.django_ready` inside
``run``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from jejaring import __version__
from jejaring.cli import commands
from jejaring.cli.errors import CommandError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2


def command_modules() -> list:
    """Every subcommand module, sorted by command name."""
    mods = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(mods, key=lambda m: m.NAME)


def build_parser(language: str | None = None) -> argparse.ArgumentParser:
    """The command line; command summaries in ``language`` (default: the CLI's language)."""
    from jejaring.cli.i18n import gettext_noop, translator
    from jejaring.cli.setup import cli_language

    _ = translator(language or cli_language())
    parser = argparse.ArgumentParser(
        prog="jejaring",
        description=_(
            gettext_noop(
                "Jejaring: stakeholder and patron-client network analysis for village facilitators."
            )
        ),
    )
    parser.add_argument("--version", action="version", version=f"jejaring {__version__}")
    parser.add_argument(
        "--lang",
        dest="cli_lang",  # not "lang": `jejaring report --lang` is the report's language
        choices=["id", "en"],
        help=_(
            gettext_noop(
                "language of messages and reports: id or en (default: the system locale, or "
                "JEJARING_LANGUAGE)"
            )
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in command_modules():
        p = sub.add_parser(mod.NAME, help=_(mod.HELP), description=_(mod.HELP))
        mod.add_arguments(p)
        _translate_options(p, _)
        p.set_defaults(_run=mod.run)
    return parser


def _translate_options(parser: argparse.ArgumentParser, _) -> None:
    """Every option's help of a command in the CLI's language.

    The texts are marked with ``gettext_noop`` where each command declares them (so they are in
    the catalogue) and translated here, once the language is known."""
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            action.help = _(action.help)
    for group in parser._action_groups:
        if group.description:
            group.description = _(group.description)


def main(argv: Sequence[str] | None = None) -> int:
    from jejaring.cli.i18n import argparse_words, language_from_argv
    from jejaring.cli.setup import cli_language

    argv = sys.argv[1:] if argv is None else list(argv)
    lang = language_from_argv(argv)
    lang = lang if lang in ("id", "en") else cli_language()
    argparse_words(lang)
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_ERROR
    if args.cli_lang:
        # Read by jejaring.cli.setup.cli_language() when Django starts.
        os.environ["JEJARING_LANGUAGE"] = args.cli_lang
    try:
        return int(args._run(args) or EXIT_OK)
    except CommandError as exc:
        print(f"jejaring {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
