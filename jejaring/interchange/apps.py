from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "jejaring.interchange"
    label = "interchange"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The background check and import register themselves as jobs when imported.
        from jejaring.interchange import jobs  # noqa: F401
