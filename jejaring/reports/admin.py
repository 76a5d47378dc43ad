from django.contrib import admin

from jejaring.reports.models import LeverList


@admin.register(LeverList)
class LeverListAdmin(admin.ModelAdmin):
    list_display = ["village", "updated_at", "updated_by"]
    raw_id_fields = ["village", "updated_by"]
