from django.urls import path

from jejaring.core import views

app_name = "core"
urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
]
