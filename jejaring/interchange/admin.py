from django.contrib import admin

from jejaring.interchange.models import ActorAlias, ImportJob, NameReview


@admin.register(NameReview)
class NameReviewAdmin(admin.ModelAdmin):
    list_display = ("actor", "candidate", "score", "reason", "state", "village")
    list_filter = ("state", "reason")


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ("actor", "code", "name")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("village", "kind", "state", "problem_count", "created_at")
    list_filter = ("state", "kind")
