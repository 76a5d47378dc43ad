"""The base every Jejaring record shares."""

from __future__ import annotations

import uuid

from django.db import models


class Record(models.Model):
    """A row with a UUID primary key and timestamps.

    UUIDs rather than sequential ids so that villages can move between installations (a
    laptop in the field, a program server) and be merged without renumbering.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
