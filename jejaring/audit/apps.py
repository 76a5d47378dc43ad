from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "jejaring.audit"
    label = "audit"
    verbose_name = _("History of changes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jejaring.audit import tracked

        tracked.register_all()
