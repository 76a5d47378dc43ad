from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "jejaring.analysis"
    label = "analysis"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jejaring.analysis import signals

        signals.connect()
