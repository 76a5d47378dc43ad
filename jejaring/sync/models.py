"""Synchronisation between installations: the change log, links to peers, conflicts, tokens.

Every create, edit and deletion of a village record appends a :class:`Change` whose ``seq``
(the primary key) only grows on this installation: what was sent or received is remembered
as sequence numbers, never as clock times (laptop clocks are wrong).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jejaring.villages.models import Village


class Installation(models.Model):
    """This installation's own id (one row, made on first use)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.id)

    @classmethod
    def current_id(cls) -> uuid.UUID:
        row = cls.objects.order_by("created_at").first()
        if row is None:
            row = cls.objects.create()
        return row.id


class Change(models.Model):
    """One write to one village record; ``id`` is the local sequence number."""

    class Op(models.TextChoices):
        SAVE = "s", _("saved")
        DELETE = "d", _("deleted")

    id = models.BigAutoField(primary_key=True)
    # No foreign key: a deletion cascading from the village must still be loggable.
    village_id = models.UUIDField(db_index=True)
    model = models.CharField(max_length=60)
    record_id = models.UUIDField()
    op = models.CharField(max_length=1, choices=Op.choices)
    # Where the change came from (None: made here) and its number there.
    origin = models.UUIDField(null=True, blank=True)
    origin_seq = models.BigIntegerField(null=True, blank=True)
    resolves = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["village_id", "id"], name="sync_change_village_seq")]

    def __str__(self) -> str:
        return f"{self.id} {self.op} {self.model} {self.record_id}"


class Link(models.Model):
    """What this installation and one peer have exchanged about one village.

    ``sent_seq``: the last of my changes the peer has acknowledged; ``received_seq``: the last
    of the peer's changes I have applied. ``upstream``: the peer is the server this
    installation syncs with (then record bases are kept against it).
    """

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="sync_links")
    peer = models.UUIDField(null=True, blank=True)
    upstream = models.BooleanField(default=False)
    server_url = models.CharField(max_length=500, blank=True)
    server_slug = models.CharField(max_length=60, blank=True)
    token = models.CharField(max_length=200, blank=True)
    insecure = models.BooleanField(default=False)
    sent_seq = models.BigIntegerField(default=0)
    received_seq = models.BigIntegerField(default=0)
    # A transfer in progress: {"push"|"pull": {"target": seq, "position": n, "full": bool}}
    progress = models.JSONField(default=dict, blank=True)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["village", "peer"], name="sync_link_unique")]

    def __str__(self) -> str:
        return f"{self.village_id} ↔ {self.peer}"


class RecordBase(models.Model):
    """The content a record had when it was last in agreement with the upstream server:
    ``local`` hashes this installation's form, ``remote`` the server's."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=60)
    record_id = models.UUIDField()
    local = models.CharField(max_length=64, blank=True)
    remote = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["village", "record_id"], name="sync_base_unique")
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.record_id}"


class Conflict(models.Model):
    """The same record changed on both sides: both versions kept, the local one in force."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="sync_conflicts")
    model = models.CharField(max_length=60)
    record_id = models.UUIDField()
    local = models.JSONField(null=True, blank=True)
    remote = models.JSONField(null=True, blank=True)
    peer = models.UUIDField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.model} {self.record_id}"


class SyncLog(models.Model):
    """Who synced what with this installation (shown to the village's administrators)."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="sync_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    peer = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=20)
    received = models.IntegerField(default=0)
    sent = models.IntegerField(default=0)
    conflicts = models.IntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.action} {self.at}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        secret = "jjr_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=secret[:10], digest=token_digest(secret)
        )
        return token, secret
