from django.urls import path

from jejaring.change import views

app_name = "change"
urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.update_settings, name="settings"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/<uuid:commitment>/", views.commitment, name="commitment"),
]
