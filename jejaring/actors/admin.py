from django.contrib import admin

from jejaring.actors.models import (
    Actor,
    Assessment,
    Category,
    Discussion,
    Evidence,
    Fact,
    Field,
    Tie,
    TieType,
)


@admin.register(Category, Field)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_id", "village", "order"]
    list_filter = ["village"]
    search_fields = ["code", "name", "name_id"]


@admin.register(TieType)
class TieTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "directed", "is_dependency", "default_form", "village"]
    list_filter = ["is_dependency", "directed", "village"]


class AssessmentInline(admin.TabularInline):
    model = Assessment
    extra = 0
    raw_id_fields = ["rater"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "village", "category", "hamlet", "welfare", "kind"]
    list_filter = ["village", "category", "welfare", "kind", "gender"]
    search_fields = ["name", "code", "position"]
    raw_id_fields = ["village", "hamlet"]
    filter_horizontal = ["fields"]
    inlines = [AssessmentInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["actor", "date", "rater", "rater_name", "influence", "interest", "stance"]
    list_filter = ["date"]
    raw_id_fields = ["actor", "rater"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    raw_id_fields = ["informant", "discussion", "recorded_by"]


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    list_display = [
        "source",
        "type",
        "target",
        "form",
        "frequency",
        "attachment",
        "is_current",
        "village",
    ]
    list_filter = ["village", "type", "is_current", "form"]
    raw_id_fields = ["source", "target", "village"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["tie", "informant", "informant_name", "discussion", "reported_on", "confidence"]
    raw_id_fields = ["tie", "informant", "discussion", "recorded_by"]


class FactInline(admin.TabularInline):
    model = Fact
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "kind", "place", "village"]
    list_filter = ["village", "kind"]
    raw_id_fields = ["participants", "recorded_by"]
    inlines = [FactInline]


@admin.register(Fact)
class FactAdmin(admin.ModelAdmin):
    list_display = ["statement", "discussion", "actor"]
    raw_id_fields = ["discussion", "actor"]
