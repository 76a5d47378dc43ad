from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jejaring.core.access import village_view
from jejaring.villages.models import Village
from jejaring.villages.queries import home_summary


@village_view()
def home(request: HttpRequest, village: Village) -> HttpResponse:
    """The village at a glance: counts and recent discussions."""
    return render(request, "villages/home.html", home_summary(village))
