from django.apps import AppConfig


class VillagesConfig(AppConfig):
    name = "jejaring.villages"
    label = "villages"
    default_auto_field = "django.db.models.BigAutoField"
