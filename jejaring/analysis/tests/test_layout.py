"""Server-side map layout: deterministic, stored per data version, stable when data changes."""

from __future__ import annotations

import numpy as np
import pytest

from jejaring.actors.models import Actor, Tie
from jejaring.analysis.layout import compute_layout, map_positions, place_new, pull_in_outliers
from jejaring.analysis.models import MapLayout

pytestmark = pytest.mark.django_db


def test_same_network_same_layout():
    edges = [(0, 1), (1, 2), (2, 0), (2, 3)]
    a = compute_layout(5, edges, seed=3)
    b = compute_layout(5, edges, seed=3)
    assert a.shape == (5, 2) and np.array_equal(a, b)


def test_tied_actors_end_up_closer_than_untied_ones():
    # Two triangles joined by one tie: within-triangle distances are shorter than across.
    edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]
    pos = compute_layout(6, edges)
    d = lambda i, j: np.linalg.norm(pos[i] - pos[j])  # noqa: E731
    assert max(d(0, 1), d(1, 2), d(3, 4)) < d(0, 5)


def test_outliers_are_pulled_to_the_rim():
    rng = np.random.default_rng(0)
    pos = np.vstack([rng.normal(0, 1, (50, 2)), [[100.0, 0.0], [0.0, -80.0]]])
    out = pull_in_outliers(pos)
    assert np.linalg.norm(out[-1]) < 10 and np.linalg.norm(out[-2]) < 10
    # The direction is kept.
    assert out[-2][0] > 0 and abs(out[-2][1]) < 1
    assert np.array_equal(out[:50], pos[:50])


def test_place_new_keeps_known_positions_and_puts_newcomers_by_their_ties():
    known = {"a": [0.0, 0.0], "b": [10.0, 0.0], "c": [0.0, 10.0]}
    ids = ["a", "b", "c", "new"]
    pos = place_new(ids, [(3, 1)], known)
    assert pos[:3].tolist() == [[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]]
    # Tied only to b: placed near b.
    assert np.linalg.norm(pos[3] - np.array([10.0, 0.0])) < 8


def test_layout_is_stored_and_does_not_jump_when_a_tie_is_added(tiny):
    first = map_positions(tiny.village)
    stored = MapLayout.objects.get(village=tiny.village)
    tiny.village.refresh_from_db()
    assert stored.data_version == tiny.village.data_version
    assert set(first) == {str(a.pk) for a in Actor.objects.filter(village=tiny.village)}
    newcomer = Actor.objects.create(village=tiny.village, code="NEW", name="Pendatang")
    Tie.objects.create(
        village=tiny.village, source=newcomer, target=tiny.haji, type=tiny.credit_sri.type
    )
    tiny.village.touch()
    second = map_positions(tiny.village)
    for pk, xy in first.items():
        assert second[pk] == xy
    assert str(newcomer.pk) in second


def test_relayout_on_request(tiny):
    map_positions(tiny.village)
    MapLayout.objects.filter(village=tiny.village).update(positions={})
    fresh = map_positions(tiny.village, relayout=True)
    assert len(fresh) == 7
