"""Built-in vocabularies in the database, and the terms a village may use."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jejaring import vocab


def sync_builtin(Category, Field, TieType) -> None:
    """Create or update the built-in categories, fields and tie types from :mod:`jejaring.vocab`.

    Run after every ``migrate`` (post_migrate), so a new release's terms appear without a data
    migration; terms a village added itself are never touched.
    """
    for order, spec in enumerate(vocab.CATEGORIES):
        Category.objects.update_or_create(
            village=None,
            code=spec.code,
            defaults={"name": spec.label, "approach_group": spec.approach_group, "order": order},
        )
    for order, term in enumerate(vocab.FIELDS):
        Field.objects.update_or_create(
            village=None, code=term.code, defaults={"name": term.label, "order": order}
        )
    for order, spec in enumerate(vocab.TIE_TYPES):
        TieType.objects.update_or_create(
            village=None,
            code=spec.code,
            defaults={
                "name": spec.label,
                "directed": spec.directed,
                "is_dependency": spec.dependency,
                "default_form": spec.form,
                "phrase": spec.phrase,
                "order": order,
            },
        )


def available(model, village) -> QuerySet:
    """The built-in terms of ``model`` plus those ``village`` added."""
    return model.objects.filter(Q(village__isnull=True) | Q(village=village))


def provider_category(Category, form: str):
    """The built-in category of the typical provider of a dependency ``form`` (a supplier for
    goods on credit or raw material, a trader for product orders…; :data:`vocab.PROVIDER_CATEGORY`),
    or None."""
    code = vocab.PROVIDER_CATEGORY.get(form or "")
    return Category.objects.filter(village=None, code=code).first() if code else None
