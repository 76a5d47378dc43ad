"""Keep ``Village.data_version`` moving whenever the network changes.

Cached analyses and stored map layouts are keyed on it. Single saves and deletes arrive here;
bulk writes (imports) call ``village.touch()`` themselves, since Django sends no signals for
``bulk_create``/``update``.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from jejaring.villages.models import Village


def bump(village_id) -> None:
    if village_id:
        Village.objects.filter(pk=village_id).update(data_version=F("data_version") + 1)


def _village_of(instance):
    if hasattr(instance, "village_id"):
        return instance.village_id
    actor = getattr(instance, "actor", None)
    return actor.village_id if actor is not None else None


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures/loaddata: the loader bumps once at the end
    bump(_village_of(instance))


def _fields_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump(getattr(instance, "village_id", None))


def connect() -> None:
    from jejaring.actors.models import Actor, Assessment, Tie

    for model in (Actor, Tie, Assessment):
        post_save.connect(_changed, sender=model, dispatch_uid=f"touch-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"touch-{model.__name__}-del")
    m2m_changed.connect(_fields_changed, sender=Actor.fields.through, dispatch_uid="touch-fields")
