"""The supervisor's view at ``/supervisor/``: outside any one village, it lists only the
villages the user is a member of."""

from django.urls import path

from jejaring.reports import views

app_name = "supervisor"
urlpatterns = [
    path("", views.supervisor, name="overview"),
    path("report.pdf", views.supervisor_pdf, name="pdf"),
]
