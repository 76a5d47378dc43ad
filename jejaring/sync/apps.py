from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "jejaring.sync"
    label = "sync"
    verbose_name = _("Synchronisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jejaring.sync import log

        log.connect_all()
