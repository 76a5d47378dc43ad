"""Every environment variable the code reads is documented; the server settings pass Django's
deployment check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READS = re.compile(
    r"""(?:os\.environ\.get|os\.environ\.setdefault|os\.getenv|env_flag|env_list|environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read_by_the_code() -> set[str]:
    names = set()
    for path in (ROOT / "jejaring").rglob("*.py"):
        if "tests" in path.parts:
            continue
        names |= set(READS.findall(path.read_text(encoding="utf-8")))
    return names


def test_the_scan_finds_variables():
    assert {"JEJARING_DATA_DIR", "DATABASE_URL", "SECRET_KEY", "JEJARING_DEBUG"} <= (
        variables_read_by_the_code()
    )


def test_every_variable_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(v for v in variables_read_by_the_code() if f"`{v}`" not in doc)
    assert not missing, f"document these in docs/configuration.md: {missing}"


def test_server_settings_pass_the_deploy_check(tmp_path):
    env = dict(
        os.environ,
        JEJARING_DATA_DIR=str(tmp_path),
        SECRET_KEY="x" * 20 + "-a-long-random-looking-secret-key-for-the-check-9f8e7d6c5b4a",
        JEJARING_SECURE="1",
        JEJARING_ALLOWED_HOSTS="jejaring.example.org",
        JEJARING_DEBUG="0",
    )
    env.pop("JEJARING_FAST_PASSWORDS", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked():
    from django.conf import settings

    assert settings.DEBUG is False


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    from jejaring.config import secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 50
    assert secret_key(tmp_path) == first
    if os.name == "posix":
        assert (tmp_path / "secret_key.txt").stat().st_mode & 0o077 == 0
