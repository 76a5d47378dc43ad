from django.contrib import admin

from jejaring.engagement.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Contact,
    Decision,
    Engagement,
    Forum,
    ForumMember,
    Meeting,
    StatusChange,
)


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["actor", "status", "stage", "steered_on"]
    list_filter = ["status", "stage"]
    raw_id_fields = ["actor", "owner"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["actor", "date", "from_status", "to_status"]
    raw_id_fields = ["actor", "contact", "changed_by"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["actor", "state", "planned_date", "held_date", "channel", "via"]
    list_filter = ["state", "channel", "village"]
    raw_id_fields = ["actor", "via", "created_by"]


class ForumMemberInline(admin.TabularInline):
    model = ForumMember
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "established", "active"]
    inlines = [ForumMemberInline]


@admin.register(ForumMember)
class ForumMemberAdmin(admin.ModelAdmin):
    list_display = ["actor", "forum", "field", "role"]
    raw_id_fields = ["actor"]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["lead"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["forum", "date", "title", "state"]
    inlines = [AgendaInline, AttendanceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "lead", "field", "order"]
    raw_id_fields = ["lead"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "actor", "present"]
    raw_id_fields = ["actor"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["text", "owner", "due", "status", "forum"]
    list_filter = ["status"]
    raw_id_fields = ["owner"]
