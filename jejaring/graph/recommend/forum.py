"""Who should sit in the dialogue forum.

The forum is where the parties – not the facilitator – speak, each in their own field, so that
every group has a voice. A suggestion of a chosen size must cover every hamlet, field, welfare
rank and gender, every first-approach group of the technique present in the village (officials,
the camat, religious and customary leaders, influential groups, agency staff), include brokers
between groups, and give the captive clients of the main patrons a voice of their own, so their
patron does not speak for them alone.

This is a weighted set cover with a seat limit, solved greedily: each seat goes to the actor
covering the most still-missing requirements (weights :data:`WEIGHTS`); among equals, the one
with more standing (influence, stance, engagement, brokerage, already a member). Seats left once
everything is covered go to more voices of poor households. Each member says what it adds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from jejaring import vocab
from jejaring.graph.recommend.context import KNOWN_STATUSES, Context
from jejaring.graph.recommend.facts import actor_facts, between_groups, is_group_broker

__all__ = ["WEIGHTS", "forum_composition", "requirements"]

#: Weight of covering one requirement of each dimension.
WEIGHTS = {
    "approach_group": 1.0,
    "hamlet": 1.0,
    "welfare": 1.0,
    "gender": 1.0,
    "captive_voice": 1.2,
    "broker": 0.9,
    "field": 0.8,
}
#: Seats the forum should give to brokers between groups (when the village has them).
BROKER_SEATS = 2
#: Patrons whose captive clients need a voice of their own (most captive clients first).
VOICE_PATRONS = 5
DEFAULT_SIZE = 15
MIN_SIZE, MAX_SIZE = 3, 60
_QUALITY_SHARE = 0.05  # standing only breaks ties: it never outweighs a requirement


@dataclass
class Requirement:
    dimension: str
    value: str
    need: int
    eligible: np.ndarray

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "value": self.value,
            "need": self.need,
            "weight": WEIGHTS[self.dimension],
        }


def requirements(ctx: Context) -> list[Requirement]:
    """What a forum of this village must cover, in a fixed order."""
    pool = ~ctx.facilitator
    reqs: list[Requirement] = []
    for group in (t.code for t in vocab.APPROACH_GROUPS):
        mask = (ctx.approach_group == group) & pool
        if mask.any():
            reqs.append(Requirement("approach_group", group, 1, mask))
    for dim, col in (("hamlet", ctx.hamlet), ("welfare", ctx.welfare), ("gender", ctx.gender)):
        values = sorted({v for v in col[pool].tolist() if v})
        if dim == "welfare":
            values.sort(key=lambda v: vocab.WELFARE_RANK.get(v, 99))
        for v in values:
            reqs.append(Requirement(dim, v, 1, (col == v) & pool))
    for patron, links in _voice_patrons(ctx):
        mask = np.zeros(ctx.n, dtype=bool)
        for link in links:
            mask[link.client] = True
        reqs.append(Requirement("captive_voice", ctx.ids[patron], 1, mask & pool))
    brokers = _brokers(ctx) & pool
    if brokers.any():
        reqs.append(Requirement("broker", "", min(BROKER_SEATS, int(brokers.sum())), brokers))
    fields = sorted({f for i in np.flatnonzero(pool).tolist() for f in ctx.fields[i]})
    for f in fields:
        mask = np.array([f in fs for fs in ctx.fields], dtype=bool) & pool
        reqs.append(Requirement("field", f, 1, mask))
    return reqs


def _voice_patrons(ctx: Context) -> list[tuple[int, list]]:
    rows = []
    for p, links in ctx.links_by_patron.items():
        captive = [link for link in links if link.captive_forms]
        if captive:
            rows.append((-len(captive), ctx.ids[p], p, captive))
    rows.sort(key=lambda r: r[:2])
    return [(p, captive) for *_, p, captive in rows[:VOICE_PATRONS]]


def _voice_for(
    ctx: Context, patron: int, reqs: list[Requirement], taken: np.ndarray
) -> Requirement | None:
    """A voice requirement for a seated patron's captive or poor clients, unless there is one."""
    pid = ctx.ids[patron]
    if any(r.dimension == "captive_voice" and r.value == pid for r in reqs):
        return None
    mask = np.zeros(ctx.n, dtype=bool)
    for link in ctx.links_by_patron.get(patron, []):
        if link.captive_forms or ctx.poor[link.client]:
            mask[link.client] = True
    mask &= ~ctx.facilitator
    if not mask.any() or (mask & taken).any():
        return None
    return Requirement("captive_voice", pid, 1, mask)


