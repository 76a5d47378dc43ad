"""The lever list (defaults, a village's overrides, validation) and trusted routes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jejaring.graph.recommend.context import build_context
from jejaring.graph.recommend.levers import load_levers, select_levers
from jejaring.graph.recommend.paths import trusted_routes
from jejaring.graph.recommend.tests.villages import network, talk
from jejaring.vocab import DEPENDENCY_FORMS


def test_defaults_cover_every_dependency_form_with_both_languages():
    table = load_levers()
    for form in (t.code for t in DEPENDENCY_FORMS):
        levers = table["forms"][form]["levers"]
        assert levers, form
        for lever in levers:
            assert lever["id"].strip() and lever["en"].strip(), (form, lever["code"])


def test_a_village_can_replace_add_and_remove_levers():
    table = load_levers(
        {
            "forms": {
                "land": {
                    "levers": [
                        {"code": "fairer_share", "id": "Bagi hasil 1:1 untuk penggarap"},
                        {"code": "share_input_costs", "disabled": True},
                        {
                            "code": "irrigation_turn",
                            "id": "Giliran air yang adil",
                            "when": {"clients_min": 3},
                        },
                    ]
                },
                "fishing": {"levers": [{"code": "fair_catch_share", "en": "Fair catch share"}]},
            }
        }
    )
    land = {lv["code"]: lv for lv in table["forms"]["land"]["levers"]}
    assert "share_input_costs" not in land
    # Writing only Indonesian replaces the text: no stale English left behind.
    assert land["fairer_share"]["id"] == "Bagi hasil 1:1 untuk penggarap"
    assert "en" not in land["fairer_share"]
    assert land["fairer_share"]["when"] == {"poor_clients_min": 1}  # kept from the default
    facts = {"forms": {"land": 4}, "clients": 4, "poor_clients": 0, "stance": None}
    codes = [lv["code"] for lv in select_levers(table, facts)]
    assert "irrigation_turn" in codes and "fairer_share" not in codes
    assert table["forms"]["fishing"]["levers"][0]["code"] == "fair_catch_share"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"forms": {"credit": {"levers": [{"id": "tanpa kode"}]}}}, "without a 'code'"),
        ({"forms": {"credit": {"levers": [{"code": "x"}]}}}, "needs a text"),
        (
            {"forms": {"credit": {"levers": [{"code": "x", "id": "y", "when": {"colour": 1}}]}}},
            "unknown condition 'colour'",
        ),
        ({"forms": {"credit": {"levers": "not a list"}}}, "levers.forms.credit.levers"),
    ],
)
def test_bad_overrides_are_refused_naming_where(override, message):
    with pytest.raises(ValueError, match=message):
        load_levers(override)


def test_routes_use_trusted_ties_only_and_avoid_opponents():
    # F–o–t is the shortest (2 steps) but o is against the program; F–a–b–t goes around it.
    # The credit tie F-side c → t is never a route (dependency ties carry no trust).
    net = network(
        [
            {"id": "F", "is_facilitator": True},
            {"id": "o", "stance": -2},
            {"id": "a", "stance": 0},
            {"id": "b", "stance": 1},
            {"id": "c"},
            {"id": "t"},
        ],
        [
            talk("F", "o"),
            talk("o", "t"),
            talk("F", "a"),
            {"source": "a", "target": "b", "type": "kinship"},
            talk("b", "t"),
            talk("F", "c"),
            {"source": "c", "target": "t", "type": "credit"},
        ],
    )
    ctx = build_context(net)
    routes = trusted_routes(ctx)
    t = ctx.index["t"]
    assert [ctx.ids[i] for i in routes.path(t)] == ["F", "a", "b", "t"]
    assert [ctx.ids[i] for i in routes.via(t)] == ["a", "b"]
    # The opponent can still be reached (directly).
    assert routes.via(ctx.index["o"]) == [] and routes.reachable(ctx.index["o"])


def test_equal_routes_prefer_the_stronger_ties():
    net = network(
        [{"id": "F", "is_facilitator": True}, {"id": "weak"}, {"id": "strong"}, {"id": "t"}],
        [
            talk("F", "weak", strength=1),
            talk("weak", "t", strength=1),
            talk("F", "strong", strength=5),
            talk("strong", "t", strength=4),
        ],
    )
    ctx = build_context(net)
    assert [ctx.ids[i] for i in trusted_routes(ctx).via(ctx.index["t"])] == ["strong"]


def test_the_recommendations_never_import_django():
    code = "import sys, jejaring.graph.recommend; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
