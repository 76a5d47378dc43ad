"""The analysis engine for the web app: a village's network and its measures, cached.

Results are kept in :class:`AnalysisCache` under the village's ``data_version``, so a page pays
for the engine only after the network changed; a small in-process cache spares the JSON decode
on repeated requests.

Saving an actor or a tie only moves the data version (:mod:`jejaring.analysis.signals`); it never
waits for the engine. The page shown after the save (``allow_stale=True``) gets the last stored
result at once, marked ``"stale": True``, while a background job (jejaring.jobs: a Celery worker, or
this process's thread pool) recomputes it; the next page
has the fresh one. Reports, snapshots and the API always wait for the current result. Setting
``JEJARING_ANALYSIS_IN_BACKGROUND = False`` (the test suite) computes in the request instead.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from django.db import IntegrityError, transaction

from jejaring.analysis.adapter import actor_rows, tie_rows, tie_type_table
from jejaring.analysis.models import AnalysisCache
from jejaring.villages.models import Village

_memory: OrderedDict[tuple, dict] = OrderedDict()
_memory_lock = threading.Lock()
#: How much this process keeps decoded, counted in actors (a 5,000-actor result weighs a
#: hundred small ones): enough for the villages a district server's web process answers in
#: turn, so a page does not decode its village's analysis again (~20 ms of a 50 ms page).
_MEMORY_ACTORS = 60_000


def _weight(result: dict) -> int:
    return len(result.get("actors") or ()) + 1


def _remember(memo_key: tuple, result: dict) -> None:
    """Keep ``result`` decoded, dropping the least recently used past the budget."""
    with _memory_lock:
        _memory[memo_key] = result
        _memory.move_to_end(memo_key)
        total = sum(_weight(r) for r in _memory.values())
        while len(_memory) > 1 and total > _MEMORY_ACTORS:
            _key, dropped = _memory.popitem(last=False)
            total -= _weight(dropped)


def village_network(village: Village, *, current_only: bool = True):
    """The village as an engine :class:`~jejaring.graph.network.Network` (current ties)."""
    from jejaring.graph.network import Network

    return Network.from_records(
        actor_rows(village),
        tie_rows(village, current_only=current_only),
        tie_types=tie_type_table(village),
    )


def _options_key(options: dict[str, Any]) -> str:
    blob = json.dumps(options, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def compute_analysis(village: Village, **options: Any) -> dict:
    """Run the engine on the village now (no cache). Returns the engine's JSON dict."""
    from jejaring.graph import analyze

    result = analyze(
        actor_rows(village),
        tie_rows(village),
        tie_types=tie_type_table(village),
        # The web pages compute recommendations fresh (they depend on engagement records,
        # which do not change the network's data version).
        recommend=False,
        **options,
    )
    return result.to_dict()


def background_enabled() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "JEJARING_ANALYSIS_IN_BACKGROUND", True))


def refresh_cached(village_pk, key: str, options: dict[str, Any]) -> int:
    """Recompute one cached analysis for the village's current data version (the job
    ``analysis.refresh``, on a worker or in this process's thread pool); returns the version."""
    village = Village.objects.get(pk=village_pk)
    version = village.data_version
    result = compute_analysis(village, **{k: v for k, v in options.items() if v is not None})
    _store(village, key, version, result)
    _remember((village_pk, version, key), result)  # the next page of this process is quick
    return version


def request_refresh(village: Village, key: str, options: dict[str, Any]):
    """Queue a recompute of the village's analysis: one at a time per village and options,
    whichever web process asks (the job row is the lock, not this process's memory)."""
    from jejaring.jobs.runner import submit

    return submit(
        "analysis.refresh",
        village=village,
        dedupe=f"analysis:{village.pk}:{key}",
        key=key,
        options=options,
    )


def _stale_result(village: Village, key: str, options: dict[str, Any]) -> dict | None:
    """The last stored result of an older data version, with a refresh started; None if none."""
    stored = (
        AnalysisCache.objects.filter(village=village, key=key)
        .values_list("data_version", flat=True)
        .first()
    )
    if stored is None:
        return None
    with _memory_lock:  # the previous page most likely decoded it already
        stale = _memory.get((village.pk, stored, key))
    if stale is None:
        stale = (
            AnalysisCache.objects.filter(village=village, key=key)
            .values_list("result", flat=True)
            .first()
        )
        if stale is None:
            return None
        _remember((village.pk, stored, key), stale)  # until the refresh is done
    request_refresh(village, key, options)
    return {**stale, "stale": True}


def village_analysis(
    village: Village,
    *,
    types: list[str] | None = None,
    group_by: str | None = "hamlet",
    seed: int = 0,
    allow_stale: bool = False,
) -> dict:
    """The engine's result for the village (DESIGN.md JSON shape), cached per data version.

    ``actors[*].id`` is the actor's UUID as a string. With ``allow_stale`` and background
    computing on, a changed network answers at once with the previous result (``"stale":
    True``) while it is recomputed in the background.
    """
    options = {"types": sorted(types) if types else None, "group_by": group_by, "seed": seed}
    key = _options_key(options)
    version = Village.objects.filter(pk=village.pk).values_list("data_version", flat=True).get()
    memo_key = (village.pk, version, key)
    with _memory_lock:
        if memo_key in _memory:
            _memory.move_to_end(memo_key)
            return _memory[memo_key]
    cached = (
        AnalysisCache.objects.filter(village=village, key=key, data_version=version)
        .values_list("result", flat=True)
        .first()
    )
    if cached is None and allow_stale and background_enabled():
        stale = _stale_result(village, key, options)
        if stale is not None:
            return stale
    if cached is None:
        cached = compute_analysis(village, **{k: v for k, v in options.items() if v is not None})
        _store(village, key, version, cached)
    _remember(memo_key, cached)
    return cached


def _store(village: Village, key: str, version: int, result: dict) -> None:
    try:
        with transaction.atomic():
            AnalysisCache.objects.update_or_create(
                village=village, key=key, defaults={"data_version": version, "result": result}
            )
    except IntegrityError:
        pass  # another request stored it at the same moment


def actor_measures(village: Village, **options: Any) -> dict[str, dict]:
    """``{actor uuid: its record in the analysis}``, for tables and actor pages."""
    return {a["id"]: a for a in village_analysis(village, **options)["actors"]}
