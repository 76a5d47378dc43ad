#!/usr/bin/env python
"""Update the Indonesian message catalogues from the source (developers; needs GNU gettext).

    python tools/messages.py            # every catalogue
    python tools/messages.py actors     # only jejaring/actors/locale

Each Django app keeps its own catalogue in ``<app>/locale/id/LC_MESSAGES/django.po``; strings
outside the apps (vocabularies, the engine's labels) go to ``jejaring/locale``. After editing a
``.po`` file the app compiles it on next start (``jejaring setup``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "jejaring"
APPS = sorted(p.parent.parent.parent.name for p in PKG.glob("*/locale/id/LC_MESSAGES"))
IGNORE = [
    "--ignore=tests/*",
    "--ignore=*/tests/*",
    "--ignore=migrations/*",
    "--ignore=static/vendor/*",
]


def makemessages(cwd: Path, extra: list[str]) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="jejaring.settings")
    # -P: do not put the working directory on sys.path, where an app module such as
    # interchange/json.py would shadow the standard library.
    cmd = [
        sys.executable,
        "-P",
        "-m",
        "django",
        "makemessages",
        "-l",
        "id",
        "--no-obsolete",
        "--no-location",
    ]
    subprocess.run(cmd + IGNORE + extra, cwd=cwd, env=env, check=True)


def fix_headers(po_path: Path) -> None:
    """Fill the header fields makemessages leaves as placeholders."""
    import polib

    if not po_path.exists():  # an app with no strings yet
        return
    po = polib.pofile(str(po_path))
    po.metadata.update(
        {
            "Project-Id-Version": "jejaring",
            "Language": "id",
            "Language-Team": "Indonesian",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    po.metadata_is_fuzzy = []
    po.save()


def main(argv: list[str]) -> int:
    targets = argv or ["jejaring", *APPS]
    for target in targets:
        if target == "jejaring":
            makemessages(PKG, [f"--ignore={app}/*" for app in APPS])
            fix_headers(PKG / "locale/id/LC_MESSAGES/django.po")
        else:
            makemessages(PKG / target, [])
            fix_headers(PKG / target / "locale/id/LC_MESSAGES/django.po")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
