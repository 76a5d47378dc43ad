"""The ``jejaring`` command as users run it: a separate process with its own data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from jejaring.cli import build_parser, command_modules


def jejaring(*args: str, data_dir, stdin: str | None = None, env: dict | None = None):
    environment = dict(os.environ, JEJARING_DATA_DIR=str(data_dir))
    # Each run gets a fresh SQLite database in its own folder, even when the suite itself runs
    # on PostgreSQL (the PostgreSQL path of the CLI is tested in tests/test_postgres.py).
    environment.pop("DATABASE_URL", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "jejaring", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def test_version(tmp_path):
    from jejaring import __version__

    result = jejaring("--version", data_dir=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"jejaring {__version__}"


def test_every_command_has_help():
    parser = build_parser()
    names = [m.NAME for m in command_modules()]
    assert {"serve", "demo", "createuser", "villages", "setup"} <= set(names)
    for name in names:
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args([name, "--help"])
        assert exit_.value.code == 0


def test_every_command_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [m.NAME for m in command_modules() if f"## `jejaring {m.NAME}" not in doc]
    assert not missing, f"document in docs/cli.md: {missing}"


def test_first_use_creates_and_migrates_the_database(tmp_path):
    result = jejaring("villages", "--format", "json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert (tmp_path / "jejaring.sqlite3").exists()
    assert (tmp_path / "secret_key.txt").exists()


def test_demo_then_villages_json(tmp_path):
    assert jejaring("demo", data_dir=tmp_path).returncode == 0
    result = jejaring("villages", "--format", "json", data_dir=tmp_path)
    villages = json.loads(result.stdout)
    assert [set(v) >= {"slug", "name", "actors", "ties"} for v in villages] == [True]
    assert villages[0]["slug"] == "tegalrejo" and villages[0]["actors"] > 250
    assert villages[0]["ties"] > 1000


def test_createuser_with_village_role(tmp_path):
    assert jejaring("demo", data_dir=tmp_path).returncode == 0
    result = jejaring(
        "createuser",
        "siti",
        "--password-stdin",
        "--village",
        "tegalrejo",
        "--role",
        "viewer",
        data_dir=tmp_path,
        stdin="kopi-tubruk-2026\n",
    )
    assert result.returncode == 0, result.stderr
    check = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='jejaring.settings';django.setup();"
        "from jejaring.villages.models import Membership;"
        "m=Membership.objects.get(user__username='siti');"
        "print(m.village.slug, m.role, m.user.check_password('kopi-tubruk-2026'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        | {"JEJARING_DATA_DIR": str(tmp_path)},
    )
    assert out.stdout.split() == ["tegalrejo", "viewer", "True"], out.stderr


def test_createuser_rejects_weak_password_and_unknown_village(tmp_path):
    weak = jejaring("createuser", "budi", "--password-stdin", data_dir=tmp_path, stdin="123\n")
    assert weak.returncode == 2 and "password" in weak.stderr.lower()
    indonesian = jejaring(
        "createuser",
        "budi",
        "--password-stdin",
        data_dir=tmp_path,
        stdin="123\n",
        env={"JEJARING_LANGUAGE": "id"},
    )
    assert indonesian.returncode == 2 and "kata sandi" in indonesian.stderr.lower()
    unknown = jejaring(
        "createuser",
        "budi",
        "--password-stdin",
        "--village",
        "nowhere",
        data_dir=tmp_path,
        stdin="kopi-tubruk-2026\n",
    )
    assert unknown.returncode == 2 and "nowhere" in unknown.stderr


def test_demo_mode_refuses_a_network_address(tmp_path):
    result = jejaring("serve", "--demo", "--host", "0.0.0.0", data_dir=tmp_path)
    assert result.returncode == 2
    assert "127.0.0.1" in result.stderr


def test_loopback_detection():
    from jejaring.cli.commands.serve import is_loopback

    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.10", "::", "example.org"]))


def test_serve_prints_its_data_folder_and_database(tmp_path):
    """A second checkout or a forgotten JEJARING_DATA_DIR must be visible at start."""
    port = _free_port_for_serve()
    env = dict(os.environ, JEJARING_DATA_DIR=str(tmp_path), JEJARING_LANGUAGE="en")
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "jejaring", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip())
            if "running at" in line:
                break
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = "\n".join(lines)
    assert f"Data folder: {tmp_path}" in text
    assert f"Database: {tmp_path / 'jejaring.sqlite3'}" in text


def _free_port_for_serve() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_help_follows_lang(tmp_path):
    """``jejaring --lang id --help`` lists the commands in Indonesian, ``--lang en`` in English,
    whatever the locale."""
    clear = {"JEJARING_LANGUAGE": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    env = {**clear, "LANG": "en_US.UTF-8"}
    indonesian = jejaring("--lang", "id", "--help", data_dir=tmp_path, env=env)
    assert indonesian.returncode == 0
    assert "Menjalankan aplikasi web" in indonesian.stdout
    assert "Serve the web app" not in indonesian.stdout
    english = jejaring(
        "--lang", "en", "--help", data_dir=tmp_path, env={**clear, "LANG": "id_ID.UTF-8"}
    )
    assert "Serve the web app" in english.stdout
    by_locale = jejaring("--help", data_dir=tmp_path, env={**clear, "LANG": "id_ID.UTF-8"})
    assert "Menjalankan aplikasi web" in by_locale.stdout


def test_every_option_of_every_command_has_an_indonesian_help():
    """Each option's help (and argparse's own words) is in the Indonesian catalogue: a new
    option with an unmarked or untranslated help fails here."""
    import argparse

    import polib

    from jejaring.cli.i18n import ARGPARSE_WORDS, LOCALE_DIR

    po = polib.pofile(str(LOCALE_DIR / "id" / "LC_MESSAGES" / "django.po"))
    translated = {e.msgid for e in po.translated_entries()}
    parser = build_parser("en")
    (commands_,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    missing = []
    for name, sub in commands_.choices.items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if not action.help or action.help not in translated:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    missing += [w for w in ARGPARSE_WORDS if w not in translated]
    assert not missing, "options without an Indonesian help: " + ", ".join(missing)


def test_a_commands_help_and_errors_follow_lang(tmp_path):
    """``jejaring --lang id import --help`` is Indonesian down to argparse's own words, and so
    is a usage error; ``--lang en`` stays English."""
    clear = {"JEJARING_LANGUAGE": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    env = {**clear, "LANG": "en_US.UTF-8"}
    indonesian = jejaring("--lang", "id", "import", "--help", data_dir=tmp_path, env=env)
    assert indonesian.returncode == 0
    out = indonesian.stdout
    assert out.startswith("penggunaan: jejaring import")
    assert "tampilkan bantuan ini lalu keluar" in out
    assert "hanya periksa dan laporkan; tidak menulis apa pun" in out
    assert "show this help" not in out and "check and report only" not in out
    error = jejaring("--lang", "id", "export", data_dir=tmp_path, env=env)
    assert error.returncode == 2
    assert "argumen berikut wajib diisi: --village" in error.stderr
    english = jejaring(
        "--lang", "en", "import", "--help", data_dir=tmp_path, env={**clear, "LANG": "id_ID.UTF-8"}
    )
    assert "check and report only; write nothing" in english.stdout
    assert english.stdout.startswith("usage: jejaring import")


def test_global_lang_is_not_a_commands_own_lang():
    from jejaring.cli.i18n import language_from_argv

    assert language_from_argv(["--lang", "id", "engagement"]) == "id"
    assert language_from_argv(["--lang=en", "serve"]) == "en"
    assert language_from_argv(["report", "--lang", "en"]) is None
    argv = ["report", "--village", "x", "--lang", "en", "--output", "r.pdf"]
    args = build_parser("en").parse_args(argv)
    assert args.cli_lang is None and args.lang == "en"


def test_demo_mode_says_the_demo_login_is_not_for_real_village_data():
    from django.utils import translation

    from jejaring.cli.commands.serve import demo_notice

    with translation.override("en"):
        text = demo_notice("demo", "demo")
    assert "demo/demo" in text and "only" in text
    assert "jejaring createuser" in text and "New village" in text


def test_check_says_what_is_wrong_with_a_server_in_plain_words(tmp_path):
    """A ready laptop install passes; a broker that does not answer, or workers configured on
    SQLite, is named with what to do, and the exit status is 1."""
    env = {"JEJARING_LANGUAGE": "en", "JEJARING_BROKER_URL": ""}
    assert jejaring("setup", data_dir=tmp_path, env=env).returncode == 0
    ready = jejaring("check", data_dir=tmp_path, env=env)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert "Ready: nothing to fix." in ready.stdout

    broken = jejaring(
        "check", data_dir=tmp_path, env={**env, "JEJARING_BROKER_URL": "redis://127.0.0.1:1/0"}
    )
    assert broken.returncode == 1
    assert "✗ The jobs' broker does not answer." in broken.stdout
    assert "database is SQLite" in broken.stdout  # workers need a shared database
    indonesian = jejaring(
        "--lang",
        "id",
        "check",
        data_dir=tmp_path,
        env={**env, "JEJARING_BROKER_URL": "redis://127.0.0.1:1/0"},
    )
    assert "Broker pekerjaan tidak menjawab." in indonesian.stdout


def test_sync_says_what_is_wrong_in_the_users_language(tmp_path):
    """`jejaring sync` and its client speak Indonesian like the other commands."""
    missing = jejaring("sync", data_dir=tmp_path, env={"JEJARING_LANGUAGE": "id"})
    assert missing.returncode == 2 and "--village wajib diisi" in missing.stderr
    plain_http = ("sync", "--village", "taro", "--server", "http://desa.example.org")
    for language, said in (("id", "menolak http biasa"), ("en", "refusing plain http")):
        out = jejaring(
            *plain_http, "--token", "jjr_x", data_dir=tmp_path, env={"JEJARING_LANGUAGE": language}
        )
        assert out.returncode != 0 and said in out.stderr, language
