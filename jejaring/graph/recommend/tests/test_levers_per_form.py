"""Levers, interests and alternatives fit the form of the dependency (issue 12, items 1–2).

Every dependency form × every lever of the shipped list is walked: a patron who controls only
one form is offered that form's levers (and the levers of every form), never another form's –
no "prices announced before the harvest" for a buyer of woven bamboo, no "another source of
land … a cooperative or savings group".
"""

from __future__ import annotations

import itertools

import pytest

from jejaring import vocab
from jejaring.graph.recommend import recommend
from jejaring.graph.recommend.levers import form_alternative, load_levers
from jejaring.graph.recommend.tests.villages import network, talk

FORMS = [t.code for t in vocab.DEPENDENCY_FORMS]
TABLE = load_levers()
#: A tie type of each form (the form is also written on the tie, as the forms do).
TYPE_OF = {"market": "purchase", "product_orders": "product_order", "inputs": "supply"}
CRAFT_CHAIN = ("goods_credit", "raw_material", "product_orders")


def _type_of(form: str) -> str:
    spec = vocab.TIE_TYPE_BY_CODE.get(form)
    return TYPE_OF.get(form) or (form if spec and spec.dependency else "credit")


def _patron_of(form: str, *, exclusive: bool = True):
    """P (stance 0) with three very poor clients depending on it for ``form`` only."""
    actors = [{"id": "P", "stance": 0, "category": vocab.PROVIDER_CATEGORY.get(form, "")}]
    actors += [{"id": f"c{k}", "welfare": "very_poor", "kind": "household"} for k in range(3)]
    ties = [
        {
            "source": f"c{k}",
            "target": "P",
            "type": _type_of(form),
            "form": form,
            "exclusive": exclusive,
        }
        for k in range(3)
    ]
    return network(actors, ties)


def _levers(form: str) -> list[dict]:
    out = recommend(_patron_of(form))
    (item,) = [x for x in out["patron_levers"] if x["actor"] == "P"]
    assert item["facts"]["forms"] == {form: 3}
    return item["levers"]


@pytest.mark.parametrize(
    ("form", "owner"),
    [
        (form, owner)
        for form, owner in itertools.product(FORMS, FORMS)
        if TABLE["forms"][owner]["levers"]
    ],
)
def test_every_form_lever_pair(form, owner):
    offered = {(lv["form"], lv["code"]) for lv in _levers(form)}
    for lever in TABLE["forms"][owner]["levers"]:
        if owner == form:
            # Three very poor captive clients and a neutral stance meet every condition.
            assert (owner, lever["code"]) in offered, (form, lever["code"])
        else:
            assert (owner, lever["code"]) not in offered, (form, owner, lever["code"])
    assert {f for f, _ in offered} <= {form, "any"}


@pytest.mark.parametrize("form", FORMS)
def test_each_form_has_its_own_alternative_in_both_languages(form):
    alt = form_alternative(TABLE, form)
    assert alt.get("id", "").strip() and alt.get("en", "").strip()
    if form != "credit":
        assert "simpan pinjam" not in alt["id"], form


@pytest.mark.parametrize("form", CRAFT_CHAIN)
def test_craft_and_shop_levers_never_speak_of_the_harvest(form):
    part = TABLE["forms"][form]
    texts = [lv["id"] for lv in part["levers"]] + [x["id"] for x in part["interests"]]
    texts.append(part["alternative"]["id"])
    assert not [t for t in texts if "panen" in t], form


def test_the_blocker_mitigation_offers_the_alternative_of_the_form():
    # An opposed landowner with three captive sharecroppers: the alternative to strengthen is
    # land (to rent, village land, a group farm), never a cooperative or savings group.
    net = _patron_of("land")
    net.attrs["stance"][0] = -2.0
    out = recommend(net)
    (blocker,) = [b for b in out["blockers"] if b["actor"] == "P"]
    (mit,) = [m for m in blocker["mitigations"] if m["code"] == "strengthen_alternatives"]
    assert mit["facts"]["forms"] == ["land"]
    assert mit["alternatives"]["land"] == form_alternative(TABLE, "land")
    assert "simpan pinjam" not in mit["alternatives"]["land"]["id"]


def _bridge_village(welfare: str):
    """Hamlet A: landowner L, the facilitator F and a1–a3; hamlet B: b1–b3. S (hamlet A,
    ``welfare``, against the program) works L's land and is the only one who talks to B."""
    actors = [
        {"id": "F", "is_facilitator": True, "category": "facilitator", "hamlet": "A"},
        {"id": "L", "category": "landowner", "hamlet": "A", "welfare": "well_off", "stance": 1},
        {"id": "S", "category": "sharecropper", "hamlet": "A", "welfare": welfare, "stance": -1},
    ]
    actors += [{"id": f"a{k}", "hamlet": "A", "stance": 0} for k in range(1, 4)]
    actors += [{"id": f"b{k}", "hamlet": "B", "stance": 0} for k in range(1, 4)]
    ties = [talk("F", "a1"), talk("a1", "a2"), talk("a2", "a3"), talk("a3", "L")]
    ties += [talk("b1", "b2"), talk("b2", "b3"), talk("S", "b1"), talk("S", "b2")]
    ties += [{"source": "S", "target": "L", "type": "land"}]
    return network(actors, ties)


def test_a_very_poor_sharecropper_is_never_a_blocker_for_his_dependent_position():
    out = recommend(_bridge_village("very_poor"))
    assert "S" not in [b["actor"] for b in out["blockers"]]
    # The same position held by a better-off actor is still a risk to watch.
    out = recommend(_bridge_village("middle"))
    assert "S" in [b["actor"] for b in out["blockers"]]


@pytest.mark.parametrize("form", CRAFT_CHAIN)
def test_a_craft_or_shop_patron_hears_nothing_of_the_harvest(form):
    # The patron's category is the form's typical provider (a trader buying woven bamboo, a
    # supplier of bamboo or of a shop's stock): its levers and interests fit that trade.
    out = recommend(_patron_of(form))
    (item,) = [x for x in out["patron_levers"] if x["actor"] == "P"]
    texts = [lv["text"]["id"] for lv in item["levers"]]
    texts += [x["text"]["id"] for x in item["interests"]]
    assert texts and not [t for t in texts if "panen" in t], texts


def test_a_village_can_word_the_alternative_of_a_form():
    table = load_levers({"forms": {"land": {"alternative": {"id": "tanah bengkok desa"}}}})
    assert form_alternative(table, "land") == {"id": "tanah bengkok desa"}
    with pytest.raises(ValueError, match=r"levers\.forms\.land\.alternative"):
        load_levers({"forms": {"land": {"alternative": {"id": "  "}}}})
