"""Changing one's own password in the app (Django's form and validators), not only by CLI."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_facilitator_changes_their_own_password(personas, member_client):
    url = reverse("password_change")
    page = member_client.get(url)
    assert page.status_code == 200
    assert "Ganti kata sandi" in page.content.decode()

    wrong = member_client.post(
        url,
        {
            "old_password": "not-it",
            "new_password1": "Sawah-Baru-2026",
            "new_password2": "Sawah-Baru-2026",
        },
    )
    assert wrong.status_code == 200 and "salah" in wrong.content.decode()

    weak = member_client.post(
        url, {"old_password": "pw-member-123", "new_password1": "123", "new_password2": "123"}
    )
    assert weak.status_code == 200
    personas.member.refresh_from_db()
    assert personas.member.check_password("pw-member-123")

    done = member_client.post(
        url,
        {
            "old_password": "pw-member-123",
            "new_password1": "Sawah-Baru-2026",
            "new_password2": "Sawah-Baru-2026",
        },
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("password_change_done")
    personas.member.refresh_from_db()
    assert personas.member.check_password("Sawah-Baru-2026")
    # The session that changed it stays logged in.
    still = member_client.get(reverse("core:index"))
    assert still.status_code in (200, 302) and reverse("login") not in still.get("Location", "")


def test_anonymous_users_are_sent_to_log_in():
    r = Client().get(reverse("password_change"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_the_public_demo_account_keeps_its_password(db, settings):
    settings.DEMO_LOGIN_ALLOWED = True  # as in `jejaring serve --demo` on loopback
    demo = get_user_model().objects.create_user("demo", password="demo")
    client = Client()
    client.force_login(demo)
    page = client.get(reverse("password_change")).content.decode()
    assert "jejaring createuser" in page and 'name="new_password1"' not in page
    r = client.post(
        reverse("password_change"),
        {"old_password": "demo", "new_password1": "Rahasia-2026", "new_password2": "Rahasia-2026"},
    )
    assert r.status_code == 403
    demo.refresh_from_db()
    assert demo.check_password("demo")
