"""A snapshot when a forum meeting is logged as held (if the village's setting asks for it)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save


def _remember_state(sender, instance, **kwargs) -> None:
    if instance._state.adding:
        instance._change_was_held = False
        return
    old = sender.objects.filter(pk=instance.pk).values_list("state", flat=True).first()
    instance._change_was_held = old == "held"


def _meeting_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or instance.state != "held" or getattr(instance, "_change_was_held", False):
        return
    from jejaring.change.models import ChangeSettings
    from jejaring.change.services import snapshot_at_meeting

    # The setting as it is when the meeting is logged, not when the transaction ends.
    village_id = instance.forum.village_id
    if ChangeSettings.objects.filter(village_id=village_id, at_meetings=True).exists():
        transaction.on_commit(lambda: snapshot_at_meeting(instance))


def connect() -> None:
    from jejaring.engagement.models import Meeting

    pre_save.connect(_remember_state, sender=Meeting, dispatch_uid="change_meeting_pre")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="change_meeting_post")
