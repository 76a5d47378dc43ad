"""Row locks that serialise concurrent writes which read before they write.

Several writes first look something up and then insert: the next free actor code, "is this tie
recorded already?", "is this actor a member already?", the status before a change. Two requests
doing that at the same moment (PostgreSQL, several users or a double click) both see "not
there" and both insert: a duplicate, a unique-constraint error (500), or a history chained to
the wrong previous status. Locking one parent row first (``SELECT … FOR UPDATE``) makes the
second request wait for the first to commit, then see its result.

On SQLite ``select_for_update`` is a no-op, and needs to be: Jejaring's SQLite connections
open every transaction with ``BEGIN IMMEDIATE`` (settings.py), which already lets one writer
at a time in.
"""

from __future__ import annotations

from django.db import models, transaction


def lock_row(model: type[models.Model], pk) -> None:
    """Lock the row ``pk`` of ``model`` until the current transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_row needs a transaction (use it inside transaction.atomic)")
    # FOR NO KEY UPDATE: waits for the other writers' locks on the row, but not for rows
    # merely pointing at it (a new tie's foreign key to a locked actor takes only KEY SHARE),
    # so a write locking an actor and one inserting a tie to it cannot deadlock.
    rows = model._default_manager.select_for_update(no_key=True).filter(pk=pk)
    list(rows.values_list("pk", flat=True))


def lock_village(village) -> None:
    """Serialise writes that must see each other within one village (codes, same tie…)."""
    lock_row(type(village), village.pk)
