"""Awareness circles of the demo village: the engine's first proposals adopted, each with a
session held and one planned, and some members' progress."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.utils import translation

from jejaring.actors.models import Actor
from jejaring.awareness.models import Circle, CircleMember, MemberProgress, Session, Topic
from jejaring.awareness.queries import DEFAULT_TOPICS, decorate, engine_input
from jejaring.graph.circles import propose_circles
from jejaring.villages.models import Village

SAID = (
    "Beberapa anggota baru tahu bahwa bunga yang mereka bayar dengan gabah lebih dari 10% "
    "sebulan. Ada yang takut pinjaman dihentikan kalau bertanya."
)
DECIDED = "Mencatat bersama harga dan bunga yang diterima masing-masing sebelum pertemuan berikut."
FOLLOW_UP = "Fasilitator membawa contoh syarat pinjaman KUD dan kelompok simpan pinjam."


def build_circles(village: Village, *, today: dt.date, uid: Callable[[], uuid.UUID]) -> None:
    """Adopt up to three proposals (the first patron circles and the first form circle)."""
    topics = [
        Topic(id=uid(), village=village, name=name, order=i)
        for i, name in enumerate(DEFAULT_TOPICS)
    ]
    Topic.objects.bulk_create(topics)
    data = engine_input(village, with_analysis=False)
    proposals = propose_circles(data["actors"], data["ties"], forums=data["forums"])
    chosen = [c for c in proposals if c["basis"] == "patron"][:2]
    chosen += [c for c in proposals if c["basis"] == "form"][:1]
    names = {a: info["name"] for a, info in data["actors"].items()}
    actors = {str(a.pk): a for a in Actor.objects.filter(village=village)}
    for n, c in enumerate(chosen):
        with translation.override("id"):  # the demo village speaks Indonesian
            decorate(c, names, names)
        circle = Circle.objects.create(
            id=uid(),
            village=village,
            name=c["title"][:200],
            basis=c["basis"],
            patron=actors.get(c["patron"]) if c["patron"] else None,
            form=c["form"],
            hamlet=c["hamlet"],
            origin=Circle.Origin.PROPOSAL,
            proposal_key=c["key"],
        )
        members = [actors[m["actor"]] for m in c["members"]][:12]
        CircleMember.objects.bulk_create(
            [
                CircleMember(
                    id=uid(), circle=circle, actor=a, added_at=today - dt.timedelta(days=60)
                )
                for a in members
            ]
        )
        venue = (
            actors.get(c["venues"][0]["id"])
            if c["venues"] and c["venues"][0]["kind"] == "group"
            else None
        )
        held = Session.objects.create(
            id=uid(),
            circle=circle,
            date=today - dt.timedelta(days=30 - n),
            venue="" if venue else "Rumah salah satu anggota",
            venue_actor=venue,
            held=True,
            said=SAID,
            decisions=DECIDED,
            follow_up=FOLLOW_UP,
        )
        held.topics.set(topics[:1] if c["form"] != "land" else topics[2:3])
        held.attendees.set(members[: max(2, len(members) * 2 // 3)])
        planned = Session.objects.create(
            id=uid(),
            circle=circle,
            date=today + dt.timedelta(days=14 + n),
            venue="" if venue else "Rumah salah satu anggota",
            venue_actor=venue,
        )
        planned.topics.set(topics[3:4])
        progress = []
        for k, a in enumerate(members[:4]):
            progress.append(
                MemberProgress(
                    id=uid(),
                    circle=circle,
                    actor=a,
                    kind=MemberProgress.Kind.AWARE_OF_TERMS,
                    date=today - dt.timedelta(days=29 - n),
                    note="Menghitung sendiri bunga sebenarnya." if k == 0 else "",
                )
            )
        if members:
            progress.append(
                MemberProgress(
                    id=uid(),
                    circle=circle,
                    actor=members[0],
                    kind=MemberProgress.Kind.JOINED_ALTERNATIVE,
                    date=today - dt.timedelta(days=10),
                    note="Ikut kelompok simpan pinjam.",
                )
            )
        MemberProgress.objects.bulk_create(progress)
