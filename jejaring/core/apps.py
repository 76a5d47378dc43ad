from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jejaring.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Names and labels lose invisible, direction-changing and escape characters on save.
        from jejaring.core import text

        text.install()
