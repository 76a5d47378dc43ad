"""The supervisor's view at ``/supervisor/``: outside any one village, it lists only the
villages the user is a member of."""

from django.urls import path

from jejaring.reports import views

app_name = "supervisor"
urlpatterns = [
    path("", views.supervisor, name="overview"),
    path("report.pdf", views.supervisor_pdf, name="pdf"),
    # The PDF drawn by a worker (district server): the user's own job only.
    path("work/<uuid:work>/", views.supervisor_job, name="job"),
    path("work/<uuid:work>/download/", views.supervisor_download, name="download"),
    path("work/<uuid:work>/retry/", views.supervisor_retry, name="retry"),
]
