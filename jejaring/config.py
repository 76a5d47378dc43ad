"""Where Jejaring keeps its data, read from the environment.

Kept apart from ``settings.py`` so that the CLI can find the data folder without starting
Django. Every variable read here is documented in docs/configuration.md (a test checks).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on", "ya"}


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


def data_dir() -> Path:
    """The folder holding the SQLite database, the secret key and caches.

    ``JEJARING_DATA_DIR`` when set, else the operating system's per-user data folder
    (e.g. ``~/.local/share/jejaring`` on Linux, ``%LOCALAPPDATA%\\jejaring`` on Windows).
    """
    explicit = os.environ.get("JEJARING_DATA_DIR")
    if explicit:
        path = Path(explicit).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("jejaring", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """``SECRET_KEY`` from the environment, else one generated once and kept in the data folder.

    Generated rather than shipped so that no two installations share a key; kept so that
    sessions survive restarts.
    """
    explicit = os.environ.get("SECRET_KEY")
    if explicit:
        return explicit
    key_file = folder / "secret_key.txt"
    if key_file.exists():
        key = key_file.read_text(encoding="ascii").strip()
        if key:
            return key
    key = secrets.token_urlsafe(50)
    # Written with owner-only permissions: the key signs sessions.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key
