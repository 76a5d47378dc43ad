"""Pages under ``/v/<village>/circles/`` — for members who can write only (safety)."""

from django.urls import path

from jejaring.awareness import views

app_name = "awareness"
urlpatterns = [
    path("", views.index, name="index"),
    path("adopt/", views.adopt, name="adopt"),
    path("new/", views.circle_new, name="circle_new"),
    path("print/", views.print_list, name="print"),
    path("print/pdf/", views.print_pdf, name="print_pdf"),
    path("topics/", views.topics, name="topics"),
    path("<uuid:circle>/", views.circle, name="circle"),
    path("<uuid:circle>/members/add/", views.member_add, name="member_add"),
    path("members/<uuid:circle_member>/remove/", views.member_remove, name="member_remove"),
    path("<uuid:circle>/sessions/new/", views.session_new, name="session_new"),
    path("<uuid:circle>/progress/new/", views.progress_new, name="progress_new"),
    path("sessions/<uuid:session>/", views.session_edit, name="session"),
]
