from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_vocabulary(sender, **kwargs) -> None:
    from jejaring.actors.models import Category, Field, TieType
    from jejaring.actors.vocabulary import sync_builtin

    sync_builtin(Category, Field, TieType)


class ActorsConfig(AppConfig):
    name = "jejaring.actors"
    label = "actors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sync_vocabulary, sender=self)
