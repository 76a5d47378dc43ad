from django.urls import path

from jejaring.villages import views

app_name = "villages"
urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings_page, name="settings"),
]
