"""Sample URL arguments for the access tests: one real object of the demo village per name.

A page whose URL takes an argument not listed here fails the access tests with a message
saying so: add the name and how to find a sample object.
"""

from __future__ import annotations

from collections.abc import Callable


def _first(model_path: str, **filters) -> Callable:
    def get(village):
        from django.apps import apps

        from jejaring.core.access import in_village

        app_label, model_name = model_path.split(".")
        model = apps.get_model(app_label, model_name)
        obj = in_village(model, village).filter(**filters).order_by("pk").first()
        assert obj is not None, f"the demo village has no {model_name}"
        return obj.pk

    return get


SAMPLES: dict[str, Callable] = {
    "village": lambda v: v.slug,
    "actor": _first("actors.Actor"),
    "tie": _first("actors.Tie", type__is_dependency=True),
    "evidence": _first("actors.Evidence"),
    "assessment": _first("actors.Assessment"),
    "discussion": _first("actors.Discussion"),
    "fact": _first("actors.Fact"),
    "hamlet": _first("villages.Hamlet"),
    "contact": _first("engagement.Contact"),
    "forum": _first("engagement.Forum"),
    "member": _first("engagement.ForumMember"),
    "meeting": _first("engagement.Meeting"),
    "item": _first("engagement.AgendaItem"),
    "agenda_item": _first("engagement.AgendaItem"),
    "action": _first("engagement.ActionItem"),
    "decision": _first("engagement.Decision"),
    "circle": _first("awareness.Circle"),
    "session": _first("awareness.Session"),
    "circle_member": _first("awareness.CircleMember"),
    "snapshot": lambda v: _snapshot(v),
    "commitment": _first("change.Commitment"),
    "job": lambda v: _import_job(v),
    "work": lambda v: _background_job(v),
    "conflict": lambda v: _conflict(v),
}


def _background_job(village):
    """A finished background job of the village that made a file (a report's PDF; the demo has
    none)."""
    from jejaring.jobs.models import Job
    from jejaring.reports import background

    job, created = Job.objects.get_or_create(
        village=village, kind=background.KIND, defaults={"state": "done"}
    )
    if created:
        background.folder().mkdir(parents=True, exist_ok=True)
        (background.folder() / f"{job.pk}.pdf").write_bytes(b"%PDF-1.4 sample")
        job.result = {"file": f"reports/{job.pk}.pdf", "filename": "laporan.pdf"}
        job.save()
    return job.pk


def _conflict(village):
    """A sync conflict on the first actor (the demo has none)."""
    from jejaring.actors.models import Actor
    from jejaring.sync.models import Conflict

    actor = Actor.objects.filter(village=village).first()
    c = Conflict.objects.filter(village=village).first() or Conflict.objects.create(
        village=village,
        model="actors.actor",
        record_id=actor.pk,
        local={"id": str(actor.pk), "name": actor.name},
        remote={"id": str(actor.pk), "name": actor.name + " (2)"},
    )
    return c.pk


def _import_job(village):
    """The demo has no uploads: make one (a checked job without files)."""
    from jejaring.interchange.models import ImportJob

    job, _ = ImportJob.objects.get_or_create(
        village=village, kind="tables", defaults={"state": ImportJob.State.CHECKED}
    )
    return job.pk


def _snapshot(village):
    """The demo ships without snapshots: take one when a test needs it."""
    from jejaring.analysis.models import Snapshot
    from jejaring.analysis.snapshots import take_snapshot

    snap = Snapshot.objects.filter(village=village).first()
    return (snap or take_snapshot(village, "Awal")).pk


def sample_kwargs(village, names: list[str]) -> dict:
    out = {}
    for name in names:
        if name not in SAMPLES:
            raise AssertionError(
                f"URL argument {name!r} has no sample: add it to jejaring/core/tests/samples.py"
            )
        out[name] = SAMPLES[name](village)
    return out
