"""Sync scenarios between a server and two laptops in one process (each its own SQLite file,
as in convergence.py), run one per fresh process by test_scenarios.py:
``python -m jejaring.sync.tests.scenarios NAME``.

Each scenario builds a village on laptop one, syncs it to the server and laptop two, makes
edits on several sides, syncs (online through the functions the HTTP API calls, or through
bundle files) and checks what every side holds: what was applied, what became a conflict,
that nothing was lost without one.
"""

from __future__ import annotations

import json
import sys

from jejaring.sync.tests.convergence import do_sync, prepare, reset, snapshot, use


def _bootstrap():
    from jejaring.actors.models import Actor, Tie, TieType
    from jejaring.villages.models import Village

    reset()
    use("one")
    village = Village.objects.create(slug="desa", name="Desa", description="awal")
    kind = TieType.objects.filter(village__isnull=True).first()
    actors = [
        Actor.objects.create(village=village, code=f"A{i}", name=f"A{i}", notes=f"n{i}")
        for i in range(4)
    ]
    Tie.objects.create(village=village, source=actors[0], target=actors[1], type=kind, note="t01")
    Tie.objects.create(village=village, source=actors[2], target=actors[0], type=kind, note="t20")
    Tie.objects.create(village=village, source=actors[2], target=actors[3], type=kind, note="t23")
    do_sync("one")
    do_sync("two")
    assert snapshot("one") == snapshot("server") == snapshot("two")
    return {a.code: str(a.pk) for a in actors}


def _village():
    from jejaring.villages.models import Village

    return Village.objects.get(slug="desa")


def _new_tie(source: str, target: str, note: str) -> str:
    from jejaring.actors.models import Tie, TieType

    kind = TieType.objects.filter(village__isnull=True).first()
    return str(
        Tie.objects.create(
            village=_village(), source_id=source, target_id=target, type=kind, note=note
        ).pk
    )


def _open(name: str) -> dict[str, tuple]:
    """``{record id: (model, local, remote)}`` of the open conflicts on ``name``."""
    from jejaring.sync.models import Conflict

    use(name)
    return {
        str(c.record_id): (c.model, c.local, c.remote)
        for c in Conflict.objects.filter(resolved_at__isnull=True)
    }


def _exists(name: str, model, pk: str) -> bool:
    use(name)
    return model.objects.filter(pk=pk).exists()


def _bundle(src: str, dst: str, **kwargs) -> dict:
    from jejaring.sync.client import read_bundle, write_bundle

    use(src)
    doc = json.loads(json.dumps(write_bundle(_village(), **kwargs)))
    use(dst)
    return read_bundle(doc)[1]


def _resolve_all(name: str, choice: str) -> None:
    from jejaring.sync import services as S

    use(name)
    for c in S.open_conflicts_in_order(
        _village()
    ):  # referenced records first, as the page lists them
        c.refresh_from_db()
        if c.resolved_at is None:
            S.resolve(c, choice)


# --------------------------------------------------------------------------- scenarios


def pull_deletion_keeps_a_tie_added_here() -> None:
    """The server deletes an actor; laptop one added a tie to it meanwhile: the deletion is
    not applied on the laptop (a conflict, listed on both sides after the next sync); the
    ties the laptop knew and did not change go with the actor as before."""
    from jejaring.actors.models import Actor, Tie

    ids = _bootstrap()
    use("server")
    known = str(Tie.objects.get(note="t01").pk)
    Actor.objects.get(pk=ids["A0"]).delete()
    use("one")
    mine = _new_tie(ids["A0"], ids["A3"], "baru-di-laptop")
    do_sync("one")
    assert _exists("one", Actor, ids["A0"]), "the deletion was applied over a new tie"
    assert _exists("one", Tie, mine)
    assert not _exists("one", Tie, known), "a tie the laptop knew, unchanged, goes as before"
    on_one = _open("one")
    assert on_one[ids["A0"]][1]["name"] == "A0" and on_one[ids["A0"]][2] is None
    assert mine in on_one  # refused by the server: the actor is gone there
    do_sync("one")
    on_server = _open("server")
    assert ids["A0"] in on_server and on_server[ids["A0"]][2]["name"] == "A0"
    assert on_server[ids["A0"]][1] is None  # the server's version: deleted
    # Take the deletion on the laptop: the actor and the tie go; everything converges.
    _resolve_all("one", "remote")
    do_sync("one")
    do_sync("two")
    assert not _open("one") and not _open("server") and not _open("two")
    assert snapshot("one") == snapshot("server") == snapshot("two")
    assert not _exists("server", Actor, ids["A0"])


