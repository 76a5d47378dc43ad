import pytest

from jejaring.actors.tests.factories import add_members, build_tiny


@pytest.fixture
def tiny(personas):
    t = build_tiny()
    add_members(t.village, personas)
    return t
