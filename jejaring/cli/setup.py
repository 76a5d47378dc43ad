"""Starting Django from the command line: settings, database and translations made ready.

A user never runs ``migrate``: the first command that needs the database creates and migrates
it here.
"""

from __future__ import annotations

import os


def cli_language() -> str:
    """The language of command-line messages: Indonesian when the system locale is Indonesian
    (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` starting with ``id``), else English.
    ``JEJARING_LANGUAGE`` (``id`` or ``en``) overrides."""
    explicit = os.environ.get("JEJARING_LANGUAGE", "").strip().lower()
    if explicit in ("id", "en"):
        return explicit
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "id" if value.lower().startswith(("id", "in_")) else "en"
    return "en"


def django_ready(migrate: bool = True) -> None:
    """Configure Django, migrate the database if needed and compile the message catalogues."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate(cli_language())
    from jejaring.core.i18n import compile_catalogues

    compile_catalogues()
    if migrate:
        migrate_if_needed()


def pending_migrations() -> list:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def migrate_if_needed(verbose: bool = False) -> bool:
    """Apply pending migrations; True when something was applied."""
    from django.core.management import call_command

    if not pending_migrations():
        return False
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    return True