def pull_deletion_keeps_an_edit_of_a_dependent() -> None:
    """The server deletes an actor; laptop one edited one of its ties: a conflict for the tie
    and for the actor; keeping the laptop's version brings both back to the server."""
    from jejaring.actors.models import Actor, Tie

    ids = _bootstrap()
    use("one")
    tie = Tie.objects.get(note="t20")
    tie.note = "diubah-di-laptop"
    tie.save()
    use("server")
    Actor.objects.get(pk=ids["A0"]).delete()
    do_sync("one")
    do_sync("one")
    on_one, on_server = _open("one"), _open("server")
    assert {ids["A0"], str(tie.pk)} <= set(on_one)
    assert {ids["A0"], str(tie.pk)} <= set(on_server)
    assert _exists("one", Tie, str(tie.pk)) and _exists("one", Actor, ids["A0"])
    _resolve_all("one", "local")
    for _ in range(2):
        do_sync("one")
        do_sync("two")
    assert not _open("one") and not _open("server") and not _open("two")
    use("server")
    assert Tie.objects.get(pk=tie.pk).note == "diubah-di-laptop"
    assert snapshot("one") == snapshot("server") == snapshot("two")


def push_deletion_keeps_a_tie_added_on_the_server() -> None:
    """Laptop one deletes an actor; laptop two added a tie to it, already on the server: the
    server does not apply the deletion (a conflict on the server and on laptop one), the new
    tie stays; ties laptop one knew go."""
    from jejaring.actors.models import Actor, Tie

    ids = _bootstrap()
    use("two")
    theirs = _new_tie(ids["A1"], ids["A0"], "baru-dari-dua")
    do_sync("two")
    use("one")
    known = str(Tie.objects.get(note="t01").pk)
    Actor.objects.get(pk=ids["A0"]).delete()
    do_sync("one")
    assert _exists("server", Actor, ids["A0"]) and _exists("server", Tie, theirs)
    assert not _exists("server", Tie, known)
    on_server, on_one = _open("server"), _open("one")
    assert on_server[ids["A0"]][2] is None and on_server[ids["A0"]][1]["name"] == "A0"
    assert on_one[ids["A0"]][1] is None and on_one[ids["A0"]][2]["name"] == "A0"
    # Laptop one takes the server's version back (the actor and the new tie).
    _resolve_all("one", "remote")
    _resolve_all("one", "remote")
    for _ in range(2):
        do_sync("one")
        do_sync("two")
    assert not _open("one") and not _open("server") and not _open("two")
    assert _exists("one", Actor, ids["A0"]) and _exists("one", Tie, theirs)
    assert snapshot("one") == snapshot("server") == snapshot("two")


def push_deletion_of_known_records_goes_through() -> None:
    """Nothing changed elsewhere: deleting an actor takes its ties along everywhere, no
    conflict (as before)."""
    from jejaring.actors.models import Actor, Tie

    ids = _bootstrap()
    use("one")
    Actor.objects.get(pk=ids["A2"]).delete()
    do_sync("one")
    do_sync("two")
    assert not _open("one") and not _open("server") and not _open("two")
    for name in ("server", "two"):
        assert not _exists(name, Actor, ids["A2"])
        use(name)
        assert not Tie.objects.filter(note__in=["t20", "t23"]).exists()
    assert snapshot("one") == snapshot("server") == snapshot("two")


def bundles_keep_deletions_over_new_ties() -> None:
    """Through files both ways: the server refuses a laptop's deletion of an actor that has a
    tie the laptop never saw; the laptop refuses the server's deletion of an actor it added a
    tie to. Each file applied twice changes nothing more."""
    from jejaring.actors.models import Actor, Tie

    ids = _bootstrap()
    use("two")
    theirs = _new_tie(ids["A1"], ids["A0"], "baru-dari-dua")
    do_sync("two")
    use("one")
    Actor.objects.get(pk=ids["A0"]).delete()
    summary = _bundle("one", "server")
    assert summary["conflicts"] == 1, summary
    assert _exists("server", Actor, ids["A0"]) and ids["A0"] in _open("server")
    again = _bundle("one", "server")
    assert again["received"] == 0 and len(_open("server")) == 1
    assert _exists("server", Tie, theirs)
    # The server's file brings the conflict to laptop one (listed there too, once).
    _bundle("server", "one")
    on_one = _open("one")
    assert on_one[ids["A0"]][1] is None and on_one[ids["A0"]][2]["name"] == "A0"
    _bundle("server", "one")
    use("one")
    from jejaring.sync.models import Conflict

    assert Conflict.objects.filter(record_id=ids["A0"]).count() == 1
    # Settled on laptop one (the server's actor and the new tie back), sent by file.
    _resolve_all("one", "remote")
    _bundle("one", "server")
    assert not _open("server") and not _open("one")
    assert _exists("one", Actor, ids["A0"]) and _exists("one", Tie, theirs)
    # The other way: the server deletes A3, laptop two added a tie to it.
    use("server")
    Actor.objects.get(pk=ids["A3"]).delete()
    use("two")
    mine = _new_tie(ids["A3"], ids["A1"], "baru-di-dua")
    summary = _bundle("server", "two")
    assert summary["conflicts"] >= 1, summary
    assert _exists("two", Actor, ids["A3"]) and _exists("two", Tie, mine)
    assert ids["A3"] in _open("two")
    assert _bundle("server", "two")["received"] == 0


