from django.apps import AppConfig


class AwarenessConfig(AppConfig):
    name = "jejaring.awareness"
    label = "awareness"
    default_auto_field = "django.db.models.BigAutoField"
