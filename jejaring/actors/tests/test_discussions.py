"""The informal-discussion log: record a discussion, its participants, and the ties and facts it
revealed (which become evidence)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jejaring.actors.models import Discussion, Fact, Tie

pytestmark = pytest.mark.django_db


def u(name, village, **kw):
    return reverse(f"actors:{name}", kwargs={"village": village.slug, **kw})


def test_record_a_discussion_with_participants(tiny, member_client, personas):
    r = member_client.post(
        u("discussion_new", tiny.village),
        {
            "kind": "informal",
            "date": "2026-10-28",
            "place": "Warung Bu Darmi",
            "title": "Harga pupuk",
            "notes": "Ngobrol sore.",
            "participant_names": "Sri\nTONO\n\nBu Darmi [DARMI]",
        },
    )
    d = Discussion.objects.get(village=tiny.village, title="Harga pupuk")
    assert r.status_code == 302 and r["Location"].endswith(f"/discussions/{d.pk}/")
    assert sorted(a.name for a in d.participants.all()) == ["Bu Darmi", "Sri", "Tono"]
    assert d.recorded_by == personas.member


def test_unknown_participant_names_the_line(tiny, member_client):
    r = member_client.post(
        u("discussion_new", tiny.village),
        {"kind": "informal", "date": "2026-10-28", "participant_names": "Sri\nSiapa Ya"},
    )
    assert r.status_code == 200
    assert "Baris 2" in r.content.decode()
    assert not Discussion.objects.filter(village=tiny.village, date="2026-10-28").exists()


def test_unknown_participants_point_to_a_box_that_exists_and_can_be_added(tiny, member_client):
    """The error names the tick box on this form; ticking it adds the new names as actors."""
    from jejaring.actors.models import Actor, Category

    post = {"kind": "informal", "date": "2026-10-29", "participant_names": "Sri\nMbok Yem"}
    r = member_client.post(u("discussion_new", tiny.village), post)
    html = r.content.decode()
    assert r.status_code == 200 and 'name="add_new"' in html
    assert "Tambahkan nama yang belum ada di daftar sebagai aktor baru" in html
    assert "aktor baru”" not in html.replace("sebagai aktor baru”", "")
    household = Category.objects.get(village__isnull=True, code="household")
    r = member_client.post(
        u("discussion_new", tiny.village),
        {**post, "add_new": "on", "new_category": household.pk, "new_hamlet": tiny.bawah.pk},
    )
    assert r.status_code == 302
    d = Discussion.objects.get(village=tiny.village, date="2026-10-29")
    yem = Actor.objects.get(village=tiny.village, name="Mbok Yem")
    assert sorted(a.name for a in d.participants.all()) == ["Mbok Yem", "Sri"]
    assert (yem.kind, yem.category, yem.hamlet) == ("household", household, tiny.bawah)


def test_a_tie_recorded_from_a_discussion_becomes_its_evidence(tiny, member_client):
    page = member_client.get(u("discussion", tiny.village, discussion=tiny.discussion.pk))
    link = u("tie_new", tiny.village) + f"?discussion={tiny.discussion.pk}"
    assert link in page.content.decode().replace("&amp;", "&")
    land = Tie.objects.get(pk=tiny.land_tono.pk).type
    r = member_client.post(
        link,
        {
            "source": "Wati",
            "target": "Pak Haji",
            "type": str(land.pk),
            "informant": "Wati",
            "discussion": str(tiny.discussion.pk),
            "next": u("discussion", tiny.village, discussion=tiny.discussion.pk),
        },
    )
    assert r.status_code == 302 and r["Location"].endswith(f"/discussions/{tiny.discussion.pk}/")
    page = member_client.get(u("discussion", tiny.village, discussion=tiny.discussion.pk))
    sentences = [f"{e.tie.source.name}→{e.tie.target.name}" for e in page.context["evidence"]]
    assert "Wati→Pak Haji" in sentences


def test_record_and_remove_a_fact(tiny, member_client):
    r = member_client.post(
        u("fact_new", tiny.village, discussion=tiny.discussion.pk),
        {"actor": "Pak Haji", "statement": "Bunga dibayar dengan gabah."},
    )
    assert r.status_code == 302
    fact = Fact.objects.get(discussion=tiny.discussion)
    assert fact.actor == tiny.haji
    # The fact shows on the actor page too.
    page = member_client.get(u("actor", tiny.village, actor=tiny.haji.pk))
    assert "Bunga dibayar dengan gabah." in page.content.decode()
    member_client.post(u("fact_delete", tiny.village, fact=fact.pk))
    assert not Fact.objects.filter(pk=fact.pk).exists()


def test_empty_fact_is_refused_in_indonesian(tiny, member_client):
    r = member_client.post(
        u("fact_new", tiny.village, discussion=tiny.discussion.pk), {"statement": ""}
    )
    assert r.status_code == 400 and "Bidang ini tidak boleh kosong." in r.content.decode()


def test_add_and_remove_participant(tiny, member_client):
    member_client.post(
        u("participant_new", tiny.village, discussion=tiny.discussion.pk), {"participant": "Tono"}
    )
    assert tiny.discussion.participants.filter(pk=tiny.tono.pk).exists()
    member_client.post(
        u("participant_remove", tiny.village, discussion=tiny.discussion.pk, actor=tiny.tono.pk)
    )
    assert not tiny.discussion.participants.filter(pk=tiny.tono.pk).exists()


def test_discussion_list_counts(tiny, member_client):
    r = member_client.get(u("discussions", tiny.village))
    d = r.context["page"][0]
    # One participant (Sri), one account (Sri's, of her credit tie), no fact.
    assert (d.n_participants, d.n_evidence, d.n_facts) == (1, 1, 0)


@pytest.mark.parametrize(
    "name", ["discussion_new", "discussion_edit", "fact_new", "participant_new"]
)
def test_reader_403_outsider_404(tiny, reader_client, outsider_client, name):
    kw = {} if name == "discussion_new" else {"discussion": tiny.discussion.pk}
    url = u(name, tiny.village, **kw)
    assert reader_client.post(url, {"statement": "x"}).status_code == 403
    assert outsider_client.post(url, {}).status_code == 404


def test_reader_and_outsider_on_read_pages(tiny, reader_client, outsider_client):
    for url in (
        u("discussions", tiny.village),
        u("discussion", tiny.village, discussion=tiny.discussion.pk),
    ):
        assert reader_client.get(url).status_code == 200
        assert outsider_client.get(url).status_code == 404