def deletion_keeps_a_participant_added_here() -> None:
    """A discussion's participants are a list: the server deletes an actor that laptop two
    added to a discussion meanwhile; the server's file does not delete it there."""
    import datetime as dt

    from jejaring.actors.models import Actor, Discussion

    ids = _bootstrap()
    use("one")
    d = Discussion.objects.create(village=_village(), date=dt.date(2026, 1, 5), title="rapat")
    d.participants.add(ids["A1"])
    do_sync("one")
    do_sync("two")
    for laptop in ("one", "two"):
        do_sync(laptop)
    use("two")
    Discussion.objects.get(pk=d.pk).participants.add(ids["A3"])
    use("server")
    Actor.objects.get(pk=ids["A3"]).delete()
    summary = _bundle("server", "two")
    assert summary["conflicts"] == 1, summary
    assert _exists("two", Actor, ids["A3"]) and ids["A3"] in _open("two")
    use("two")
    assert set(
        map(str, Discussion.objects.get(pk=d.pk).participants.values_list("pk", flat=True))
    ) == {
        ids["A1"],
        ids["A3"],
    }


def taking_a_tie_whose_actor_is_deleted_here_is_explained() -> None:
    """On the server, the deletion of an actor was kept; taking laptop one's new tie to it is
    refused with a sentence that names the actor (not the import's row-and-column message),
    the conflict stays open, and keeping the server's version settles it everywhere: on the
    laptop too, which had received the deletion already and closes its conflicts when the
    server's decision arrives."""
    from django.utils import translation

    from jejaring.actors.models import Actor
    from jejaring.sync import services as S

    ids = _bootstrap()
    use("server")
    Actor.objects.get(pk=ids["A0"]).delete()
    use("one")
    mine = _new_tie(ids["A0"], ids["A3"], "baru-di-laptop")
    do_sync("one")
    do_sync("one")
    use("server")
    conflicts = {str(c.record_id): c for c in S.open_conflicts_in_order(_village())}
    assert set(conflicts) == {ids["A0"], mine}
    S.resolve(conflicts[ids["A0"]], "local")  # the deletion stays
    tie = conflicts[mine]
    tie.refresh_from_db()
    for lang, words in (("en", "deleted here"), ("id", "sudah dihapus di sini")):
        with translation.override(lang):
            try:
                S.resolve(tie, "remote")
            except ValueError as exc:
                text = str(exc)
            else:
                raise AssertionError("a tie to a deleted actor was written")
        assert "“A0”" in text and words in text, text
        assert "baris" not in text and "row" not in text and ids["A0"] not in text, text
    assert mine in _open("server"), "the refused choice closed the conflict"
    use("server")
    S.resolve(tie, "local")
    for _ in range(2):
        do_sync("one")
        do_sync("two")
    assert not _open("one") and not _open("server") and not _open("two")
    assert snapshot("one") == snapshot("server") == snapshot("two")
    assert not _exists("one", Actor, ids["A0"])


