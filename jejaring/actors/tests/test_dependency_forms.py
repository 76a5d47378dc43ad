"""The craftsman chain is recorded as itself (issue 12, item 1).

Woven bamboo sold to a collector was a "sale of the harvest": the data migration and the
import of an old backup move such ties to the forms of the craftsman chain, and the demo's
craftsmen read as craftsmen on the pages.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import reverse

from jejaring.actors.models import Tie, TieType
from jejaring.interchange import json as json_format

migration = importlib.import_module("jejaring.actors.migrations.0003_craftsman_chain_forms")


def _craft_ties(village):
    return Tie.objects.filter(village=village, source__category__code="craftsman")


def test_migration_moves_old_craft_ties_to_the_craftsman_forms(demo_village):
    purchase = TieType.objects.get(village=None, code="purchase")
    orders = _craft_ties(demo_village).filter(type__code="product_order")
    material = _craft_ties(demo_village).filter(type__code="raw_material")
    n_orders, n_material = orders.count(), material.count()
    assert n_orders and n_material
    # As recorded before the change: "sells produce to" and raw material as "inputs".
    orders.update(type=purchase, form="")
    material.update(form="inputs")
    migration.forward(apps, None)
    assert _craft_ties(demo_village).filter(type__code="product_order").count() == n_orders
    assert set(orders.values_list("form", flat=True)) == {"product_orders"}
    assert set(material.values_list("form", flat=True)) == {"raw_material"}
    # A farmer's sale of the harvest stays one.
    assert (
        Tie.objects.filter(village=demo_village, type=purchase)
        .exclude(source__category__code="craftsman")
        .exists()
    )


def test_old_backup_with_raw_material_as_inputs_imports_with_its_own_form(demo_village):
    doc = json_format.export_village(demo_village)
    rows = [r for r in doc["records"]["actors.tie"] if r["type"] == {"builtin": "raw_material"}]
    assert rows
    for r in rows:
        r["form"] = "inputs"
    data = json_format.dumps(doc)
    demo_village.delete()
    village, _, _ = json_format.import_village(data)
    forms = Tie.objects.filter(village=village, type__code="raw_material")
    assert set(forms.values_list("form", flat=True)) == {"raw_material"}


def test_craftsman_page_speaks_of_orders_not_the_harvest(demo_village, member_client):
    tie = _craft_ties(demo_village).filter(type__code="product_order").first()
    page = member_client.get(
        f"/v/{demo_village.slug}/actors/{tie.source_id}/", HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert "mengerjakan pesanan untuk" in page or "Pesanan hasil kerajinan" in page
    assert "hasil panen" not in page


def test_new_provider_from_the_tie_form_gets_the_typical_category(tiny, member_client):
    # "Mbok Yem mengerjakan pesanan untuk Pak Darto" with Pak Darto new: the buyer of the
    # products is a trader (pengepul); a new raw-material supplier is a supplier.
    for code, target, category in (
        ("product_order", "Pak Darto", "trader"),
        ("raw_material", "Bu Warsi", "supplier"),
    ):
        tie_type = TieType.objects.get(village=None, code=code)
        r = member_client.post(
            reverse("actors:tie_new", kwargs={"village": tiny.village.slug}),
            {
                "type": str(tie_type.pk),
                "source": "Kades [KADES]",
                "target": target,
                "target_new": "on",
            },
        )
        assert r.status_code == 302, r.content.decode()[:300]
        tie = Tie.objects.get(village=tiny.village, target__name=target)
        assert (tie.form or tie.type.default_form) == (
            "product_orders" if code == "product_order" else "raw_material"
        )
        assert tie.target.category.code == category
