"""The greedy coverage against brute force: the (1 − 1/e) guarantee, and lazy = plain picks.

Provenance: the optimum is found by enumerating every set of ``k`` candidates on tiny random
graphs (independent of the greedy code, through :func:`coverage_value` only); the bound is
Nemhauser, Wolsey & Fisher (1978) for monotone submodular functions.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from jejaring.graph.recommend.coverage import (
    CoverageModel,
    coverage_value,
    greedy,
    reach_matrix,
    take_up,
)


def random_model(seed: int, n: int, p_tie: float, engaged: int = 0) -> CoverageModel:
    rng = np.random.default_rng(seed)
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n) if rng.random() < p_tie]
    src = np.array([a for a, _ in pairs], dtype=np.int64)
    dst = np.array([b for _, b in pairs], dtype=np.int64)
    directed = rng.random(len(pairs)) < 0.5
    strength = rng.integers(1, 6, len(pairs)).astype(float)
    stance = rng.integers(-2, 3, n).astype(float)
    stance[rng.random(n) < 0.2] = np.nan
    engagement = rng.choice(["not_approached", "approached", "receptive", "resistant"], n)
    steps = rng.integers(0, 4, n).astype(float)
    steps[rng.random(n) < 0.1] = np.inf
    p = take_up(stance, engagement, steps)
    influence = rng.integers(0, 6, n).astype(float)
    reach = reach_matrix(n, src, dst, directed, strength, p, influence)
    weight = np.where(rng.random(n) < 0.4, 2.0, 1.0)
    missed = np.ones(n)
    candidates = np.ones(n, dtype=bool)
    for i in rng.choice(n, engaged, replace=False):
        s, e = reach.indptr[i], reach.indptr[i + 1]
        missed[reach.indices[s:e]] *= 1 - reach.data[s:e]
        candidates[i] = False
    return CoverageModel(reach, weight, missed, candidates)


@pytest.mark.parametrize("seed", range(40))
def test_greedy_reaches_at_least_1_minus_1_over_e_of_the_optimum(seed):
    n = 7 + seed % 4
    k = 1 + seed % 3
    model = random_model(seed, n, p_tie=0.35, engaged=seed % 2)
    cand = np.flatnonzero(model.candidates)
    best = max(coverage_value(model, s) for s in itertools.combinations(cand, k))
    picks, gains, _ = greedy(model, k)
    value = coverage_value(model, picks)
    base = coverage_value(model, [])
    assert value >= (1 - 1 / math.e) * best - 1e-9
    # The reported gains add up to the value reached.
    assert base + sum(gains) == pytest.approx(value, abs=1e-6)
    # With one pick, greedy is exact.
    if k == 1:
        assert value == pytest.approx(best)


@pytest.mark.parametrize("seed", range(15))
def test_lazy_and_plain_greedy_pick_the_same(seed):
    model = random_model(100 + seed, n=60, p_tie=0.08, engaged=3)
    tiebreak = np.random.default_rng(seed).permutation(60)
    lazy = greedy(model, 12, tiebreak=tiebreak, lazy=True)
    plain = greedy(model, 12, tiebreak=tiebreak, lazy=False)
    assert lazy[0] == plain[0]
    assert lazy[1] == pytest.approx(plain[1])


def test_lazy_and_plain_agree_when_gains_tie():
    # Four identical isolated actors: every gain is equal, the tie-break order decides.
    n = 4
    reach = reach_matrix(
        n,
        np.array([], np.int64),
        np.array([], np.int64),
        np.array([], bool),
        np.array([]),
        np.full(n, 0.5),
        np.full(n, np.nan),
    )
    model = CoverageModel(reach, np.ones(n), np.ones(n), np.ones(n, bool))
    order = np.array([2, 0, 3, 1])  # rank per actor: actor 1 first, then 3, 0, 2
    assert greedy(model, 4, tiebreak=order)[0] == [1, 3, 0, 2]
    assert greedy(model, 4, tiebreak=order, lazy=False)[0] == [1, 3, 0, 2]


def test_take_up_by_stance_engagement_and_access():
    # Hand values from the documented tables: stance +2 known 1.0; stance 0 via one
    # intermediary 0.6 × 0.85; resistant capped at 0.05; no route 0.5 × 0.4.
    p = take_up(
        np.array([2.0, 0.0, 1.0, np.nan]),
        np.array(["not_approached", "not_approached", "resistant", "not_approached"]),
        np.array([0.0, 1.0, 0.0, np.inf]),
    )
    assert p.tolist() == pytest.approx([1.0, 0.51, 0.05, 0.2])


def test_the_party_looked_to_speaks_louder_along_a_directed_tie():
    # 0 → 1 directed (0 looks up to 1): 1 reaches 0 in full (0.8 at unknown strength), 0 reaches
    # 1 at half (0.4); p = 1, influence unknown (0.6).
    reach = reach_matrix(
        2,
        np.array([0]),
        np.array([1]),
        np.array([True]),
        np.array([np.nan]),
        np.ones(2),
        np.full(2, np.nan),
    )
    assert reach[1, 0] == pytest.approx(0.48)
    assert reach[0, 1] == pytest.approx(0.24)
