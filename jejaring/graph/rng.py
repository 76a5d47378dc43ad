"""igraph's random number generator, seeded for one call."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator

__all__ = ["seeded_igraph"]


@contextlib.contextmanager
def seeded_igraph(seed: int | None = 0) -> Iterator[None]:
    """Run igraph with its random generator seeded, then give it back Python's ``random``
    (igraph's default).

    Leiden and Louvain draw from it, and so does ARPACK for the random start vector of
    eigenvector and hub/authority scores: unseeded, two runs on the same data differ in
    the last digits, and the same seed must give the same output, byte for byte, in any
    process.
    """
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