def _brokers(ctx: Context) -> np.ndarray:
    return np.array([is_group_broker(ctx, i) for i in range(ctx.n)], dtype=bool)


def _standing(ctx: Context, current: np.ndarray) -> np.ndarray:
    """0–1: influence, stance, engagement, brokerage and continuity (already a member)."""
    infl = np.nan_to_num(ctx.influence, nan=2.5) / 5.0
    stance = (np.nan_to_num(ctx.stance, nan=0.0) + 2.0) / 4.0
    met = np.isin(ctx.engagement, sorted(KNOWN_STATUSES)).astype(float)
    b = ctx.betweenness
    brok = b / b.max() if b.size and b.max() > 0 else np.zeros(ctx.n)
    return 0.3 * infl + 0.25 * stance + 0.2 * met + 0.15 * brok + 0.1 * current


def _coverage(reqs: list[Requirement], members: Sequence[int]) -> dict[str, Any]:
    covered: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    for r in reqs:
        have = int(sum(bool(r.eligible[i]) for i in members))
        (covered if have >= r.need else missing).append(
            {"dimension": r.dimension, "value": r.value, "have": have, "need": r.need}
        )
    total = len(reqs)
    return {
        "covered": len(covered),
        "total": total,
        "share": round(len(covered) / total, 4) if total else 1.0,
        "missing": missing,
    }


def _warnings(ctx: Context, members: Sequence[int]) -> list[dict[str, Any]]:
    """Patrons sitting in the forum without any of their captive or poor clients."""
    inside = set(members)
    out = []
    for p in sorted(inside, key=lambda i: ctx.ids[i]):
        links = ctx.links_by_patron.get(p, [])
        voiceless = [link for link in links if link.captive_forms or ctx.poor[link.client]]
        if voiceless and not any(link.client in inside for link in voiceless):
            out.append(
                {
                    "code": "patron_speaks_alone",
                    "facts": {
                        "patron": ctx.ids[p],
                        "captive_clients": sum(1 for link in voiceless if link.captive_forms),
                        "poor_clients": sum(1 for link in voiceless if ctx.poor[link.client]),
                    },
                }
            )
    return out


