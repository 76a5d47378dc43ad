from django.contrib import admin

from jejaring.villages.models import Area, Hamlet, Membership, Village


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


class HamletInline(admin.TabularInline):
    model = Hamlet
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "area", "is_demo", "data_version"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["area"]
    inlines = [HamletInline, MembershipInline]


@admin.register(Hamlet)
class HamletAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "code"]
    list_filter = ["village"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "village", "role"]
    list_filter = ["role", "village"]
    raw_id_fields = ["user"]
