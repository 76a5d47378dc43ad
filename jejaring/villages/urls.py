from django.urls import path

from jejaring.villages import views

app_name = "villages"
urlpatterns = [
    path("", views.home, name="home"),
]