def forum_composition(
    ctx: Context, *, size: int = DEFAULT_SIZE, current: Sequence[str] | None = None
) -> dict[str, Any]:
    """A suggested forum of ``size`` members, what each adds, and the comparison with ``current``.

    Parameters
    ----------
    ctx : Context
    size : int
        Seats (clipped to 3–60 and to the number of candidates).
    current : sequence of str, optional
        Actor ids of the current forum's members; ids not in the network are ignored.

    Returns
    -------
    dict
        ``size``, ``members`` (each ``actor``, ``rank``, ``reason_codes``, ``adds``
        [``{"dimension", "value"}``], ``facts`` with ``speaks_for``), ``requirements``,
        ``coverage`` (``covered``, ``total``, ``share``, ``missing``), and when ``current`` is
        given ``current`` (``members``, ``coverage``, ``warnings``) and ``comparison``
        (``add``, ``keep``, ``reconsider``: ids).
    """
    size = int(min(max(size, MIN_SIZE), MAX_SIZE))
    reqs = requirements(ctx)
    current_idx = [ctx.index[a] for a in (current or []) if a in ctx.index]
    is_current = np.zeros(ctx.n)
    is_current[current_idx] = 1.0
    standing = _standing(ctx, is_current)
    tb = ctx.tiebreak()
    pool = ~ctx.facilitator
    matrix = np.stack([r.eligible for r in reqs], axis=1) if reqs else np.zeros((ctx.n, 0), bool)
    weights = np.array([WEIGHTS[r.dimension] for r in reqs])
    remaining = np.array([r.need for r in reqs], dtype=float)
    chosen: list[int] = []
    members: list[dict[str, Any]] = []
    taken = np.zeros(ctx.n, dtype=bool)
    size = min(size, int(pool.sum()))
    while len(chosen) < size:
        open_ = remaining > 0
        gain = matrix[:, open_].astype(float) @ weights[open_] if open_.any() else np.zeros(ctx.n)
        filling = not (gain[pool & ~taken] > 0).any()
        if filling:
            # Everything is covered: the next seats give poor households more voice.
            gain = ctx.poor.astype(float)
        score = np.where(pool & ~taken, gain + _QUALITY_SHARE * standing, -np.inf)
        best = int(np.lexsort((tb, -score))[0])
        if not np.isfinite(score[best]):
            break
        adds = [
            {"dimension": reqs[k].dimension, "value": reqs[k].value}
            for k in np.flatnonzero(open_ & matrix[best]).tolist()
        ]
        remaining[matrix[best]] -= 1
        taken[best] = True
        chosen.append(best)
        members.append(_member(ctx, best, len(chosen), adds, filling))
        voice = _voice_for(ctx, best, reqs, taken)
        if voice is not None:
            # A patron took a seat: its captive or poor clients need a voice of their own.
            reqs.append(voice)
            matrix = np.c_[matrix, voice.eligible]
            weights = np.r_[weights, WEIGHTS["captive_voice"]]
            remaining = np.r_[remaining, 1.0]
    out: dict[str, Any] = {
        "size": size,
        "members": members,
        "requirements": [r.as_dict() for r in reqs],
        "coverage": _coverage(reqs, chosen),
        "warnings": _warnings(ctx, chosen),
        "current": None,
        "comparison": None,
    }
    if current is not None:
        counted = [i for i in current_idx if not ctx.facilitator[i]]
        out["current"] = {
            "members": [ctx.ids[i] for i in current_idx],
            "coverage": _coverage(reqs, counted),
            "warnings": _warnings(ctx, counted),
        }
        suggested = set(chosen)
        out["comparison"] = {
            "add": [ctx.ids[i] for i in chosen if i not in set(current_idx)],
            "keep": [ctx.ids[i] for i in chosen if i in set(current_idx)],
            "reconsider": [ctx.ids[i] for i in counted if i not in suggested],
        }
    return out


_REASON = {
    "approach_group": "approach_group",
    "hamlet": "covers_hamlet",
    "welfare": "covers_welfare",
    "gender": "covers_gender",
    "captive_voice": "voice_of_captive_clients",
    "broker": "broker_between_groups",
    "field": "covers_field",
}


def _member(
    ctx: Context, i: int, rank: int, adds: list[dict[str, str]], filling: bool
) -> dict[str, Any]:
    codes = list(dict.fromkeys(_REASON[a["dimension"]] for a in adds))
    if filling:
        codes.append("extra_voice")
    facts = actor_facts(ctx, i)
    facts.update(
        {
            "fields": list(ctx.fields[i]),
            "welfare": ctx.welfare[i],
            "gender": ctx.gender[i],
            "poor": bool(ctx.poor[i]),
        }
    )
    patrons = [a["value"] for a in adds if a["dimension"] == "captive_voice"]
    if patrons:
        facts["voice_for_clients_of"] = patrons
    if any(a["dimension"] == "broker" for a in adds):
        facts["between"] = between_groups(ctx, i)
    new_fields = [a["value"] for a in adds if a["dimension"] == "field"]
    if new_fields:
        speaks_for = new_fields[0]
    elif ctx.fields[i]:
        speaks_for = ctx.fields[i][0]
    else:
        speaks_for = "poor_households" if ctx.poor[i] else ""
    facts["speaks_for"] = speaks_for
    return {
        "actor": ctx.ids[i],
        "rank": rank,
        "reason_codes": codes,
        "adds": adds,
        "facts": facts,
    }
