from django.urls import path

from jejaring.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.recent, name="recent"),
    path("actor/<uuid:actor>/", views.record, {"model": "actors.actor"}, name="actor"),
    path("tie/<uuid:tie>/", views.record, {"model": "actors.tie"}, name="tie"),
    path("forum/<uuid:forum>/", views.record, {"model": "engagement.forum"}, name="forum"),
]
