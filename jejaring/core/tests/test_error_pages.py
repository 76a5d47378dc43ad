"""Error pages speak the user's language: an outsider's 404, a read-only member's 403, an
expired form and a server error are explained in Indonesian (English when chosen), inside
the app's own layout, never as Django's bare English text."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_outsider_gets_the_not_found_page_in_indonesian(outsider_client, demo_village):
    response = outsider_client.get(reverse("actors:register", args=[demo_village.slug]))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="id">' in html and "Halaman tidak ditemukan" in html
    assert demo_village.name not in html  # the village's existence is not revealed


def test_not_found_in_english_when_chosen(outsider_client):
    outsider_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = outsider_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_read_only_member_gets_the_not_allowed_page(reader_client, demo_village):
    response = reader_client.post(reverse("actors:new", args=[demo_village.slug]), {})
    assert response.status_code == 403
    assert "Tidak diizinkan" in response.content.decode()


def test_expired_form_is_explained(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "member", "password": "x"})
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.content.decode()


def test_server_error_page_needs_no_request_context():
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("id"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()
