from django.urls import path

from jejaring.actors import views

app_name = "actors"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.actor_create, name="new"),
    path("bulk/", views.bulk, name="bulk"),
    path("search/", views.search, name="search"),
    path("<uuid:actor>/", views.actor_detail, name="actor"),
    path("<uuid:actor>/panel/", views.actor_panel, name="panel"),
    path("<uuid:actor>/edit/", views.actor_edit, name="edit"),
    path("<uuid:actor>/delete/", views.actor_delete, name="delete"),
    path("<uuid:actor>/assess/", views.assessment_add, name="assess"),
    path("ties/", views.ties, name="ties"),
    path("ties/new/", views.tie_create, name="tie_new"),
    path("ties/<uuid:tie>/", views.tie_detail, name="tie"),
    path("ties/<uuid:tie>/edit/", views.tie_edit, name="tie_edit"),
    path("ties/<uuid:tie>/end/", views.tie_end, name="tie_end"),
    path("ties/<uuid:tie>/delete/", views.tie_delete, name="tie_delete"),
    path("ties/<uuid:tie>/evidence/", views.evidence_add, name="evidence_new"),
    path("discussions/", views.discussions, name="discussions"),
    path("discussions/new/", views.discussion_create, name="discussion_new"),
    path("discussions/<uuid:discussion>/", views.discussion_detail, name="discussion"),
    path("discussions/<uuid:discussion>/edit/", views.discussion_edit, name="discussion_edit"),
    path("discussions/<uuid:discussion>/facts/", views.fact_add, name="fact_new"),
    path(
        "discussions/<uuid:discussion>/participants/",
        views.participant_add,
        name="participant_new",
    ),
    path(
        "discussions/<uuid:discussion>/participants/<uuid:actor>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("facts/<uuid:fact>/delete/", views.fact_delete, name="fact_delete"),
    path("grid/", views.grid, name="grid"),
    path("venn/", views.venn, name="venn"),
]
