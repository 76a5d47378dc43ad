"""The village JSON holds every model that holds village data, found by introspection."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models

from jejaring.interchange import json as json_format
from jejaring.villages.models import Village

pytestmark = pytest.mark.django_db


def refers_to_village(model, seen=()) -> bool:
    """Independent of the exporter: does any chain of foreign keys lead to Village?"""
    if model is Village:
        return True
    if model in seen:
        return False
    return any(
        refers_to_village(f.related_model, (*seen, model))
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is not model
    )


def test_every_model_holding_village_data_is_exported_or_excluded_with_a_reason():
    exported = {json_format.model_key(m) for m, _ in json_format.village_models()}
    holding = {
        json_format.model_key(m)
        for m in apps.get_models()
        if m is not Village
        and not m._meta.auto_created
        and refers_to_village(m)
        and m._meta.app_label not in ("admin", "auth", "contenttypes", "sessions")
    }
    missing = holding - exported - set(json_format.EXCLUDED)
    assert not missing, f"export these models in the village JSON or exclude them: {missing}"
    assert exported.isdisjoint(json_format.EXCLUDED)


def test_the_export_holds_every_row_of_the_village_and_none_of_another(demo_village, personas):
    from jejaring.actors.models import Actor

    other = Village.objects.get(slug="desa-lain")
    Actor.objects.create(village=other, code="X", name="Orang Desa Lain")
    doc = json_format.export_village(demo_village)
    for model, path in json_format.village_models():
        key = json_format.model_key(model)
        expected = model._default_manager.filter(**{path: demo_village}).count()
        assert len(doc["records"][key]) == expected, key
    assert "Orang Desa Lain" not in json.dumps(doc)


def test_users_are_written_by_name_and_linked_again_when_present(demo_village, personas):
    from jejaring.actors.models import Discussion

    d = Discussion.objects.filter(village=demo_village).first()
    d.recorded_by = personas.member
    d.save()
    doc = json_format.export_village(demo_village)
    [row] = [r for r in doc["records"]["actors.discussion"] if r["id"] == str(d.pk)]
    assert row["recorded_by"] == {"user": "member"} and "member" in doc["users"]
    data = json_format.dumps(doc)
    demo_village.delete()
    village, _, problems = json_format.import_village(data)
    assert Discussion.objects.get(pk=d.pk).recorded_by == personas.member
    personas.member.delete()
    village.delete()
    _, _, problems = json_format.import_village(data)
    assert Discussion.objects.get(pk=d.pk).recorded_by is None
    assert any("member" in p.text() for p in problems.warnings)


def test_built_in_terms_travel_as_codes_and_village_terms_as_records(demo_village):
    from jejaring.actors.models import TieType

    own = TieType.objects.create(village=demo_village, code="arisan", name="Arisan")
    doc = json_format.export_village(demo_village)
    assert [r["code"] for r in doc["records"]["actors.tietype"]] == ["arisan"]
    types = {json.dumps(r["type"]) for r in doc["records"]["actors.tie"]}
    assert '{"builtin": "credit"}' in types
    assert str(own.pk) not in types  # no tie uses it yet


def test_records_of_another_village_cannot_be_overwritten(demo_village, personas):
    other = Village.objects.get(slug="desa-lain")
    doc = json_format.export_village(demo_village)
    from jejaring.interchange.problems import ImportRejected

    with pytest.raises(ImportRejected) as exc:
        json_format.import_village(json_format.dumps(doc), village=other)
    assert any("another village" in p.message for p in exc.value.problems.errors)


def test_background_work_is_neither_exported_nor_synchronised(demo_village):
    """A village's jobs and supervisor row belong to the installation that ran them: a
    backup or a sync carrying them would hand a laptop the server's queue (and every job's
    state change would count as a change of the village)."""
    from jejaring.jobs.models import Job
    from jejaring.reports.rollup import refresh
    from jejaring.sync.models import Change

    before = Change.objects.filter(village_id=demo_village.pk).count()
    Job.objects.create(kind="jobs.ping", village=demo_village)
    Job.objects.filter(village=demo_village).update(state=Job.State.DONE)
    refresh(demo_village)
    assert Change.objects.filter(village_id=demo_village.pk).count() == before
    doc = json_format.export_village(demo_village)
    assert not {"jobs.job", "reports.villagerollup"} & set(doc["records"])
