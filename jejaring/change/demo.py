"""A year of history for the demo village: monthly snapshots in which dependency loosens.

The history is *recorded*, not painted on: poor households free of any patron today that
borrowed from the moneylender Darsih a year ago get a past credit tie to her that ended in a
given month (``end_date``); poor households with two patrons today found the second one during
the year (its ``start_date`` falls in the year). The village *now* is unchanged, and each
monthly snapshot freezes the ties that were current on its day, analysed by the engine like
any snapshot. Engagement stages follow the recorded status changes. Three commitments in
different states come with their evidence.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.utils import timezone

from jejaring import vocab
from jejaring.actors.models import Actor, Tie, TieType
from jejaring.analysis.adapter import actor_rows, tie_type_table
from jejaring.analysis.models import Snapshot
from jejaring.analysis.snapshots import KEPT_MEASURES
from jejaring.change.models import ChangeSettings, Commitment, CommitmentEvent
from jejaring.villages.models import Village

MONTHS = 12
#: Households whose credit tie to the moneylender ended during the year.
LOOSENED = 24
#: Poor households that found a second provider during the year.
ALTERNATIVES = 18


def _tie_row(t: Tie) -> dict:
    weight = t.weight if t.weight is not None else (t.strength or 1)
    return {
        "id": str(t.pk),
        "source": str(t.source_id),
        "target": str(t.target_id),
        "type": t.type.code,
        "directed": t.directed,
        "dependency": t.type.is_dependency,
        "weight": float(weight),
        "strength": t.strength,
        "form": t.form,
        "frequency": t.frequency,
        "attachment": t.attachment,
        "exclusive": t.exclusive,
        "balance": t.balance,
        "terms_set_by": t.terms_set_by,
        "confidence": t.confidence,
    }


def _live_on(t: Tie, day: dt.date) -> bool:
    if t.start_date and t.start_date > day:
        return False
    if t.end_date and t.end_date <= day:
        return False
    return t.is_current or t.end_date is not None


def _statuses_on(village: Village, day: dt.date) -> dict[str, str]:
    from jejaring.engagement.models import StatusChange

    out: dict[str, str] = {}
    for actor_id, status in (
        StatusChange.objects.filter(actor__village=village, date__lte=day)
        .order_by("date", "created_at")
        .values_list("actor_id", "to_status")
    ):
        out[str(actor_id)] = status
    return out


def build_history(village: Village, today: dt.date, *, seed: int = 2024) -> list[Snapshot]:
    """Add the year of history to the (freshly built) demo village; returns the snapshots."""
    from jejaring.graph import analyze

    rng = random.Random(f"{seed}:change:{village.slug}")

    def uid() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    by_code = {a.code: a for a in Actor.objects.filter(village=village).exclude(code="")}
    lender = by_code.get("DARSIH")
    credit = TieType.objects.filter(village__isnull=True, code="credit").first()
    if lender is None or credit is None:
        return []
    current_dep = list(
        Tie.objects.filter(village=village, is_current=True, type__is_dependency=True)
        .order_by("start_date", "id")
        .values_list("id", "source_id", "target_id", "strength")
    )
    patrons_of: dict = {}
    for tie_id, c, p, strength in current_dep:
        patrons_of.setdefault(c, []).append((strength or 0, str(tie_id), p))
    poor = list(
        Actor.objects.filter(
            village=village, kind="household", welfare__in=sorted(vocab.POOR_WELFARE)
        ).order_by("code", "name")
    )
    # (a) Households free of any patron today that owed the moneylender a year ago: the
    # past loan ended in one of the last eleven months.
    free = [a for a in poor if a.pk not in patrons_of]
    chosen = rng.sample(free, min(LOOSENED, len(free)))
    new_ties = []
    for i, household in enumerate(chosen):
        ended = today - dt.timedelta(days=30 * (MONTHS - 1 - i % (MONTHS - 1)) - 5)
        new_ties.append(
            Tie(
                id=uid(),
                village=village,
                source=household,
                target=lender,
                type=credit,
                directed=credit.directed,
                form="credit",
                frequency="daily",
                attachment="binding",
                exclusive=True,
                balance="favours_patron",
                terms_set_by="patron",
                strength=4,
                start_date=today - dt.timedelta(days=400 + rng.randint(0, 900)),
                end_date=ended,
                is_current=False,
                confidence="high",
                note="Pinjaman bank titil, lunas / Loan paid off",
            )
        )
    Tie.objects.bulk_create(new_ties)
    # (b) Poor households with two or more patrons today found the lighter one during the
    # year: that tie's recorded start moves into the year (a new alternative).
    spread = [a for a in poor if len(patrons_of.get(a.pk, ())) >= 2]
    for i, household in enumerate(rng.sample(spread, min(ALTERNATIVES, len(spread)))):
        lighter = sorted(patrons_of[household.pk])[0]
        Tie.objects.filter(pk=lighter[1]).update(
            start_date=today - dt.timedelta(days=30 * (MONTHS - 1 - i % (MONTHS - 1)) - 10)
        )

    ties = list(Tie.objects.filter(village=village).select_related("type"))
    actors = actor_rows(village)
    types = tie_type_table(village)
    snaps = []
    # Taken at this time of day on the demo's own dates (its "today" may be fixed, e.g. in tests).
    now = timezone.now() - dt.timedelta(days=(timezone.localdate() - today).days)
    for m in range(MONTHS, 0, -1):
        day = today - dt.timedelta(days=30 * m)
        status = _statuses_on(village, day)
        rows_a = [{**a, "engagement": status.get(a["id"], "not_approached")} for a in actors]
        rows_t = [_tie_row(t) for t in ties if _live_on(t, day)]
        result = analyze(rows_a, rows_t, tie_types=types, recommend=False).to_dict()
        frozen = {
            a["id"]: {"name": a["name"], **{k: a.get(k) for k in KEPT_MEASURES}}
            for a in result["actors"]
        }
        snaps.append(
            Snapshot(
                village=village,
                name=f"Bulanan {day.isoformat()}",
                note="Riwayat desa contoh / Demo history",
                taken_at=now - dt.timedelta(days=30 * m),
                data_version=0,
                data={
                    "actors": rows_a,
                    "ties": rows_t,
                    "analysis": {"network": result["network"], "actors": frozen},
                },
            )
        )
    Snapshot.objects.bulk_create(snaps)
    ChangeSettings.objects.update_or_create(
        village=village, defaults={"every_days": 30, "at_meetings": True}
    )
    _commitments(village, by_code, today, uid)
    return snaps


def _commitments(village: Village, by_code: dict, today: dt.date, uid) -> None:
    from jejaring.engagement.models import Meeting

    meeting = Meeting.objects.filter(forum__village=village, state="held").order_by("date").first()
    plan = [
        # patron, kind, lever, text, made (days ago), [(days ago, status, note)], follow-up
        (
            "HAJI-SLAMET",
            "lower_interest",
            "fairer_credit_terms",
            "Bunga pinjaman untuk penggarapnya turun dari 10% menjadi 3% per bulan.",
            200,
            [
                (200, "agreed", "Disepakati di forum."),
                (90, "done", "Buku pinjaman dilihat bersama ketua kelompok tani."),
            ],
            None,
        ),
        (
            "TOKE",
            "fair_price",
            "fair_buying_price",
            "Harga gabah mengikuti harga di pasar kecamatan, diumumkan tiap musim.",
            150,
            [
                (150, "agreed", "Janji saat kunjungan."),
                (40, "broken", "Panen terakhir harga tetap di bawah pasar."),
            ],
            None,
        ),
        (
            "PEMASOK-BAMBU",
            "forum_support",
            "join_forum_as_sponsor",
            "Meminjamkan pendopo untuk pertemuan forum.",
            20,
            [(20, "agreed", "Bersedia, menunggu jadwal forum berikutnya.")],
            today + dt.timedelta(days=5),
        ),
    ]
    for code, kind, lever, text, made, events, follow in plan:
        patron = by_code.get(code)
        if patron is None:
            continue
        c = Commitment.objects.create(
            id=uid(),
            village=village,
            patron=patron,
            kind=kind,
            lever=lever,
            text=text,
            meeting=meeting if code == "HAJI-SLAMET" else None,
            made_on=today - dt.timedelta(days=made),
            status=events[-1][1],
            follow_up=follow,
        )
        CommitmentEvent.objects.bulk_create(
            [
                CommitmentEvent(
                    id=uid(),
                    commitment=c,
                    date=today - dt.timedelta(days=ago),
                    status=status,
                    note=note,
                    recorded_by_name="Pendamping desa",
                )
                for ago, status, note in events
            ]
        )
