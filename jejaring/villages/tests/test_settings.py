"""Creating a village from the browser, and its settings, hamlets and members."""

from __future__ import annotations

import pytest
from django.test import Client

from jejaring.villages.models import Membership, Village
from jejaring.villages.services import create_user, set_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(demo_village):
    admin = create_user("kepala", "pw-kepala-123")
    set_membership(demo_village, admin, "admin")
    c = Client()
    c.force_login(admin)
    return c


def test_any_user_can_create_a_village_and_becomes_its_admin(member_client, personas):
    response = member_client.post(
        "/villages/new/",
        {
            "name": "Candirejo",
            "slug": "",
            "area_code": "3310222012",
            "hamlets": "Krajan\nKidul\n",
            "program_goal": "Air bersih",
            "description": "",
        },
    )
    village = Village.objects.get(name="Candirejo")
    assert response.status_code == 302 and response["Location"] == f"/v/{village.slug}/"
    assert village.area.code == "33.10.22.2012" and village.area.parent.name == "Ngawen"
    assert sorted(village.hamlets.values_list("name", flat=True)) == ["Kidul", "Krajan"]
    assert Membership.objects.get(village=village, user=personas.member).role == "admin"


def test_a_wrong_area_code_is_refused_in_indonesian(member_client):
    response = member_client.post(
        "/villages/new/", {"name": "X", "area_code": "99.99.99.9999", "hamlets": ""}
    )
    assert response.status_code == 200
    assert "bukan kode wilayah Kemendagri" in response.content.decode()
    regency = member_client.post("/villages/new/", {"name": "X", "area_code": "33.10"})
    assert "Pilih desa" in regency.content.decode()
    assert not Village.objects.filter(name="X").exists()


def test_area_search_finds_official_villages(member_client):
    results = member_client.get("/areas/search", {"q": "Tegalrejo"}).json()["results"]
    assert "33.10.04.2012" in {r["code"] for r in results}
    assert all(r["level"] == 4 for r in results)


def test_only_admins_change_settings(demo_village, member_client, reader_client):
    url = f"/v/{demo_village.slug}/settings/"
    assert reader_client.get(url).status_code == 200
    assert member_client.get(url).status_code == 200
    post = {"action": "hamlet", "name": "Baru"}
    assert member_client.post(url, post).status_code == 403  # facilitator, not admin
    assert not demo_village.hamlets.filter(name="Baru").exists()


def test_admin_adds_a_hamlet_and_a_member(demo_village, admin_client, personas):
    url = f"/v/{demo_village.slug}/settings/"
    admin_client.post(url, {"action": "hamlet", "name": "Baru"})
    assert demo_village.hamlets.filter(name="Baru").exists()
    duplicate = admin_client.post(url, {"action": "hamlet", "name": "krajan"})
    assert "sudah punya dusun" in duplicate.content.decode()
    admin_client.post(url, {"action": "member", "username": "outsider", "role": "viewer"})
    assert Membership.objects.get(village=demo_village, user=personas.outsider).role == "viewer"
    unknown = admin_client.post(url, {"action": "member", "username": "nobody", "role": "viewer"})
    assert "jejaring createuser" in unknown.content.decode()


def test_the_last_admin_cannot_leave(demo_village, admin_client):
    url = f"/v/{demo_village.slug}/settings/"
    only_admin = Membership.objects.get(village=demo_village, role="admin")
    admin_client.post(url, {"action": "remove", "membership": only_admin.pk}, follow=True)
    assert Membership.objects.filter(pk=only_admin.pk).exists()
    admin_client.post(url, {"action": "role", "membership": only_admin.pk, "role": "viewer"})
    only_admin.refresh_from_db()
    assert only_admin.role == "admin"


def test_a_membership_of_another_village_is_not_found(demo_village, admin_client, personas):
    other = Membership.objects.exclude(village=demo_village).first()
    response = admin_client.post(
        f"/v/{demo_village.slug}/settings/", {"action": "remove", "membership": other.pk}
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_admin_creates_an_account_for_a_new_team_member(demo_village, admin_client):
    """From the browser: a new login with a first password and the chosen role."""
    from django.contrib.auth import get_user_model

    url = f"/v/{demo_village.slug}/settings/"
    page = admin_client.get(url).content.decode()
    assert 'name="new_account"' in page and 'name="password"' in page
    weak = admin_client.post(
        url,
        {
            "action": "member",
            "username": "rina",
            "role": "facilitator",
            "new_account": "on",
            "password": "123",
        },
    )
    assert weak.status_code == 200 and not get_user_model().objects.filter(username="rina").exists()
    r = admin_client.post(
        url,
        {
            "action": "member",
            "username": "rina",
            "role": "facilitator",
            "new_account": "on",
            "full_name": "Rina Wulandari",
            "password": "sawah-hijau-2026",
        },
    )
    assert r.status_code == 302
    rina = get_user_model().objects.get(username="rina")
    assert rina.check_password("sawah-hijau-2026") and rina.first_name == "Rina Wulandari"
    assert Membership.objects.get(village=demo_village, user=rina).role == "facilitator"
    again = admin_client.post(
        url,
        {
            "action": "member",
            "username": "rina",
            "role": "viewer",
            "new_account": "on",
            "password": "sawah-hijau-2026",
        },
    )
    assert "sudah ada" in again.content.decode()


def test_the_demo_login_is_warned_before_creating_a_real_village(
    demo_village, member_client, settings
):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from jejaring.demo.loading import ensure_demo_login

    ensure_demo_login()
    settings.DEMO_LOGIN_ALLOWED = True  # as under `serve --demo` on loopback
    demo = Client()
    demo.force_login(get_user_model().objects.get(username="demo"))
    assert 'id="demo-login-warning"' in demo.get("/villages/new/").content.decode()
    assert 'id="demo-login-warning"' not in member_client.get("/villages/new/").content.decode()
