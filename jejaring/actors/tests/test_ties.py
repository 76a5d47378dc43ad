"""Quick tie entry, editing, ending and deleting ties, accounts side by side."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jejaring.actors.models import Actor, Evidence, Tie, TieType

pytestmark = pytest.mark.django_db


def u(name, village, **kw):
    return reverse(f"actors:{name}", kwargs={"village": village.slug, **kw})


def credit_type():
    return TieType.objects.get(village__isnull=True, code="credit")


def quick(client, village, **data):
    base = {"type": str(credit_type().pk)}
    base.update(data)
    return client.post(u("tie_new", village), base)


def test_a_facilitator_records_a_tie_as_told(tiny, member_client, personas):
    """ "Kades meminjam uang dari Bu Darmi, mingguan, terikat", told by Kades in a discussion."""
    r = quick(
        member_client,
        tiny.village,
        source="Kades [KADES]",
        target="Bu Darmi",
        frequency="weekly",
        attachment="binding",
        exclusive="true",
        informant="KADES",
        discussion=str(tiny.discussion.pk),
        evidence_confidence="high",
        account="Diceritakan sendiri.",
    )
    assert r.status_code == 302
    tie = Tie.objects.get(source=tiny.kades, target=tiny.darmi)
    assert (tie.type.code, tie.frequency, tie.attachment, tie.exclusive) == (
        "credit",
        "weekly",
        "binding",
        True,
    )
    ev = tie.evidence.get()
    assert ev.informant == tiny.kades and ev.discussion == tiny.discussion
    assert ev.reported_on == tiny.discussion.date and ev.recorded_by == personas.member
    assert ev.reported == {"frequency": "weekly", "attachment": "binding", "exclusive": True}
    # The informant took part in that discussion.
    assert tiny.discussion.participants.filter(pk=tiny.kades.pk).exists()


def test_new_actors_can_be_created_inline(tiny, member_client):
    r = quick(
        member_client,
        tiny.village,
        source="Mbok Yem",
        source_new="on",
        target="Pak Haji [HAJI]",
        new_hamlet=str(tiny.bawah.pk),
    )
    assert r.status_code == 302
    yem = Actor.objects.get(village=tiny.village, name="Mbok Yem")
    assert yem.hamlet == tiny.bawah
    assert Tie.objects.filter(source=yem, target=tiny.haji, type__code="credit").exists()


def test_a_new_household_from_the_tie_form_is_a_household_with_its_welfare(tiny, member_client):
    from jejaring.actors.models import Category

    household = Category.objects.get(village__isnull=True, code="household")
    r = quick(
        member_client,
        tiny.village,
        source="Mbok Yem",
        source_new="on",
        target="Pak Haji [HAJI]",
        new_category=str(household.pk),
        new_welfare="very_poor",
    )
    assert r.status_code == 302
    yem = Actor.objects.get(village=tiny.village, name="Mbok Yem")
    assert (yem.kind, yem.category, yem.welfare) == ("household", household, "very_poor")


def test_unknown_name_is_reported_next_to_the_field_and_nothing_is_written(tiny, member_client):
    before = Tie.objects.count()
    r = quick(member_client, tiny.village, source="Mbok Yem", target="Pak Haji")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Tidak ada aktor bernama “Mbok Yem”" in html
    assert Tie.objects.count() == before and not Actor.objects.filter(name="Mbok Yem").exists()


def test_missing_type_and_same_actor_twice_are_refused(tiny, member_client):
    r = member_client.post(u("tie_new", tiny.village), {"source": "SRI", "target": "SRI"})
    html = r.content.decode()
    assert "Pilih jenis hubungan." in html
    assert "Hubungan perlu dua aktor yang berbeda." in html


def test_the_same_tie_twice_adds_an_account_instead_of_a_duplicate(tiny, member_client):
    r = quick(
        member_client,
        tiny.village,
        source="Sri",
        target="Pak Haji",
        attachment="loose",
        informant="Tono",
        account="Katanya sudah lunas sebagian.",
    )
    assert r.status_code == 302
    assert Tie.objects.filter(source=tiny.sri, target=tiny.haji, type__code="credit").count() == 1
    tiny.credit_sri.refresh_from_db()
    # The tie keeps what was recorded; the third account keeps what Tono said.
    assert tiny.credit_sri.attachment == "binding"
    assert tiny.credit_sri.evidence.count() == 3
    assert Evidence.objects.get(tie=tiny.credit_sri, informant=tiny.tono).reported == {
        "attachment": "loose"
    }


def test_undirected_tie_is_found_either_way(tiny, member_client):
    kin = TieType.objects.get(village__isnull=True, code="kinship")
    r = quick(
        member_client, tiny.village, type=str(kin.pk), source="Tono", target="Sri", informant="Wati"
    )
    assert r.status_code == 302
    assert Tie.objects.filter(type=kin, village=tiny.village).count() == 1


def test_form_prefills_from_the_actor_and_discussion(tiny, member_client):
    r = member_client.get(
        u("tie_new", tiny.village) + f"?source={tiny.sri.pk}&discussion={tiny.discussion.pk}"
    )
    form = r.context["form"]
    assert form.initial["source"] == "Sri [SRI]"
    assert form.initial["discussion"] == tiny.discussion.pk
    assert 'value="Sri [SRI]"' in r.content.decode()


def test_tie_page_shows_accounts_side_by_side(tiny, member_client):
    r = member_client.get(u("tie", tiny.village, tie=tiny.credit_sri.pk))
    rows = {row["name"]: row for row in r.context["rows"]}
    assert rows["attachment"]["values"] == ["Terikat", "Sedang"]
    assert rows["attachment"]["conflict"] and not rows["frequency"]["conflict"]
    assert r.context["conflicts"] == ["attachment"]


def test_add_an_account(tiny, member_client):
    r = member_client.post(
        u("evidence_new", tiny.village, tie=tiny.credit_tono.pk),
        {"informant_name": "Tetangga Tono", "attachment": "moderate", "reported_on": "2026-10-20"},
    )
    assert r.status_code == 302
    ev = tiny.credit_tono.evidence.get()
    assert ev.informant_name == "Tetangga Tono" and ev.reported == {"attachment": "moderate"}


def test_an_account_needs_a_source(tiny, member_client):
    r = member_client.post(u("evidence_new", tiny.village, tie=tiny.credit_tono.pk), {})
    assert r.status_code == 200 and "Sebutkan siapa" in r.content.decode()


def test_edit_tie_reconciles_attributes(tiny, member_client):
    r = member_client.post(
        u("tie_edit", tiny.village, tie=tiny.credit_sri.pk),
        {
            "type": tiny.credit_sri.type_id,
            "attachment": "moderate",
            "frequency": "weekly",
            "form": "credit",
        },
    )
    assert r.status_code == 302
    tiny.credit_sri.refresh_from_db()
    assert tiny.credit_sri.attachment == "moderate"
    # Accounts stay as given.
    assert sorted(e.reported["attachment"] for e in tiny.credit_sri.evidence.all()) == [
        "binding",
        "moderate",
    ]


def test_end_a_tie_keeps_it_as_past(tiny, member_client):
    r = member_client.post(
        u("tie_end", tiny.village, tie=tiny.credit_tono.pk),
        {"end_date": "2026-10-31", "note": "Sudah lunas"},
    )
    assert r.status_code == 302
    tiny.credit_tono.refresh_from_db()
    assert not tiny.credit_tono.is_current and tiny.credit_tono.end_date == dt.date(2026, 10, 31)
    assert "Sudah lunas" in tiny.credit_tono.note


def test_ending_before_the_start_is_refused(tiny, member_client):
    Tie.objects.filter(pk=tiny.credit_tono.pk).update(start_date=dt.date(2026, 6, 1))
    r = member_client.post(
        u("tie_end", tiny.village, tie=tiny.credit_tono.pk), {"end_date": "2026-01-01"}
    )
    assert r.status_code == 200 and "sebelum hubungan dimulai" in r.content.decode()
    tiny.credit_tono.refresh_from_db()
    assert tiny.credit_tono.is_current


def test_delete_tie_needs_confirmation(tiny, member_client):
    url = u("tie_delete", tiny.village, tie=tiny.credit_sri.pk)
    r = member_client.get(url)
    assert r.context["evidence_count"] == 2
    member_client.post(url, {})
    assert Tie.objects.filter(pk=tiny.credit_sri.pk).exists()
    r = member_client.post(url, {"confirm": "on"})
    assert r.status_code == 302 and not Tie.objects.filter(pk=tiny.credit_sri.pk).exists()


def test_ties_list_without_evidence(tiny, member_client):
    r = member_client.get(u("ties", tiny.village) + "?evidence=none")
    # Current ties without any account, by hand: Tono→Darmi credit, Sri–Tono kinship,
    # Wati→KUD membership (Wati→Darmi has none but is past).
    assert r.context["page"].paginator.count == 3


@pytest.mark.parametrize("name", ["tie_new", "tie_edit", "tie_end", "tie_delete", "evidence_new"])
def test_reader_gets_403_and_outsider_404(tiny, reader_client, outsider_client, name):
    kw = {} if name == "tie_new" else {"tie": tiny.credit_sri.pk}
    url = u(name, tiny.village, **kw)
    assert reader_client.post(url, {"source": "SRI"}).status_code == 403
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {}).status_code == 404


def test_tie_of_another_village_is_404(tiny, demo_village, member_client):
    other = Tie.objects.filter(village=demo_village).first()
    for name in ("tie", "tie_edit", "tie_end", "tie_delete"):
        assert member_client.get(u(name, tiny.village, tie=other.pk)).status_code == 404
