from django.urls import path

from jejaring.analysis import views

app_name = "analysis"
urlpatterns = [
    path("map/", views.village_map, name="map"),
    path("map/data/", views.map_data, name="map_data"),
    path("map/relayout/", views.map_relayout, name="map_relayout"),
    path("interest/", views.interest, name="interest"),
    path("snapshots/", views.snapshots, name="snapshots"),
    path("snapshots/<uuid:snapshot>/", views.snapshot, name="snapshot"),
]
