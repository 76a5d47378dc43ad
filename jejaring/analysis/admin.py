from django.contrib import admin

from jejaring.analysis.models import AnalysisCache, MapLayout, Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "taken_at"]
    exclude = ["data"]


@admin.register(MapLayout)
class MapLayoutAdmin(admin.ModelAdmin):
    list_display = ["village", "data_version", "algorithm", "updated_at"]
    exclude = ["positions"]


@admin.register(AnalysisCache)
class AnalysisCacheAdmin(admin.ModelAdmin):
    list_display = ["village", "key", "data_version", "updated_at"]
    exclude = ["result"]