def village_fields_travel() -> None:
    """The village's name, goal and area travel as edits; both sides changing the
    description is a conflict resolved field by field; the short name and memberships stay
    each installation's own."""
    from django.contrib.auth import get_user_model

    from jejaring.sync import services as S
    from jejaring.sync.models import Conflict
    from jejaring.villages.models import Membership

    _bootstrap()
    use("one")
    v = _village()
    v.name = "Desa Baru"
    v.program_goal = "Tujuan dari laptop"
    v.save()
    do_sync("one")
    do_sync("two")
    for name in ("server", "two"):
        use(name)
        v = _village()
        assert (v.name, v.program_goal) == ("Desa Baru", "Tujuan dari laptop"), name
    # Both sides change the description: a conflict; merged field by field.
    use("server")
    user = get_user_model().objects.create(username="admin-server")
    Membership.objects.create(user=user, village=_village(), role="admin")
    v = _village()
    v.description = "dari server"
    v.name = "Desa Server"
    v.save()
    use("two")
    v = _village()
    v.description = "dari laptop dua"
    v.slug = "desa"  # unchanged; the short name never travels
    v.save()
    do_sync("two")
    on_two = _open("two")
    assert str(v.pk) in on_two, on_two
    use("two")
    c = Conflict.objects.get(record_id=v.pk, resolved_at=None)
    assert c.model == "villages.village"
    S.resolve(c, "merge", fields={"name": "remote", "description": "local"})
    do_sync("two")
    do_sync("one")
    for name in ("server", "one", "two"):
        use(name)
        v = _village()
        assert (v.name, v.description) == ("Desa Server", "dari laptop dua"), name
    assert not _open("server") and not _open("two")
    use("two")
    assert not Membership.objects.filter(user__username="admin-server").exists()
    # A peer cannot move the village's short name nor write another village's fields, nor
    # delete the village.
    import uuid

    from jejaring.sync.records import village_record

    use("server")
    v = _village()
    row = {**village_record(v), "slug": "dicuri", "name": "Nama dari luar"}
    peer = uuid.uuid4()
    S.apply_items(
        v,
        [
            {"model": "villages.village", "id": str(v.pk), "data": row},
            {"model": "villages.village", "id": str(uuid.uuid4()), "data": row},
            {"model": "villages.village", "id": str(v.pk), "data": None},
        ],
        peer=peer,
        downstream=False,
    )
    v = _village()
    assert v.slug == "desa" and v.name == "Desa Server"  # a conflict at most, never applied
    assert Conflict.objects.filter(record_id=v.pk, resolved_at=None).count() == 1


def server_bundle_holds_only_changes() -> None:
    """After laptop one synced, the server's file holds only what changed since; applied
    twice it changes nothing; a new installation is refused a file of changes only but takes
    a whole one (``since=0``)."""
    from jejaring.actors.models import Actor
    from jejaring.sync.client import SyncError, read_bundle, write_bundle

    ids = _bootstrap()
    for laptop in ("one", "two"):
        do_sync(laptop)  # the next contact tells the server how far each laptop applied
    use("server")
    a = Actor.objects.get(pk=ids["A1"])
    a.notes = "lewat berkas server"
    a.save()
    doc = json.loads(json.dumps(write_bundle(_village())))
    assert [i["id"] for i in doc["items"]] == [ids["A1"]], doc["items"]
    use("one")
    assert read_bundle(doc)[1]["received"] == 1
    assert read_bundle(doc)[1]["received"] == 0
    assert Actor.objects.get(pk=ids["A1"]).notes == "lewat berkas server"
    # Laptop one's own file tells the server how far it got: the next file is empty.
    use("one")
    doc_one = json.loads(json.dumps(write_bundle(_village())))
    use("server")
    read_bundle(doc_one)
    do_sync("two")  # laptop two, online, receives the change…
    do_sync("two")  # …and acknowledges it at its next contact
    use("server")
    assert json.loads(json.dumps(write_bundle(_village())))["items"] == []
    # A laptop without the village: a file of changes is refused, a whole one accepted.
    a = Actor.objects.get(pk=ids["A2"])
    a.notes = "lagi"
    a.save()
    partial = json.loads(json.dumps(write_bundle(_village())))
    whole = json.loads(json.dumps(write_bundle(_village(), since=0)))
    assert len(partial["items"]) == 1 and len(whole["items"]) > 5
    reset_laptop = "two"
    use(reset_laptop)
    from jejaring.villages.models import Village

    Village.objects.all().delete()
    try:
        read_bundle(partial)
    except SyncError:
        pass
    else:
        raise AssertionError("a file of changes only created a village")
    read_bundle(whole)
    assert snapshot("two") == snapshot("server")


SCENARIOS = {
    f.__name__: f
    for f in (
        pull_deletion_keeps_a_tie_added_here,
        pull_deletion_keeps_an_edit_of_a_dependent,
        push_deletion_keeps_a_tie_added_on_the_server,
        push_deletion_of_known_records_goes_through,
        bundles_keep_deletions_over_new_ties,
        deletion_keeps_a_participant_added_here,
        taking_a_tie_whose_actor_is_deleted_here_is_explained,
        village_fields_travel,
        server_bundle_holds_only_changes,
    )
}


if __name__ == "__main__":
    prepare()
    for name in sys.argv[1:] or list(SCENARIOS):
        SCENARIOS[name]()
        print("ok", name, flush=True)
    sys.exit(0)
