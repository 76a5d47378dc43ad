"""Names and labels lose direction overrides, zero-width and terminal escape characters
(issue 16, finding 14): one step shared by forms, the API, services and importers."""

from __future__ import annotations

import pytest

from jejaring.core.text import clean_record, clean_text

RLO, PDF, ZWSP, BOM, LRM = "\u202e", "\u202c", "\u200b", "\ufeff", "\u200e"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (f"Pak Budi{RLO}idnaK{PDF}", "Pak BudiidnaK"),
        (f"Bu{ZWSP}di{BOM}", "Budi"),
        (f"{LRM}Siti\u2066 Rahayu\u2069", "Siti Rahayu"),
        ("\x1b[2J\x1b[31mKades\x1b[0m", "Kades"),
        ("Ketua\x1b]0;pwned\x07 RT", "Ketua RT"),
        ("Ketua\x9b31m RT\x00\x7f", "Ketua RT"),
        ("nama\r\ndua baris\tdan tab", "nama dua baris dan tab"),
        ("Haji Muhammad Ṣāliḥ — ketua", "Haji Muhammad Ṣāliḥ — ketua"),
        ("👨\u200d👩\u200d👧 keluarga", "👨\u200d👩\u200d👧 keluarga"),  # joiners kept
    ],
)
def test_clean_text(given, kept):
    assert clean_text(given) == kept


def test_multiline_text_keeps_its_lines():
    assert clean_text(f"satu\r\ndua{ZWSP}\u2028tiga\tx", multiline=True) == "satu\ndua\ntiga\tx"


def test_importers_clean_a_whole_record():
    row = {"name": f"Budi{RLO}", "notes": "a\r\nb", "influence": 3}
    clean_record(row, multiline=frozenset({"notes"}))
    assert row == {"name": "Budi", "notes": "a\nb", "influence": 3}


@pytest.mark.django_db
def test_api_and_services_store_names_and_labels_clean(member_client, demo_village):
    from jejaring.actors.models import Actor, TieType
    from jejaring.actors.services import create_actor

    response = member_client.post(
        f"/api/v1/villages/{demo_village.slug}/actors",
        {"name": f"Pak{RLO} Darto{ZWSP}\x1b[31m"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Actor.objects.get(pk=response.json()["id"]).name == "Pak Darto"
    # Only invisible characters: as empty as no name at all.
    empty = member_client.post(
        f"/api/v1/villages/{demo_village.slug}/actors",
        {"name": f"{ZWSP}{RLO}"},
        content_type="application/json",
    )
    assert empty.status_code == 400 and "name" in empty.json()["errors"]
    # A service without a form, and a type label, are cleaned on save too.
    assert create_actor(demo_village, name=f"Bu{BOM}Sri").name == "BuSri"
    label = TieType.objects.create(village=demo_village, code="x1", name=f"utang{RLO}gnaU")
    label.refresh_from_db()
    assert label.name == "utanggnaU"


@pytest.mark.django_db
def test_page_form_cleans_the_village_name():
    from jejaring.villages.forms import VillageForm

    form = VillageForm(data={"name": f"Desa{RLO} Maju{ZWSP}", "slug": "desa-maju"})
    form.is_valid()
    assert form.cleaned_data.get("name") == "Desa Maju"


@pytest.mark.django_db
def test_api_schemas_clean_text_before_the_services_check_it(member_client, demo_village):
    from jejaring.engagement.models import Forum

    url = f"/api/v1/villages/{demo_village.slug}/forums"
    invisible = member_client.post(url, {"name": f"{ZWSP}{RLO}"}, content_type="application/json")
    assert invisible.status_code == 422 and "name" in str(invisible.json())
    made = member_client.post(
        url,
        {"name": f"Forum{RLO} Tani{ZWSP}", "purpose": "baris\r\nkedua"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    forum = Forum.objects.get(village=demo_village, name="Forum Tani")
    assert forum.purpose == "baris\nkedua"


@pytest.mark.django_db
def test_bulk_writes_of_importers_store_clean_text(demo_village):
    from jejaring.actors.models import Actor

    [actor] = Actor.objects.bulk_create(
        [Actor(village=demo_village, code="ZX1", name=f"Mbah{RLO} Karto\x1b[2J")]
    )
    actor.name = f"Mbah Karto{ZWSP} Sepuh"
    Actor.objects.bulk_update([actor], ["name"])
    assert Actor.objects.get(pk=actor.pk).name == "Mbah Karto Sepuh"
