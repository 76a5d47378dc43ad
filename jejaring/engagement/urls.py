"""Pages under ``/v/<village>/engagement/``."""

from django.urls import path

from jejaring.engagement import views

app_name = "engagement"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("checklist/", views.checklist, name="checklist"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/plan/", views.plan_contact, name="plan_contact"),
    path("contacts/log/", views.log_contact, name="log_contact"),
    path("contacts/routes/", views.routes, name="routes"),
    path("contacts/<uuid:contact>/", views.contact, name="contact"),
    path("contacts/<uuid:contact>/cancel/", views.contact_cancel, name="contact_cancel"),
    path("contacts/<uuid:contact>/step/", views.contact_step, name="contact_step"),
    path("stakeholders/<uuid:actor>/", views.actor, name="actor"),
    path("stakeholders/<uuid:actor>/status/", views.actor_status, name="actor_status"),
    path("stakeholders/<uuid:actor>/way/", views.actor_way, name="actor_way"),
    path("stakeholders/<uuid:actor>/stage/", views.actor_stage, name="actor_stage"),
    path("forums/", views.forums, name="forums"),
    path("forums/new/", views.forum_new, name="forum_new"),
    path("forums/<uuid:forum>/", views.forum, name="forum"),
    path("forums/<uuid:forum>/edit/", views.forum_edit, name="forum_edit"),
    path("forums/<uuid:forum>/coverage/", views.forum_coverage, name="forum_coverage"),
    path("forums/<uuid:forum>/members/add/", views.member_add, name="member_add"),
    path("forums/<uuid:forum>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("members/<uuid:member>/", views.member, name="member"),
    path("members/<uuid:member>/remove/", views.member_remove, name="member_remove"),
    path("meetings/<uuid:meeting>/", views.meeting, name="meeting"),
    path("meetings/<uuid:meeting>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        "meetings/<uuid:meeting>/attendance/", views.meeting_attendance, name="meeting_attendance"
    ),
    path("meetings/<uuid:meeting>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<uuid:meeting>/decisions/", views.decision_add, name="decision_add"),
    path("meetings/<uuid:meeting>/actions/", views.action_add, name="action_add"),
    path("agenda/<uuid:item>/", views.agenda_item, name="agenda_item"),
    path("agenda/<uuid:item>/delete/", views.agenda_delete, name="agenda_delete"),
    path("decisions/<uuid:decision>/delete/", views.decision_delete, name="decision_delete"),
    path("actions/", views.actions, name="actions"),
    path("actions/<uuid:action>/", views.action, name="action"),
]
