from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jejaring.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The roll-up's and the PDF's background jobs register themselves when its module is imported.
        from jejaring.reports import background, rollup  # noqa: F401
