from django.urls import path

from jejaring.sync import views

app_name = "sync"
urlpatterns = [
    path("", views.status, name="status"),
    path("start/", views.start, name="start"),
    path("progress/", views.progress, name="progress"),
    path("conflict/<int:conflict>/", views.conflict, name="conflict"),
    path("bundle/", views.bundle_download, name="bundle"),
    path("bundle/upload/", views.bundle_upload, name="bundle_upload"),
]
