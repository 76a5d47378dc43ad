"""Role sentences are written in Django from the engine's rule facts, in the user's language."""

from __future__ import annotations

from django.utils import translation

from jejaring.analysis.explain import explain_roles, referenced_ids

NAMES = {"p1": "Haji Slamet", "c1": "Sri", "b1": "Pak Bakul"}


def sentences(roles, lang="id"):
    with translation.override(lang):
        return [s for r in explain_roles(roles, NAMES) for s in r["sentences"]]


def test_broker_between_hamlets():
    roles = [
        {
            "role": "broker",
            "facts": {"via": "groups", "group_by": "hamlet", "between": ["Krajan", "Ngasem"]},
        }
    ]
    assert sentences(roles)[0] == "Perantara antara Dusun Krajan dan Dusun Ngasem."
    assert sentences(roles, "en")[0] == "Broker between hamlet Krajan and hamlet Ngasem."


def test_captive_client_for_credit():
    roles = [
        {
            "role": "captive_client",
            "facts": {"captive": [{"form": "credit", "patron": "p1", "reason": "exclusive"}]},
        }
    ]
    assert sentences(roles)[0].startswith("Tanpa pilihan selain Haji Slamet untuk pinjaman uang")
    assert sentences(roles, "en")[0] == "Bound to Haji Slamet for credit: cannot switch."


def test_pyramid_broker_and_client():
    roles = [
        {
            "role": "broker",
            "facts": {
                "via": "pyramid",
                "patron": "p1",
                "top_patron": "p1",
                "clients": 3,
                "forms_from_patron": ["market"],
            },
        },
        {
            "role": "client",
            "facts": {"main_patron": "p1", "main_forms": ["market"], "patrons_count": 1},
        },
    ]
    got = sentences(roles, "en")
    assert got[0] == "Broker between Haji Slamet and 3 clients of their own."
    assert got[-1] == "Client of Haji Slamet for market for the harvest."


def test_unknown_ids_do_not_crash():
    roles = [{"role": "client", "facts": {"main_patron": "zz", "main_forms": []}}]
    assert "(aktor tidak dikenal)" in sentences(roles)[0]


def test_referenced_ids():
    roles = [
        {"role": "client", "facts": {"patrons": ["p1", "b1"], "main_patron": "p1"}},
        {"role": "captive_client", "facts": {"captive": [{"patron": "c1", "form": "land"}]}},
    ]
    assert referenced_ids(roles) == {"p1", "b1", "c1"}
