from django.apps import AppConfig


class ChangeConfig(AppConfig):
    name = "jejaring.change"
    label = "change"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jejaring.change import signals

        signals.connect()
