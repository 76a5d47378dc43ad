"""Fixtures shared by every test: the demo village, small villages and the three personas.

The demo village is built once per test session into the test database (the same builder as
``jejaring demo``); each test runs in a transaction that is rolled back, so tests may change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

# A fixed "today" keeps the demo's dates, and so every figure computed from them, reproducible.
DEMO_TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from jejaring.demo import build_demo_village

    with django_db_blocker.unblock():
        build_demo_village(today=DEMO_TODAY)


@pytest.fixture
def demo_village(db):
    from jejaring.demo import DEMO_SLUG
    from jejaring.villages.models import Village

    return Village.objects.get(slug=DEMO_SLUG)


@dataclass
class Personas:
    """A member who can write, a read-only member and an outsider (member of another village)."""

    member: object
    reader: object
    outsider: object


def make_personas(village) -> Personas:
    from jejaring.villages.services import create_user, create_village, set_membership

    member = create_user("member", "pw-member-123")
    reader = create_user("reader", "pw-reader-123")
    outsider = create_user("outsider", "pw-outsider-123")
    set_membership(village, member, "facilitator")
    set_membership(village, reader, "viewer")
    other = create_village("Desa Lain", slug="desa-lain")
    set_membership(other, outsider, "admin")
    return Personas(member, reader, outsider)


@pytest.fixture
def personas(demo_village) -> Personas:
    return make_personas(demo_village)


def _logged_in(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def member_client(personas):
    return _logged_in(personas.member)


@pytest.fixture
def reader_client(personas):
    return _logged_in(personas.reader)


@pytest.fixture
def outsider_client(personas):
    return _logged_in(personas.outsider)
