from django.urls import path

from jejaring.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<uuid:work>/", views.job, name="job"),
    path("<uuid:work>/retry/", views.retry, name="retry"),
    path("<uuid:work>/download/", views.download, name="download"),
]
