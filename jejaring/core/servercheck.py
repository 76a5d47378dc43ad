"""`jejaring check`: is this installation set up to serve a program safely? In plain words.

Django's own deployment checks (``check --deploy``) speak to developers; a district's server
administrator needs to read what is wrong and what to do. Each finding says both, in the
reader's language; :func:`findings` returns them all, problems first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass
class Finding:
    ok: bool
    what: str
    todo: str = ""


def _database() -> list[Finding]:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    out = []
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
    except Exception as exc:
        return [
            Finding(
                False,
                _("The database does not answer (%(error)s).") % {"error": type(exc).__name__},
                _("Check DATABASE_URL and that the database server runs."),
            )
        ]
    out.append(
        Finding(True, _("The database answers (%(vendor)s).") % {"vendor": connection.vendor})
    )
    plan = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    if plan:
        out.append(
            Finding(
                False,
                _("%(n)d database migrations are not applied.") % {"n": len(plan)},
                _("Run `jejaring setup` once (on a server: the migrate service) before starting."),
            )
        )
    else:
        out.append(Finding(True, _("Every database migration is applied.")))
    return out


def _server_settings() -> list[Finding]:
    out = []
    postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    broker = getattr(settings, "JEJARING_BROKER_URL", "")
    if settings.DEBUG:
        out.append(
            Finding(
                False,
                _("Debug pages are on: anyone who causes an error sees the settings."),
                _("Unset JEJARING_DEBUG."),
            )
        )
    if (postgres or broker) and not os.environ.get("SECRET_KEY"):
        out.append(
            Finding(
                False,
                _(
                    "SECRET_KEY is not set: each machine would make its own, and logins and "
                    "forms would fail between processes."
                ),
                _("Set the same SECRET_KEY for every web process and worker."),
            )
        )
    if broker and not postgres:
        out.append(
            Finding(
                False,
                _(
                    "Background workers are configured but the database is SQLite, a file "
                    "other machines cannot share."
                ),
                _("Use PostgreSQL (DATABASE_URL=postgres://…) on a server with workers."),
            )
        )
    local = {"127.0.0.1", "localhost", "[::1]"}
    if settings.SECURE and set(settings.ALLOWED_HOSTS) <= local:
        out.append(
            Finding(
                False,
                _("HTTPS is on but the server answers only to this computer's names."),
                _("Set JEJARING_ALLOWED_HOSTS to the server's name (jejaring.example.org)."),
            )
        )
    if postgres and not settings.SECURE:
        out.append(
            Finding(
                False,
                _(
                    "The server does not insist on HTTPS: passwords and village data would "
                    "cross the network readable."
                ),
                _("Serve behind an HTTPS proxy and set JEJARING_SECURE=1 (docs/deploy.md)."),
            )
        )
    return out


def _services() -> list[Finding]:
    from jejaring.core.views import _cache_ok, _redis_or_amqp_ok

    out = []
    broker = getattr(settings, "JEJARING_BROKER_URL", "")
    if broker:
        if _redis_or_amqp_ok(broker):
            out.append(Finding(True, _("The jobs' broker answers.")))
            out.extend(_workers())
        else:
            out.append(
                Finding(
                    False,
                    _("The jobs' broker does not answer."),
                    _("Check JEJARING_BROKER_URL and that Redis (or RabbitMQ) runs."),
                )
            )
    else:
        out.append(
            Finding(
                True,
                _("No broker: background jobs run inside `jejaring serve` (fine for one machine)."),
            )
        )
    if "Redis" in settings.CACHES["default"]["BACKEND"]:
        out.append(
            Finding(True, _("The shared cache answers."))
            if _cache_ok()
            else Finding(
                False,
                _("The shared cache does not answer."),
                _("Check JEJARING_CACHE_URL and that Redis runs."),
            )
        )
    return out


def _workers() -> list[Finding]:
    try:
        from jejaring.jobs.celery import configure

        replies = configure().control.ping(timeout=2.0) or []
    except Exception:
        replies = []
    if replies:
        return [Finding(True, _("%(n)d background worker(s) answer.") % {"n": len(replies)})]
    return [
        Finding(
            False,
            _("No background worker answers: analyses and other jobs will wait."),
            _("Start `jejaring worker` (compose: the worker service)."),
        )
    ]


def _data_folder() -> list[Finding]:
    folder = Path(settings.MEDIA_ROOT)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".jejaring-check"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError:
        return [
            Finding(
                False,
                _("The data folder %(path)s cannot be written.") % {"path": folder},
                _("Give the server's user write access, or set JEJARING_DATA_DIR."),
            )
        ]
    return [Finding(True, _("The data folder %(path)s can be written.") % {"path": folder})]


def _django_deploy_checks() -> list[Finding]:
    from django.core import checks

    out = []
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return out  # a laptop: Django's deployment checks are about servers
    for message in checks.run_checks(include_deployment_checks=True):
        if message.level >= checks.WARNING and not message.is_silenced():
            out.append(Finding(False, f"{message.id}: {message.msg}", message.hint or ""))
    return out


def findings() -> list[Finding]:
    """Every check, problems first."""
    found = (
        _database() + _server_settings() + _services() + _data_folder() + _django_deploy_checks()
    )
    return sorted(found, key=lambda f: f.ok)
