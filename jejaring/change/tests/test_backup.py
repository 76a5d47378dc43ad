"""Commitments, their evidence and the snapshot settings travel in the JSON backup."""

from __future__ import annotations

import pytest

from jejaring.interchange import json as json_format

pytestmark = pytest.mark.django_db


def test_json_round_trip_keeps_commitments_and_settings(demo_village):
    from jejaring.change.models import ChangeSettings, Commitment, CommitmentEvent
    from jejaring.villages.models import Village

    doc = json_format.export_village(demo_village)
    records = doc["records"]
    assert len(records["change.commitment"]) == 3
    assert len(records["change.commitmentevent"]) == 5
    assert records["change.changesettings"][0]["every_days"] == 30
    before = {
        str(c.pk): (c.patron.code, c.kind, c.lever, c.status, [e.status for e in c.events.all()])
        for c in Commitment.objects.filter(village=demo_village)
    }
    data = json_format.dumps(doc)
    slug = demo_village.slug
    demo_village.delete()
    assert not Commitment.objects.filter(village__slug=slug).exists()
    restored, _counts, problems = json_format.import_village(data)
    assert not problems.has_errors
    after = {
        str(c.pk): (c.patron.code, c.kind, c.lever, c.status, [e.status for e in c.events.all()])
        for c in Commitment.objects.filter(village=restored)
    }
    assert after == before
    assert CommitmentEvent.objects.filter(commitment__village=restored).count() == 5
    s = ChangeSettings.objects.get(village=restored)
    assert (s.every_days, s.at_meetings) == (30, True)
    again = json_format.export_village(restored)
    doc.pop("exported_at")
    again.pop("exported_at")
    assert again == doc
    assert Village.objects.filter(slug=slug).count() == 1


def test_pseudonymised_export_blanks_who_recorded_and_the_words(demo_village):
    doc = json_format.export_village(demo_village, pseudonymize=True)
    for e in doc["records"]["change.commitmentevent"]:
        assert e["recorded_by_name"] == "" and e["note"] == ""
    for c in doc["records"]["change.commitment"]:
        assert c["text"] == ""
