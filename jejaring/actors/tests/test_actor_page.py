"""The actor page: profile, assessments over time, ties by type with evidence, ego network,
discussions, measures and roles in plain words."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(client, actor):
    return client.get(
        reverse("actors:actor", kwargs={"village": actor.village.slug, "actor": actor.pk})
    )


def test_assessments_over_time_newest_first(tiny, member_client):
    r = page(member_client, tiny.haji)
    rows = r.context["assessments"]
    assert [(a.rater_name, a.influence, a.stance) for a in rows] == [("B", 5, 1), ("A", 4, -1)]
    assert r.context["latest"]["influence"] == 5 and r.context["latest"]["stance"] == 1


def test_ties_grouped_by_type_in_and_out(tiny, member_client):
    r = page(member_client, tiny.tono)
    groups = {g.type.code: g for g in r.context["tie_groups"]}
    # Tono: land and credit out (to Pak Haji, Bu Darmi), kinship with Sri (undirected).
    assert set(groups) == {"land", "credit", "kinship"}
    assert [t.target.name for t in groups["credit"].outgoing] == ["Bu Darmi"]
    assert [t.other.name for t in groups["kinship"].outgoing] == ["Sri"]
    r = page(member_client, tiny.haji)
    groups = {g.type.code: g for g in r.context["tie_groups"]}
    assert [t.source.name for t in groups["credit"].incoming] == ["Sri"]
    assert groups["credit"].outgoing == []


def test_past_ties_are_shown_as_past(tiny, member_client):
    html = page(member_client, tiny.darmi).content.decode()
    assert 'class="tie is-past"' in html and "1 Mar 2026" in html


def test_evidence_and_disagreement_are_shown(tiny, member_client):
    r = page(member_client, tiny.sri)
    credit = next(g for g in r.context["tie_groups"] if g.type.code == "credit").outgoing[0]
    assert credit.accounts == ["attachment"]
    html = r.content.decode()
    assert "Wati" in html  # the second informant


def test_discussions_they_took_part_in(tiny, member_client):
    r = page(member_client, tiny.sri)
    assert [d.pk for d in r.context["discussions"]] == [tiny.discussion.pk]
    # Wati gave an account outside any discussion: no discussion listed.
    assert page(member_client, tiny.wati).context["discussions"] == []


def test_ego_network_draws_every_neighbour(tiny, member_client):
    r = page(member_client, tiny.tono)
    ego = r.context["ego"]
    assert sorted(n.name for n in ego["nodes"]) == ["Bu Darmi", "Pak Haji", "Sri", "Tono"]
    assert len(ego["edges"]) == 3
    assert "<svg" in r.content.decode()


def test_roles_are_explained_in_indonesian(tiny, member_client):
    html = page(member_client, tiny.sri).content.decode()
    # Sri is a captive client of Pak Haji for credit (the tie is exclusive).
    assert "Tanpa pilihan selain Pak Haji untuk pinjaman uang" in html


def test_actor_page_queries_do_not_grow_with_ties(
    demo_village, member_client, django_assert_max_num_queries
):
    from jejaring.actors.models import Actor

    patron = Actor.objects.get(village=demo_village, code="HAJI-SLAMET")
    page(member_client, patron)
    # Session, user, membership, the actor (2) and its fields, assessments, tie types, the ties
    # in brief, the listed ties and their evidence, discussions (4), facts, the analysis (2),
    # the ego picture (2), names in the role sentences: a fixed number however many ties.
    with django_assert_max_num_queries(22):
        r = page(member_client, patron)
    assert r.context["tie_count"] > 20


def test_actor_of_another_village_is_404(tiny, demo_village, member_client):
    from jejaring.actors.models import Actor

    other = Actor.objects.filter(village=demo_village).first()
    r = member_client.get(
        reverse("actors:actor", kwargs={"village": tiny.village.slug, "actor": other.pk})
    )
    assert r.status_code == 404


def test_reader_sees_the_page_without_edit_buttons(tiny, reader_client):
    r = page(reader_client, tiny.haji)
    html = r.content.decode()
    assert r.status_code == 200
    assert (
        reverse("actors:edit", kwargs={"village": tiny.village.slug, "actor": tiny.haji.pk})
        not in html
    )


def test_outsider_gets_404(tiny, outsider_client):
    assert page(outsider_client, tiny.haji).status_code == 404


def test_map_side_panel(tiny, member_client, outsider_client):
    url = reverse("actors:panel", kwargs={"village": tiny.village.slug, "actor": tiny.tono.pk})
    r = member_client.get(url)
    assert r.status_code == 200 and "<html" not in r.content.decode()
    # Current ties of Tono, counted by hand: land, credit, kinship.
    assert r.context["tie_count"] == 3
    assert outsider_client.get(url).status_code == 404
