from django.urls import path

from jejaring.core import views
from jejaring.villages import views as village_views

app_name = "core"
urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
    path("villages/new/", village_views.village_new, name="village_new"),
    path("areas/search", village_views.area_search, name="area_search"),
]
