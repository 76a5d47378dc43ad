"""The supervisor's roll-up: each village's row stored, computed by the background workers.

A kabupaten's supervisor follows hundreds of villages. Computing every village's analysis,
dependency figures, forum coverage and trend inside the page took seconds per village, so the
row (:func:`jejaring.reports.queries.village_overview`) is stored in
:class:`~jejaring.reports.models.VillageRollup` with the point of the village's history it was
computed at: the data version and the last entry of the change log (every write to the
village's records, bulk writes included). The page reads the stored rows in a few queries;
rows behind their village are recomputed — by the workers when a broker is configured (the page
shows the stored row meanwhile, marked as being updated), in the request on a laptop (no
broker, a handful of villages: as before).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import BigIntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from jejaring.jobs import runner
from jejaring.jobs.models import Job
from jejaring.reports.models import VillageRollup
from jejaring.villages.models import Area, Village

KIND = "reports.rollup"

#: Figures added up per kecamatan (the others are shares: averaged over the villages).
SUMS = ("actors", "ties", "poor_households", "captive_poor", "poor_clients")
SHARES = ("approached_share", "forum_coverage")


def _last_change():
    from jejaring.sync.models import Change

    return Coalesce(
        Subquery(
            Change.objects.filter(village_id=OuterRef("pk")).order_by("-id").values("id")[:1],
            output_field=BigIntegerField(),
        ),
        Value(0),
    )


def _with_position(villages) -> list[Village]:
    return list(
        villages.select_related("area__parent", "rollup").annotate(change_seq=_last_change())
    )


def _fresh(village: Village) -> bool:
    stored = getattr(village, "rollup", None)
    return (
        stored is not None
        and stored.data_version == village.data_version
        and stored.change_seq == village.change_seq
    )


def refresh(village: Village) -> VillageRollup:
    """Compute ``village``'s row now and store it with the history point it was read at (read
    first: a change made while computing leaves the row behind, so it is computed again)."""
    from jejaring.reports.queries import village_overview

    (current,) = _with_position(Village.objects.filter(pk=village.pk))
    row = village_overview(current)
    stored = {k: v for k, v in row.items() if k not in ("village", "trend") and _plain(v)}
    rollup, _created = VillageRollup.objects.update_or_create(
        village=current,
        defaults={
            "data_version": current.data_version,
            "change_seq": current.change_seq,
            "computed_at": timezone.now(),
            "row": stored,
        },
    )
    return rollup


def _plain(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | list | dict) or value is None


@runner.task(KIND)
def refresh_job(job: Job, progress) -> dict:
    """The roll-up row of the job's village, computed on a worker."""
    rollup = refresh(Village.objects.get(pk=job.village_id))
    return {"data_version": rollup.data_version, "change_seq": rollup.change_seq}


def _queue(stale: Iterable[Village]) -> None:
    """A recompute for each village behind, unless one is waiting or running already."""
    stale = list(stale)
    pending = set(
        Job.objects.filter(
            kind=KIND,
            state__in=[Job.State.QUEUED, Job.State.RUNNING],
            village__in=[v.pk for v in stale],
        ).values_list("village_id", flat=True)
    )
    runner.submit_each(KIND, [v for v in stale if v.pk not in pending], dedupe=KIND + ":{village}")


def kecamatan(area: Area | None) -> Area | None:
    """The sub-district of a village's area (the area itself when it is one)."""
    while area is not None and area.level > Area.Level.DISTRICT:
        area = area.parent
    return area if area is not None and area.level == Area.Level.DISTRICT else None


def rows_for(user) -> list[dict[str, Any]]:
    """The supervisor's rows for the villages ``user`` is a member of, sorted by sub-district
    and name. ``state``: ``"ok"``, ``"updating"`` (stored row shown, a newer one on its way)
    or ``"computing"`` (nothing stored yet)."""
    from jejaring.change.charts import trend_of
    from jejaring.villages.queries import for_user

    villages = _with_position(for_user(user))
    stale = [v for v in villages if not _fresh(v)]
    if stale and runner.broker_url():
        _queue(stale)
    else:  # a laptop: no workers to hand the work to, and only a few villages
        for village in stale:
            village.rollup = refresh(village)
        stale = []
    behind = {v.pk for v in stale}
    rows = []
    for village in villages:
        stored = getattr(village, "rollup", None)
        row: dict[str, Any] = {"slug": village.slug, "name": village.name, "actors": None}
        if stored is not None:
            row.update(stored.row)
            if stored.row.get("trend_values"):
                row["trend"] = trend_of(stored.row["trend_values"])
            row["computed_at"] = stored.computed_at
        row["slug"], row["name"], row["village"] = village.slug, village.name, village
        row["state"] = (
            "computing" if stored is None else "updating" if village.pk in behind else "ok"
        )
        row["kecamatan"] = kecamatan(village.area)
        rows.append(row)
    rows.sort(key=lambda r: (r["kecamatan"] is None, str(r["kecamatan"] or ""), r["name"]))
    return rows


def by_kecamatan(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (sorted as :func:`rows_for` sorts them) in groups by sub-district, each with
    its totals: counts added up, shares averaged over the villages that have them."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        area = row.get("kecamatan")
        if not groups or groups[-1]["area"] != area:
            groups.append(
                {
                    "area": area,
                    "name": area.name if area else _("No sub-district recorded"),
                    "rows": [],
                }
            )
        groups[-1]["rows"].append(row)
    for group in groups:
        known = [r for r in group["rows"] if r["state"] != "computing"]
        totals: dict[str, Any] = {"villages": len(group["rows"])}
        for key in SUMS:
            totals[key] = sum(r.get(key) or 0 for r in known)
        for key in SHARES:
            values = [r[key] for r in known if r.get(key) is not None]
            totals[key] = sum(values) / len(values) if values else None
        group["totals"] = totals
    return groups
