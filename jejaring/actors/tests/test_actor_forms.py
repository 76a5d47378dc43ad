"""Adding, editing and deleting actors; assessments. Errors next to the field, in Indonesian."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jejaring.actors.models import Actor, Assessment, Evidence, Tie
from jejaring.villages.services import create_village

pytestmark = pytest.mark.django_db


def u(name, village, **kw):
    return reverse(f"actors:{name}", kwargs={"village": village.slug, **kw})


def test_add_actor(tiny, member_client):
    version = tiny.village.data_version
    r = member_client.post(
        u("new", tiny.village),
        {"name": "Pak RT", "kind": "person", "hamlet": tiny.atas.pk, "consent": "not_asked"},
    )
    actor = Actor.objects.get(village=tiny.village, name="Pak RT")
    assert r.status_code == 302 and r["Location"].endswith(f"/actors/{actor.pk}/")
    assert actor.code == "A0001" and actor.hamlet == tiny.atas
    tiny.village.refresh_from_db()
    assert tiny.village.data_version > version


def test_missing_name_is_reported_next_to_the_field_in_indonesian(tiny, member_client):
    r = member_client.post(u("new", tiny.village), {"kind": "person", "consent": "not_asked"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Bidang ini tidak boleh kosong." in html
    # The message sits inside the name field's block.
    name_block = html[html.index('for="id_name"') : html.index('for="id_kind"')]
    assert "errorlist" in name_block


def test_duplicate_id_is_refused_in_indonesian(tiny, member_client):
    r = member_client.post(
        u("new", tiny.village),
        {"name": "Sri lagi", "code": "SRI", "kind": "person", "consent": "not_asked"},
    )
    assert "sudah memakai id “SRI”" in r.content.decode()
    assert Actor.objects.filter(village=tiny.village, name="Sri lagi").count() == 0


def test_category_of_another_village_is_not_accepted(tiny, member_client):
    from jejaring.actors.models import Category

    foreign = Category.objects.create(village=tiny.village, code="x", name="X")
    other = create_village("Lain", slug="lain-lagi")
    theirs = Category.objects.create(village=other, code="y", name="Y")
    r = member_client.post(
        u("new", tiny.village),
        {"name": "Z", "kind": "person", "category": theirs.pk, "consent": "not_asked"},
    )
    assert r.status_code == 200 and not Actor.objects.filter(name="Z").exists()
    r = member_client.post(
        u("new", tiny.village),
        {"name": "Z", "kind": "person", "category": foreign.pk, "consent": "not_asked"},
    )
    assert r.status_code == 302


def test_edit_actor(tiny, member_client):
    r = member_client.post(
        u("edit", tiny.village, actor=tiny.kades.pk),
        {"name": "Kepala Desa Uji", "code": "KADES", "kind": "person", "consent": "given"},
    )
    assert r.status_code == 302
    tiny.kades.refresh_from_db()
    assert tiny.kades.name == "Kepala Desa Uji" and tiny.kades.consent == "given"


def test_delete_page_shows_what_would_be_affected(tiny, member_client):
    r = member_client.get(u("delete", tiny.village, actor=tiny.sri.pk))
    d = r.context["dependents"]
    # Hand count: Sri has current credit and kinship ties, no past tie; two accounts on the
    # credit tie; one account given herself; one discussion.
    assert (d["current_ties"], d["past_ties"], d["evidence_on_ties"]) == (2, 0, 2)
    assert d["accounts_given"] == 1 and d["discussions"] == 1
    assert r.context["has_ties"]


def test_an_actor_with_ties_cannot_be_deleted(tiny, member_client):
    r = member_client.post(u("delete", tiny.village, actor=tiny.sri.pk), {"confirm": "on"})
    assert r.status_code == 200
    assert Actor.objects.filter(pk=tiny.sri.pk).exists()
    assert Tie.objects.filter(source=tiny.sri).count() == 2
    assert "masih punya hubungan" in r.content.decode()


def test_delete_needs_the_confirmation_box(tiny, member_client):
    r = member_client.post(u("delete", tiny.village, actor=tiny.kades.pk), {})
    assert "Centang kotak" in r.content.decode()
    assert Actor.objects.filter(pk=tiny.kades.pk).exists()


def test_an_actor_without_ties_is_deleted_and_their_accounts_keep_their_name(tiny, member_client):
    # Wati's ties moved away first so that only her account as informant remains.
    Tie.objects.filter(source=tiny.wati).delete()
    r = member_client.post(u("delete", tiny.village, actor=tiny.wati.pk), {"confirm": "on"})
    assert r.status_code == 302
    assert not Actor.objects.filter(pk=tiny.wati.pk).exists()
    account = Evidence.objects.get(tie=tiny.credit_sri, informant_name="Wati")
    assert account.informant is None


def test_merge_moves_ties_evidence_and_assessments(tiny, member_client):
    dup = Actor.objects.create(village=tiny.village, code="HAJI2", name="H. Haji (dobel)")
    Tie.objects.create(village=tiny.village, source=tiny.wati, target=dup, type=tiny.land_tono.type)
    Assessment.objects.create(actor=dup, date="2026-10-20", influence=3)
    r = member_client.post(
        u("delete", tiny.village, actor=dup.pk),
        {"confirm": "on", "merge_into": "Pak Haji [HAJI]"},
    )
    assert r.status_code == 302
    assert not Actor.objects.filter(pk=dup.pk).exists()
    assert Tie.objects.filter(source=tiny.wati, target=tiny.haji, type__code="land").exists()
    assert tiny.haji.assessments.count() == 3


def test_merge_refuses_actors_tied_to_each_other(tiny, member_client):
    r = member_client.post(
        u("delete", tiny.village, actor=tiny.sri.pk),
        {"confirm": "on", "merge_into": "Tono [TONO]"},
    )
    assert r.status_code == 200 and Actor.objects.filter(pk=tiny.sri.pk).exists()


def test_unknown_merge_target_is_reported(tiny, member_client):
    r = member_client.post(
        u("delete", tiny.village, actor=tiny.sri.pk), {"confirm": "on", "merge_into": "Siapa Ya"}
    )
    assert "Tidak ada aktor bernama “Siapa Ya”" in r.content.decode()


def test_add_assessment(tiny, member_client, personas):
    r = member_client.post(
        u("assess", tiny.village, actor=tiny.kud.pk),
        {"date": "2026-10-30", "influence": "3", "interest": "", "stance": "-1"},
    )
    assert r.status_code == 302
    a = Assessment.objects.get(actor=tiny.kud)
    assert (a.influence, a.interest, a.stance, a.rater) == (3, None, -1, personas.member)


def test_empty_assessment_is_refused_in_indonesian(tiny, member_client):
    r = member_client.post(u("assess", tiny.village, actor=tiny.kud.pk), {"date": "2026-10-30"})
    assert r.status_code == 200
    assert "Isi paling tidak salah satu" in r.content.decode()


@pytest.mark.parametrize("name", ["new", "edit", "delete", "assess"])
def test_reader_cannot_open_or_post_write_pages(tiny, reader_client, name):
    kw = {} if name == "new" else {"actor": tiny.kades.pk}
    assert reader_client.get(u(name, tiny.village, **kw)).status_code == 403
    assert reader_client.post(u(name, tiny.village, **kw), {"name": "x"}).status_code == 403


@pytest.mark.parametrize("name", ["new", "edit", "delete", "assess"])
def test_outsider_gets_404_on_write_pages(tiny, outsider_client, name):
    kw = {} if name == "new" else {"actor": tiny.kades.pk}
    assert outsider_client.get(u(name, tiny.village, **kw)).status_code == 404
    assert outsider_client.post(u(name, tiny.village, **kw), {}).status_code == 404
